/**
 * Matching instances placed on real French communes (the project's gazetteer, built from
 * ../shared/data/communes-france-coordinates.csv): people and visitors live in communes drawn
 * at random, a few hundred metres around the commune's centre. Seeded, so every run of the
 * benchmark solves the same instances.
 */
import { mulberry32 } from '../src/domain/common/random.js';
import type { CommuneRow } from '../src/domain/geo/gazetteer.js';
import type {
  MatchPerson,
  Mobility,
  VisitorUnit,
  WeeklyWindow,
} from '../src/domain/matching/model.js';

const INTERESTS = [
  'jardin',
  'cartes',
  'cuisine',
  'musique',
  'lecture',
  'promenade',
  'tricot',
  'histoire',
  'football',
  'photos',
];

export interface InstanceSize {
  name: string;
  people: number;
  units: number;
  /** Département codes the communes are drawn from; empty: all of France. */
  departments: string[];
}

export const SIZES: InstanceSize[] = [
  { name: 'Oise (1 000 × 100)', people: 1_000, units: 100, departments: ['60'] },
  {
    name: 'Région (10 000 × 1 000)',
    people: 10_000,
    units: 1_000,
    departments: ['02', '59', '60', '62', '80'],
  },
  { name: 'France (100 000 × 10 000)', people: 100_000, units: 10_000, departments: [] },
];

export function generateInstance(communes: readonly CommuneRow[], size: InstanceSize, seed = 42) {
  const rnd = mulberry32(seed);
  const pool = communes.filter(
    (c) =>
      c.lat !== null &&
      c.lon !== null &&
      (size.departments.length === 0 || size.departments.includes(c.departmentCode)),
  );
  if (pool.length === 0) throw new Error(`no commune for ${size.name}`);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const place = () => {
    const c = pick(pool);
    // Within about 1.5 km of the commune's centre.
    return { lat: c.lat! + (rnd() - 0.5) * 0.027, lon: c.lon! + (rnd() - 0.5) * 0.04 };
  };
  const windows = (count: number, minHours: number): WeeklyWindow[] =>
    Array.from({ length: count }, () => {
      const start = 9 + Math.floor(rnd() * 7);
      return {
        day: Math.floor(rnd() * 6) as WeeklyWindow['day'],
        start: start * 60,
        end: (start + minHours + Math.floor(rnd() * 3)) * 60,
      };
    });
  const interests = () => INTERESTS.filter(() => rnd() < 0.2);

  const people: MatchPerson[] = Array.from({ length: size.people }, (_, i) => ({
    id: `p${String(i).padStart(6, '0')}`,
    location: place(),
    visitsPerWeek: rnd() < 0.9 ? 1 : 2,
    visitMinutes: rnd() < 0.7 ? 60 : 90,
    availability: windows(2 + Math.floor(rnd() * 4), 2),
    interests: interests(),
    languages: rnd() < 0.97 ? ['fr'] : ['pt'],
    requiredLanguage: null,
    visitorGenderPreference: rnd() < 0.05 ? 'female' : null,
    preferredLanguages: [],
  }));
  // Languages spoken by the pt-only people's possible visitors: a few units speak Portuguese.
  for (const person of people) if (person.languages[0] === 'pt') person.requiredLanguage = 'pt';

  const units: VisitorUnit[] = Array.from({ length: size.units }, (_, i) => {
    const isPair = rnd() < 0.85;
    const home = place();
    const member = (suffix: string) => ({
      visitorId: `v${i}${suffix}`,
      // Pair members live near each other (same employer area).
      home: { lat: home.lat + (rnd() - 0.5) * 0.05, lon: home.lon + (rnd() - 0.5) * 0.07 },
      gender: rnd() < 0.6 ? ('female' as const) : ('male' as const),
      languages: rnd() < 0.1 ? ['fr', 'pt'] : ['fr'],
      interests: interests(),
    });
    const mobility: Mobility = rnd() < 0.8 ? 'car' : rnd() < 0.5 ? 'public_transport' : 'bike';
    return {
      id: `u${String(i).padStart(5, '0')}`,
      kind: isPair ? 'pair' : 'volunteer',
      members: isPair ? [member('a'), member('b')] : [member('')],
      availability: windows(6 + Math.floor(rnd() * 6), 3),
      capacity: isPair ? 10 + Math.floor(rnd() * 5) : 2 + Math.floor(rnd() * 3),
      currentLoad: Math.floor(rnd() * 3),
      mobility,
      maxTripMinutes: mobility === 'car' ? 25 + Math.floor(rnd() * 4) * 5 : 40,
    };
  });
  return { people, units };
}
