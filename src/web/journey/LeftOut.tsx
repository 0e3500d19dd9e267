/** Who matching or planning leaves out because they are not ready (journey, suspension, documents), and why. */
import { t, tPlural } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Section } from '../ui/Page.js';

export function MatchingLeftOut({
  leftOut,
}: {
  leftOut: readonly { unitLabel: string; reasons: readonly string[] }[];
}) {
  if (leftOut.length === 0) return null;
  return (
    <Section id="ecartes" title={t('matching.leftOutTitle')}>
      <p className="hint">{t('matching.leftOutHint')}</p>
      <ul className="plain-list left-out-list">
        {leftOut.map((unit) => (
          <li key={unit.unitLabel}>
            <strong>{unit.unitLabel}</strong> : {unit.reasons.join(' ; ')}
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function PlanningLeftOut({
  leftOut,
}: {
  leftOut: readonly {
    visitorId: string;
    name: string;
    dates: readonly string[];
    reasons: readonly string[];
  }[];
}) {
  if (leftOut.length === 0) return null;
  return (
    <Section id="visiteurs-ecartes" title={t('planning.leftOutTitle')}>
      <ul className="plain-list left-out-list">
        {leftOut.map((v) => (
          <li key={v.visitorId}>
            <strong>{v.name}</strong> (
            {tPlural('planning.leftOutDays', v.dates.length, { count: v.dates.length })}
            {v.dates.length < 7 ? ` : ${v.dates.map((d) => formatDate(d)).join(', ')}` : ''}) —{' '}
            {v.reasons.join(' ; ')}
          </li>
        ))}
      </ul>
    </Section>
  );
}
