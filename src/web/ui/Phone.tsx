/**
 * Phone numbers as people dial them: "03 44 91 07 60" (foreign ones in international form), each
 * a `tel:` link, one per line when there are several.
 */
import { formatPhoneNumber, phoneHref } from '../../domain/common/phone-format.js';

export function Phone({ number }: { number: string }) {
  return (
    <a href={phoneHref(number)} className="phone-link">
      {formatPhoneNumber(number)}
    </a>
  );
}

/** Several numbers, one per line, each with its label ("fixe", "portable de la fille"). */
export function PhoneList({
  phones,
  empty,
}: {
  phones: readonly { number: string; label?: string | null }[];
  empty?: string;
}) {
  if (!phones.length) return empty ? <>{empty}</> : null;
  return (
    <ul className="phone-list">
      {phones.map((phone) => (
        <li key={phone.number}>
          <Phone number={phone.number} />
          {phone.label ? <span className="muted"> ({phone.label})</span> : null}
        </li>
      ))}
    </ul>
  );
}
