/** Explanations a coordinator can read, in French. */
import type { PairFacts } from './cost.js';
import type { HardConstraint, Mobility } from './model.js';

const MODE: Readonly<Record<Mobility, string>> = {
  car: 'en voiture',
  public_transport: 'en transports en commun',
  bike: 'à vélo',
  foot: 'à pied',
};

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** "12 min en voiture, 3 créneaux communs, intérêts : jardin, cartes". */
export function explainPair(facts: PairFacts, mobility: Mobility): string {
  const parts = [
    `${Math.max(1, Math.round(facts.travelMinutes))} min ${MODE[mobility]}`,
    plural(facts.commonDays.length, 'créneau commun', 'créneaux communs'),
    facts.sharedInterests.length
      ? `intérêts : ${facts.sharedInterests.join(', ')}`
      : 'aucun intérêt commun',
  ];
  if (facts.unmetPreferredLanguages.length)
    parts.push(`langue souhaitée non parlée : ${facts.unmetPreferredLanguages.join(', ')}`);
  return parts.join(', ');
}

// "Unit" is the engine's word; coordinators say "binôme ou bénévole".
const REFUSAL: Readonly<Record<HardConstraint, [string, string]>> = {
  trip: ['binôme ou bénévole trop loin', 'binômes ou bénévoles trop loin'],
  availability: [
    'binôme ou bénévole sans assez de créneaux communs',
    'binômes ou bénévoles sans assez de créneaux communs',
  ],
  language: [
    'binôme ou bénévole ne parlant pas la langue de la personne',
    'binômes ou bénévoles ne parlant pas la langue de la personne',
  ],
  gender: [
    'binôme ou bénévole ne correspondant pas au genre de visiteur souhaité',
    'binômes ou bénévoles ne correspondant pas au genre de visiteur souhaité',
  ],
  capacity: [
    'binôme ou bénévole possible mais déjà complet',
    'binômes ou bénévoles possibles mais déjà complets',
  ],
};

/** Why nobody was proposed: "Aucun binôme ni bénévole proposé : 40 binômes ou bénévoles trop loin, …" */
export function explainUnmatched(
  refusals: Partial<Record<HardConstraint, number>>,
  unitCount: number,
): string {
  if (unitCount === 0) return 'Aucun binôme ni bénévole n’est disponible.';
  const order: HardConstraint[] = ['capacity', 'trip', 'availability', 'language', 'gender'];
  const reasons = order
    .filter((c) => (refusals[c] ?? 0) > 0)
    .map((c) => {
      const n = refusals[c]!;
      const [one, many] = REFUSAL[c];
      return `${n} ${n > 1 ? many : one}`;
    });
  return `Aucun binôme ni bénévole proposé : ${reasons.join(', ')}.`;
}
