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

const REFUSAL: Readonly<Record<HardConstraint, [string, string]>> = {
  trip: ['unité trop loin', 'unités trop loin'],
  availability: ['unité sans assez de créneaux communs', 'unités sans assez de créneaux communs'],
  language: [
    'unité ne parlant pas la langue de la personne',
    'unités ne parlant pas la langue de la personne',
  ],
  gender: [
    'unité ne correspondant pas au genre de visiteur souhaité',
    'unités ne correspondant pas au genre de visiteur souhaité',
  ],
  capacity: ['unité possible mais déjà complète', 'unités possibles mais déjà complètes'],
};

/** Why nobody was proposed: "Aucune unité possible : 40 unités trop loin, 2 unités sans assez de créneaux communs." */
export function explainUnmatched(
  refusals: Partial<Record<HardConstraint, number>>,
  unitCount: number,
): string {
  if (unitCount === 0) return 'Aucune unité de visite n’est disponible.';
  const order: HardConstraint[] = ['capacity', 'trip', 'availability', 'language', 'gender'];
  const reasons = order
    .filter((c) => (refusals[c] ?? 0) > 0)
    .map((c) => {
      const n = refusals[c]!;
      const [one, many] = REFUSAL[c];
      return `${n} ${n > 1 ? many : one}`;
    });
  return `Aucune unité proposée : ${reasons.join(', ')}.`;
}
