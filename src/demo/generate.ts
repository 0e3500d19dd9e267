/**
 * The demo data set: an Oise-like département service (5 local services, about 100 visitors in
 * pairs or alone, about 1,000 people accompanied in every lifecycle state) and a small CCAS in the
 * Somme, so that the separation between organisations can be seen.
 *
 * PURE and deterministic: the same input gives the same rows, ids included. No clock (`today` is
 * an input), no Math.random (a seeded PRNG), no I/O (the communes are given by the caller).
 * Eligibility decisions and LSNS-6 scores are computed with the admission modules, never written
 * by hand; status histories follow the lifecycle graph.
 */
import type {
  assignments,
  consents,
  evaluations,
  localServices,
  organisations,
  pairs,
  people,
  personContacts,
  referrals,
  statusChanges,
  territories,
  users,
  visitorAbsences,
  visitorAvailability,
  visitors,
} from '../db/schema.js';
import { evaluateEligibility, type EligibilityRuleInput } from '../domain/admission/eligibility.js';
import type { EndReason, PauseReason, PersonStatus } from '../domain/admission/lifecycle.js';
import { scoreLsns6, type Lsns6Answers } from '../domain/admission/lsns6.js';
import { DEMO_ACCOUNTS, OISE_LOCAL_SERVICES } from './accounts.js';
import { addFollowUp, emptyFollowUp, type FollowUpData } from './follow-up.js';
import { mulberry32 } from '../domain/common/random.js';
import { straightLineEstimator } from '../domain/matching/travel.js';
import type { Mobility } from '../domain/matching/model.js';

// ---------------------------------------------------------------- input and output

/** A commune centre, as the gazetteer gives it. */
export interface DemoCommune {
  postalCode: string;
  departmentCode: string;
  name: string;
  lat: number;
  lon: number;
}

export interface DemoInput {
  /** YYYY-MM-DD: every date of the data set is placed around it. */
  today: string;
  /** Communes of the Oise (département 60). */
  oiseCommunes: readonly DemoCommune[];
  /** Communes of the Somme (département 80), for the second organisation. */
  sommeCommunes: readonly DemoCommune[];
  /** PRNG seed; the default gives the documented demo. */
  seed?: number;
}

type WithId<T> = T & { id: string };
type OrganisationRow = WithId<typeof organisations.$inferInsert>;
type LocalServiceRow = WithId<typeof localServices.$inferInsert>;
type TerritoryRow = WithId<typeof territories.$inferInsert>;
type UserRow = WithId<typeof users.$inferInsert>;
type VisitorRow = WithId<typeof visitors.$inferInsert>;
type AvailabilityRow = WithId<typeof visitorAvailability.$inferInsert>;
type AbsenceRow = WithId<typeof visitorAbsences.$inferInsert>;
type PairRow = WithId<typeof pairs.$inferInsert>;
type PersonRow = WithId<typeof people.$inferInsert>;
type ContactRow = WithId<typeof personContacts.$inferInsert>;
/** No id: the bigserial orders the history, so rows are inserted in this order. */
type StatusChangeRow = typeof statusChanges.$inferInsert;
type EvaluationRow = WithId<typeof evaluations.$inferInsert>;
type ConsentRow = WithId<typeof consents.$inferInsert>;
type AssignmentRow = WithId<typeof assignments.$inferInsert>;
type ReferralRow = WithId<typeof referrals.$inferInsert>;

/** The follow-up of issue 12 (follow-up.ts): match steps, reviews, contact log, journey, training. */
export interface DemoData extends FollowUpData {
  organisations: OrganisationRow[];
  localServices: LocalServiceRow[];
  territories: TerritoryRow[];
  /** passwordHash is null here: the seed sets the hash of DEMO_PASSWORD. */
  users: UserRow[];
  visitors: VisitorRow[];
  visitorAvailability: AvailabilityRow[];
  visitorAbsences: AbsenceRow[];
  pairs: PairRow[];
  people: PersonRow[];
  personContacts: ContactRow[];
  /** Grouped by person, each person's rows in chronological order. */
  statusChanges: StatusChangeRow[];
  evaluations: EvaluationRow[];
  consents: ConsentRow[];
  assignments: AssignmentRow[];
  referrals: ReferralRow[];
}

const DEFAULT_DEMO_SEED = 60_2014;

export const OISE_ORGANISATION_NAME =
  'Département de l’Oise — Service départemental de convivialité';
const AMIENS_ORGANISATION_NAME = 'CCAS d’Amiens';

const OISE_ELIGIBILITY = { minimumAge: 65, isolationThreshold: 12, requireIsolation: true };
const AMIENS_ELIGIBILITY = {
  minimumAge: 60,
  isolationThreshold: 12,
  requireIsolation: false,
};

/** How many Oise people end in each status (1,000 in all). */
export const OISE_STATUS_COUNTS: Readonly<Record<PersonStatus, number>> = {
  referred: 80,
  evaluation_planned: 60,
  evaluated: 40,
  waiting: 150,
  active: 580,
  paused: 50,
  ended: 40,
};

// ---------------------------------------------------------------- PRNG

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (max < min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
  /** k distinct items. */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, Math.min(k, items.length)));
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
  /** A version-4 shaped UUID drawn from the PRNG. */
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 4; i++) {
      hex.push(
        Math.floor(this.next() * 4294967296)
          .toString(16)
          .padStart(8, '0'),
      );
    }
    const h = hex.join('');
    const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------- dates (day numbers, UTC)

const DAY_MS = 86_400_000;
function dayOf(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(iso))
    throw new RangeError(`Invalid date: ${iso}`);
  return Math.round(ms / DAY_MS);
}
function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
/** ISO weekday, 1 = Monday. Day 0 (1970-01-01) was a Thursday. */
function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
/** The same day or the next working day. */
function workingDay(day: number): number {
  let d = day;
  while (weekdayOf(d) > 5) d++;
  return d;
}
/** The same calendar day n years later (29 February rolls to 1 March). */
function addYears(day: number, n: number): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear() + n, d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
}
function timestampOf(day: number, minutes: number): Date {
  return new Date(day * DAY_MS + minutes * 60_000);
}
function frenchDate(day: number): string {
  const [y, m, d] = isoOf(day).split('-');
  return `${d}/${m}/${y}`;
}

// ---------------------------------------------------------------- geography

/**
 * A visitor who follows someone beyond their reach on foot, by bike or by bus drives there. The
 * units are drawn by distance from their midpoint, so without this a walker was sent 10 km away
 * (three hours each way) and the week's travel read about 112 minutes per visit (issue 11).
 */
function drivesWhenFar(out: DemoData): void {
  const visitorById = new Map(out.visitors.map((v) => [v.id, v]));
  const pairById = new Map(out.pairs.map((p) => [p.id, p]));
  const personById = new Map(out.people.map((p) => [p.id, p]));
  // Each visitor's longest trip to the people they follow now, by car and by their own means.
  const trips = new Map<string, { own: number; car: number }>();
  for (const a of out.assignments) {
    if (a.endedOn) continue;
    const person = personById.get(a.personId);
    if (!person || person.latitude == null || person.longitude == null) continue;
    const pair = a.pairId ? pairById.get(a.pairId) : undefined;
    const ids = pair ? [pair.visitorAId, pair.visitorBId] : a.visitorId ? [a.visitorId] : [];
    for (const id of ids) {
      const v = visitorById.get(id);
      if (!v || v.latitude == null || v.longitude == null) continue;
      const from = { lat: v.latitude, lon: v.longitude };
      const to = { lat: person.latitude, lon: person.longitude };
      const trip = trips.get(id) ?? { own: 0, car: 0 };
      trip.own = Math.max(
        trip.own,
        straightLineEstimator.minutes(from, to, v.mobility as Mobility),
      );
      trip.car = Math.max(trip.car, straightLineEstimator.minutes(from, to, 'car'));
      trips.set(id, trip);
    }
  }
  for (const [id, trip] of trips) {
    const v = visitorById.get(id)!;
    if (v.mobility === 'car' || trip.own <= (v.maxTripMinutes ?? 0)) continue;
    v.mobility = 'car';
    v.maxTripMinutes = Math.max(30, Math.min(60, Math.ceil(trip.car / 5) * 5));
  }
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const x = (b.lon - a.lon) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180) * 111.32;
  const y = (b.lat - a.lat) * 110.57;
  return Math.sqrt(x * x + y * y);
}

function cleanCommunes(list: readonly DemoCommune[]): DemoCommune[] {
  const seen = new Set<string>();
  const out: DemoCommune[] = [];
  for (const c of list) {
    if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon)) continue;
    const key = `${c.postalCode}|${c.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.sort((a, b) =>
    a.postalCode === b.postalCode
      ? a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0
      : a.postalCode < b.postalCode
        ? -1
        : 1,
  );
}

/** Rough relative weights of the larger Oise towns (more older people live there). */
const OISE_TOWN_WEIGHTS: Readonly<Record<string, number>> = {
  Beauvais: 40,
  Compiègne: 30,
  Creil: 22,
  'Nogent-sur-Oise': 14,
  Senlis: 11,
  'Crépy-en-Valois': 11,
  Noyon: 11,
  Méru: 10,
  Clermont: 9,
  Montataire: 9,
  'Pont-Sainte-Maxence': 8,
  Chantilly: 7,
  'Margny-lès-Compiègne': 6,
  Liancourt: 5,
  Chambly: 5,
  Gouvieux: 5,
  'Villers-Saint-Paul': 4,
  'Lacroix-Saint-Ouen': 4,
  'Saint-Maximin': 3,
  Thourotte: 3,
  Lamorlaye: 3,
  Breteuil: 3,
  Grandvilliers: 3,
  'Saint-Just-en-Chaussée': 3,
  Mouy: 3,
  'Chaumont-en-Vexin': 3,
  'Estrées-Saint-Denis': 2,
  'Ribécourt-Dreslincourt': 2,
  'Crèvecœur-le-Grand': 2,
  Verberie: 2,
  Noailles: 2,
  Auneuil: 2,
  Guiscard: 2,
  Lassigny: 2,
  'Précy-sur-Oise': 2,
};

// ---------------------------------------------------------------- French words

// prettier-ignore
const OLD_WOMEN = [
  'Jeanne', 'Marie', 'Germaine', 'Simone', 'Yvette', 'Monique', 'Denise', 'Suzanne', 'Paulette',
  'Odette', 'Lucienne', 'Madeleine', 'Marcelle', 'Colette', 'Jacqueline', 'Ginette', 'Raymonde',
  'Andrée', 'Huguette', 'Micheline', 'Josette', 'Renée', 'Georgette', 'Gisèle', 'Yvonne',
  'Christiane', 'Solange', 'Thérèse', 'Lucette', 'Nicole', 'Danielle', 'Françoise', 'Geneviève',
  'Arlette', 'Bernadette', 'Janine', 'Claudine', 'Annick', 'Éliane', 'Mauricette', 'Maria',
  'Fernande',
];
// prettier-ignore
const OLD_MEN = [
  'Jean', 'André', 'Pierre', 'Marcel', 'Roger', 'René', 'Louis', 'Robert', 'Raymond', 'Georges',
  'Henri', 'Maurice', 'Lucien', 'Michel', 'Bernard', 'Claude', 'Jacques', 'Gérard', 'Roland',
  'Norbert', 'Paul', 'Daniel', 'Guy', 'Alain', 'Gilbert', 'Albert', 'Fernand', 'Joseph', 'Émile',
  'Serge', 'Jacky', 'Yves', 'Francis', 'Hubert', 'Christian', 'Manuel', 'Antoine', 'Gaston',
  'Léon', 'Marius',
];
// prettier-ignore
const YOUNG_WOMEN = [
  'Inès', 'Léa', 'Manon', 'Camille', 'Chloé', 'Sarah', 'Lina', 'Océane', 'Mélissa', 'Laura',
  'Emma', 'Jade', 'Clara', 'Anaïs', 'Yasmine', 'Lou', 'Maëlys', 'Justine', 'Amandine', 'Nadia',
  'Aïcha', 'Morgane', 'Élodie', 'Kenza', 'Julie',
];
// prettier-ignore
const YOUNG_MEN = [
  'Yanis', 'Lucas', 'Théo', 'Hugo', 'Mehdi', 'Kévin', 'Maxime', 'Nathan', 'Enzo', 'Dylan',
  'Sofiane', 'Thomas', 'Bilal', 'Quentin', 'Jordan', 'Romain', 'Adrien', 'Karim', 'Mathis',
  'Anthony', 'Florian', 'Mamadou', 'Rayan', 'Alexis', 'Baptiste',
];
// prettier-ignore
const ADULT_WOMEN = [
  'Catherine', 'Sylvie', 'Isabelle', 'Brigitte', 'Martine', 'Christine', 'Nathalie', 'Véronique',
  'Dominique', 'Chantal', 'Évelyne', 'Patricia', 'Annie', 'Corinne', 'Pascale',
];
// prettier-ignore
const ADULT_MEN = [
  'Philippe', 'Patrick', 'Jean-Pierre', 'Dominique', 'Thierry', 'Pascal', 'Didier', 'Éric',
  'Jean-Claude', 'Hervé', 'Bruno', 'Denis', 'Gilles', 'Joël', 'Francis',
];
// prettier-ignore
const LAST_NAMES = [
  'Lefebvre', 'Dubois', 'Leroy', 'Caron', 'Lemaire', 'Dupont', 'Martin', 'Bernard', 'Petit',
  'Durand', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Leroux', 'Fournier', 'Girard', 'Bonnet',
  'Dumont', 'Lambert', 'Rousseau', 'Vincent', 'Lecomte', 'Mercier', 'Guérin', 'Garnier',
  'Chevalier', 'François', 'Legrand', 'Gauthier', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas',
  'Henry', 'Mathieu', 'Masson', 'Marchand', 'Duval', 'Denis', 'Lemoine', 'Noël', 'Dufour',
  'Meunier', 'Brun', 'Blanchard', 'Joly', 'Lucas', 'Brunet', 'Barbier', 'Arnaud', 'Renard', 'Roy',
  'Leclerc', 'Vasseur', 'Delattre', 'Lemaître', 'Lecocq', 'Bertin', 'Pruvost', 'Delahaye',
  'Lenoir', 'Poulain', 'Boucher', 'Hennebert', 'Flament', 'Dufresne', 'Lefort', 'Cauchois',
  'Dollé', 'Lhomme', 'Vérité', 'Boulanger', 'Maillard', 'Da Silva', 'Ferreira', 'Kowalski',
  'Nowak', 'Rossi', 'Pereira', 'Wojcik',
];
// prettier-ignore
const YOUNG_LAST_NAMES = [
  ...LAST_NAMES.slice(0, 60), 'Benali', 'Haddad', 'Traoré', 'Diallo', 'Nguyen', 'Mansouri',
  'Belkacem', 'Camara', 'Yilmaz', 'Bensaïd', 'Koné', 'Dos Santos', 'Moulin', 'Hamidi', 'Sylla',
];

// prettier-ignore
const STREETS = [
  'rue de la République', 'rue Jean-Jaurès', 'rue Victor-Hugo', 'place de l’Église',
  'rue des Écoles', 'rue du Moulin', 'chemin des Vignes', 'rue de la Gare', 'rue Pasteur',
  'rue du Général-de-Gaulle', 'rue des Tilleuls', 'allée des Roses', 'rue de Paris',
  'rue Saint-Nicolas', 'rue du Château', 'impasse des Lilas', 'rue de Beauvais', 'rue Gambetta',
  'rue des Jardins', 'route de Compiègne', 'rue du Marais', 'rue Principale', 'rue de la Mairie',
  'résidence Les Charmilles', 'rue Louis-Pasteur', 'rue des Prés', 'avenue Foch',
  'rue du Calvaire', 'rue de Clermont', 'rue des Acacias',
];
// prettier-ignore
const UNLOCATED_STREETS = [
  'Lieu-dit La Vallée aux Loups', 'Ferme du Bois Brûlé', 'Hameau de la Croix Blanche',
  'Les Trois Maisons', 'Chemin rural n° 12', 'Résidence du Parc, bât. C',
];

// prettier-ignore
const INTERESTS = [
  'jardinage', 'cartes', 'lecture', 'cuisine', 'musique', 'promenade', 'histoire locale', 'tricot',
  'mots croisés', 'football', 'photos de famille', 'jeux de société', 'pêche', 'chant',
  'bricolage',
];
// prettier-ignore
const VISITOR_EXTRA_INTERESTS = ['sport', 'informatique', 'photographie', 'dessin'];

// prettier-ignore
const PRACTICAL_NOTES = [
  'Malentendant(e) : parler fort et en face.', 'Escaliers raides, 3e étage sans ascenseur.',
  'Chien affectueux mais bruyant : il est enfermé pendant les visites.',
  'Sonnette en panne : appeler avant d’arriver.', 'Entrée par la porte de derrière, côté jardin.',
  'Se déplace avec un déambulateur.', 'Malvoyant(e) : se présenter en entrant.',
  'Deux chats à la maison.', 'Fume à l’intérieur : prévoir d’aérer.',
  'Passage de l’infirmière vers 10 h : éviter ce créneau.',
  'Ne pas sonner avant 14 h 30 (sieste).', 'Parking facile devant la maison.',
];
const REFERRAL_SOURCES = [
  ['Mairie', 20],
  ['CCAS', 14],
  ['Voisin', 10],
  ['Registre canicule', 8],
  ['Ligne téléphonique', 12],
  ['Médecin traitant', 9],
  ['Service d’aide à domicile', 10],
  ['Famille', 8],
  ['Assistante sociale du Département', 6],
  ['Téléassistance', 3],
] as const satisfies readonly (readonly [string, number])[];

// prettier-ignore
const INSURERS = [
  'MAIF', 'MACIF', 'MAAF', 'Groupama', 'AXA', 'Matmut', 'GMF', 'Crédit Agricole Assurances',
];

/** Two social workers per local service, for the evaluator names. */
const EVALUATOR_NAMES: Readonly<Record<string, readonly string[]>> = {
  Beauvais: ['Karim Benali', 'Hélène Dufresne'],
  Compiègne: ['Sandrine Marchal', 'Olivier Tessier'],
  Creil: ['Fatima Ouali', 'Julien Desprez'],
  Clermont: ['Aurélie Lenglet', 'Claire Lefèvre'],
  Noyon: ['Bruno Caudron', 'Claire Lefèvre'],
};

// ---------------------------------------------------------------- small helpers

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}
/** A French mobile number in E.164 (+336… or +337…), within ranges allocated to mobiles. */
function mobilePhone(rng: Rng): string {
  return rng.chance(0.7)
    ? `+336${rng.pick(['0', '1', '2', '4', '5', '6', '7', '8'])}${digits(rng, 7)}`
    : `+337${rng.pick(['5', '6', '7', '8'])}${digits(rng, 7)}`;
}
/** A fixed line of the north-east zone (03 44 is the Oise, 03 22 the Somme), E.164. */
function fixedPhone(rng: Rng, area: '44' | '22'): string {
  return `+333${area}${rng.int(1, 9)}${digits(rng, 5)}`;
}

function largestRemainder(total: number, weights: readonly number[], minimum = 0): number[] {
  const base = weights.map(() => minimum);
  const rest = total - minimum * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * rest);
  const floor = exact.map((x) => Math.floor(x));
  let left = rest - floor.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floor[i] = (floor[i] ?? 0) + 1;
    left--;
  }
  return base.map((b, i) => b + (floor[i] ?? 0));
}

// ---------------------------------------------------------------- internal models

interface ServiceModel {
  id: string;
  name: string;
  centre: DemoCommune;
  communes: DemoCommune[];
}

/** Places left free in each demo pair for the matching demonstration. */
const DEMO_FREE_PLACES = 2;

interface UnitModel {
  /** The pair id, or the volunteer's visitor id. */
  id: string;
  kind: 'pair' | 'volunteer';
  serviceIndex: number;
  lat: number;
  lon: number;
  /** From when people can be assigned. */
  since: number;
  capacity: number;
  load: number;
  /** Pair formed after the dissolution of this pair (continuity): its id and dissolution day. */
  predecessor?: { id: string; formedOn: number; dissolvedOn: number };
}

interface StatusStep {
  to: PersonStatus;
  day: number;
  reason?: PauseReason | EndReason;
  comment?: string;
  until?: number;
}

// ---------------------------------------------------------------- the generator

export function generateDemoData(input: DemoInput): DemoData {
  const T = dayOf(input.today);
  const rng = new Rng(input.seed ?? DEFAULT_DEMO_SEED);
  const ids = new Rng(((input.seed ?? DEFAULT_DEMO_SEED) ^ 0x5eed1d5) >>> 0);
  const out: DemoData = {
    organisations: [],
    localServices: [],
    territories: [],
    users: [],
    visitors: [],
    visitorAvailability: [],
    visitorAbsences: [],
    pairs: [],
    people: [],
    personContacts: [],
    statusChanges: [],
    evaluations: [],
    consents: [],
    assignments: [],
    referrals: [],
    ...emptyFollowUp(),
  };

  const oise = cleanCommunes(input.oiseCommunes).filter(
    (c) => c.departmentCode === '60' && c.postalCode.startsWith('60'),
  );
  const somme = cleanCommunes(input.sommeCommunes).filter(
    (c) => c.departmentCode === '80' && c.postalCode.startsWith('80'),
  );
  if (oise.length === 0 || somme.length === 0)
    throw new Error('Demo data needs the Oise and Somme communes.');

  // ------------------------------------------------------------ organisations, services, users

  const oiseOrg: OrganisationRow = {
    id: ids.uuid(),
    name: OISE_ORGANISATION_NAME,
    kind: 'departement',
    settings: { eligibility: OISE_ELIGIBILITY },
    createdAt: timestampOf(T - 760, 9 * 60),
    updatedAt: timestampOf(T - 760, 9 * 60),
  };
  const amiensOrg: OrganisationRow = {
    id: ids.uuid(),
    name: AMIENS_ORGANISATION_NAME,
    kind: 'ccas',
    settings: { eligibility: AMIENS_ELIGIBILITY },
    createdAt: timestampOf(T - 400, 9 * 60),
    updatedAt: timestampOf(T - 400, 9 * 60),
  };
  out.organisations.push(oiseOrg, amiensOrg);

  const services: ServiceModel[] = OISE_LOCAL_SERVICES.map((name) => {
    const centre = oise.find((c) => c.name === name);
    if (!centre) throw new Error(`Commune not found in the Oise gazetteer: ${name}`);
    return { id: ids.uuid(), name, centre, communes: [] };
  });
  const serviceOfCommune = new Map<DemoCommune, number>();
  for (const c of oise) {
    let best = 0;
    let bestKm = Infinity;
    services.forEach((s, i) => {
      const km = distanceKm(c, s.centre);
      if (km < bestKm) {
        bestKm = km;
        best = i;
      }
    });
    serviceOfCommune.set(c, best);
    (services[best] as ServiceModel).communes.push(c);
  }
  for (const s of services) {
    out.localServices.push({
      id: s.id,
      organisationId: oiseOrg.id,
      name: s.name,
      createdAt: timestampOf(T - 740, 9 * 60),
    });
  }
  for (const c of oise) {
    const s = services[serviceOfCommune.get(c) ?? 0] as ServiceModel;
    out.territories.push({
      id: ids.uuid(),
      organisationId: oiseOrg.id,
      localServiceId: s.id,
      postalCode: c.postalCode,
      communeName: c.name,
      inseeCode: null,
    });
  }
  const amiensCentre = somme.find((c) => c.name === 'Amiens') ?? (somme[0] as DemoCommune);
  const amiensCommunes = somme.filter((c) => distanceKm(c, amiensCentre) <= 12);
  for (const c of amiensCommunes) {
    out.territories.push({
      id: ids.uuid(),
      organisationId: amiensOrg.id,
      localServiceId: null,
      postalCode: c.postalCode,
      communeName: c.name,
      inseeCode: null,
    });
  }

  const serviceIndexByName = new Map(services.map((s, i) => [s.name as string, i]));
  const userIdByKey = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const id = ids.uuid();
    userIdByKey.set(account.key, id);
    const serviceIndex = account.localService
      ? serviceIndexByName.get(account.localService)
      : undefined;
    out.users.push({
      id,
      organisationId: account.organisation === 'oise' ? oiseOrg.id : amiensOrg.id,
      localServiceId:
        serviceIndex === undefined ? null : (services[serviceIndex] as ServiceModel).id,
      email: account.email,
      displayName: account.displayName,
      passwordHash: null,
      roles: [...account.roles],
      visitorId: null,
      isDemo: true,
      createdAt: timestampOf(T - 750, 9 * 60),
      updatedAt: timestampOf(T - 750, 9 * 60),
    });
  }
  const userId = (key: string): string => {
    const id = userIdByKey.get(key);
    if (!id) throw new Error(`demo account ${key}`);
    return id;
  };
  const coordinatorFor = (serviceIndex: number): string =>
    services[serviceIndex]?.name === 'Beauvais'
      ? userId('coordinator-beauvais')
      : userId('coordinator');

  // ------------------------------------------------------------ helpers bound to this run

  const communeWeight = (c: DemoCommune): number => 1 + (OISE_TOWN_WEIGHTS[c.name] ?? 0);
  const jitter = (c: DemoCommune) => ({
    latitude: Math.round((c.lat + (rng.float() - 0.5) * 0.02) * 1e6) / 1e6,
    longitude: Math.round((c.lon + (rng.float() - 0.5) * 0.03) * 1e6) / 1e6,
  });
  const street = () => `${rng.int(1, 120)} ${rng.pick(STREETS)}`;
  const pickCommuneNear = (
    list: readonly DemoCommune[],
    centre: DemoCommune,
    maxKm: number,
  ): DemoCommune => {
    const near = list.filter((c) => distanceKm(c, centre) <= maxKm);
    const pool = near.length > 0 ? near : list;
    return rng.weighted(pool.map((c) => [c, communeWeight(c)] as const));
  };
  const usedEmails = new Set<string>(DEMO_ACCOUNTS.map((a) => a.email));
  const emailFor = (first: string, last: string): string => {
    const base = `${slug(first)}.${slug(last)}`;
    let email = `${base}@example.org`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@example.org`;
    usedEmails.add(email);
    return email;
  };

  // ------------------------------------------------------------ people: where, and in which status

  interface PersonModel {
    row: PersonRow;
    serviceIndex: number;
    commune: DemoCommune;
    status: PersonStatus;
    /** For ended people: the status they ended from. */
    endedFrom?: PersonStatus;
    eligible: boolean;
    unit?: UnitModel;
    lat: number;
    lon: number;
  }

  const statuses: PersonStatus[] = [];
  for (const [status, n] of Object.entries(OISE_STATUS_COUNTS) as [PersonStatus, number][]) {
    for (let i = 0; i < n; i++) statuses.push(status);
  }
  const shuffledStatuses = rng.shuffle(statuses);
  const weightedCommunes = oise.map((c) => [c, communeWeight(c)] as const);
  const endedFromPlan: PersonStatus[] = [
    ...Array<PersonStatus>(6).fill('referred'),
    ...Array<PersonStatus>(2).fill('evaluation_planned'),
    ...Array<PersonStatus>(6).fill('evaluated'),
    ...Array<PersonStatus>(4).fill('waiting'),
    ...Array<PersonStatus>(18).fill('active'),
    ...Array<PersonStatus>(4).fill('paused'),
  ];
  let endedCursor = 0;
  let notEligibleEvaluated = 0;

  const oisePeople: PersonModel[] = [];
  for (const status of shuffledStatuses) {
    const commune = rng.weighted(weightedCommunes);
    const serviceIndex = serviceOfCommune.get(commune) ?? 0;
    const endedFrom =
      status === 'ended'
        ? (endedFromPlan[endedCursor++ % endedFromPlan.length] as PersonStatus)
        : undefined;
    const eligible =
      status === 'evaluated'
        ? notEligibleEvaluated++ >= 12
        : !(status === 'ended' && endedFrom === 'evaluated');
    const row = personRow(
      oiseOrg.id,
      (services[serviceIndex] as ServiceModel).id,
      commune,
      status,
      '44',
    );
    oisePeople.push({
      row,
      serviceIndex,
      commune,
      status,
      ...(endedFrom ? { endedFrom } : {}),
      eligible,
      lat: row.latitude ?? commune.lat,
      lon: row.longitude ?? commune.lon,
    });
  }

  function personRow(
    organisationId: string,
    localServiceId: string | null,
    commune: DemoCommune,
    status: PersonStatus,
    area: '44' | '22',
  ): PersonRow {
    const female = rng.chance(0.72);
    const firstName = rng.pick(female ? OLD_WOMEN : OLD_MEN);
    const lastName = rng.pick(LAST_NAMES);
    const evaluatedOnward = !['referred', 'evaluation_planned'].includes(status);
    // At least 67 today for anyone evaluated, so they were 65 at an evaluation up to 2 years ago.
    const minAge = evaluatedOnward || status === 'ended' ? 67 : 65;
    const age = Math.max(
      minAge,
      Math.min(98, Math.round(83 + (rng.float() + rng.float() + rng.float() - 1.5) * 12)),
    );
    const birthDay = T - Math.floor(age * 365.25) - rng.int(1, 360);
    const unlocated = !evaluatedOnward && rng.chance(0.07);
    const place = unlocated ? null : jitter(commune);
    const phones: { number: string; label: string | null }[] = [];
    if (rng.chance(0.85)) phones.push({ number: fixedPhone(rng, area), label: 'Domicile' });
    if (rng.chance(0.4)) phones.push({ number: mobilePhone(rng), label: 'Portable' });
    const apa = rng.chance(0.35);
    const gir = apa
      ? rng.weighted([
          [2, 1],
          [3, 3],
          [4, 6],
        ] as const)
      : rng.chance(0.15)
        ? rng.pick([5, 6])
        : null;
    const nInterests = rng.int(1, 4);
    const languages = ['français'];
    const extra = rng.weighted([
      [null, 80],
      ['portugais', 8],
      ['polonais', 4],
      ['italien', 4],
      ['arabe', 4],
    ] as const);
    if (extra) languages.push(extra);
    const days = rng.chance(0.6)
      ? [...new Set([rng.int(1, 5), rng.int(1, 5), rng.int(1, 5)])].sort()
      : [];
    const periods = rng.weighted([
      [[], 40],
      [['morning'], 20],
      [['afternoon'], 35],
      [['morning', 'afternoon'], 5],
    ] as const);
    const preferenceNotes = rng.weighted([
      [null, 80],
      ['Préfère être appelé(e) la veille de la visite.', 6],
      ['Aime sortir marcher quand il fait beau.', 6],
      ['Parle volontiers de son ancien métier.', 4],
      ['Préfère une visite courte (1 h 30).', 4],
    ] as const);
    const created = timestampOf(T - 1, 10 * 60);
    return {
      id: ids.uuid(),
      organisationId,
      localServiceId,
      lastName,
      birthName: female && rng.chance(0.45) ? rng.pick(LAST_NAMES) : null,
      firstName,
      birthDate: isoOf(birthDay),
      gender: female ? 'female' : 'male',
      street: unlocated ? rng.pick(UNLOCATED_STREETS) : street(),
      addressComplement: rng.chance(0.08)
        ? rng.pick(['Appartement 12', 'Bâtiment B', '2e étage', 'Au fond de la cour'])
        : null,
      postalCode: commune.postalCode,
      communeName: commune.name,
      inseeCode: null,
      latitude: place ? place.latitude : null,
      longitude: place ? place.longitude : null,
      locationStatus: unlocated ? 'to_locate' : 'located',
      locationPrecision: unlocated ? null : 'street',
      locationNote: unlocated
        ? 'Adresse non trouvée dans la base d’adresses : à préciser avec la personne.'
        : null,
      email: rng.chance(0.05) ? emailFor(firstName, lastName) : null,
      phones,
      livesAlone: rng.chance(0.82),
      apa,
      gir,
      teleAssistance: rng.chance(0.4),
      interests: rng.sample(INTERESTS, nInterests),
      languages,
      preferences: {
        days,
        periods: [...periods],
        visitorGender: rng.chance(0.1) ? 'female' : null,
        notes: preferenceNotes,
      },
      practicalNotes: rng.chance(0.3) ? rng.pick(PRACTICAL_NOTES) : null,
      referralSource: rng.weighted(REFERRAL_SOURCES),
      createdAt: created,
      updatedAt: created,
    };
  }

  // ------------------------------------------------------------ visitors, pairs and units

  const loadByService = services.map(
    (_, i) =>
      oisePeople.filter(
        (p) => p.serviceIndex === i && (p.status === 'active' || p.status === 'paused'),
      ).length,
  );
  const volunteersByService = largestRemainder(20, loadByService, 2);
  const civicServices = loadByService
    .map((load, i) => [load, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, 2)
    .map(([, i]) => i);
  const CIVIC_CAPACITY = 10;
  const volunteerCapacities = volunteersByService.map((n) =>
    Array.from({ length: n }, () => rng.int(2, 5)),
  );
  const pairDemand = loadByService.map((load, i) =>
    Math.max(
      1,
      load -
        (volunteerCapacities[i] ?? []).reduce((a, b) => a + b, 0) -
        (civicServices.includes(i) ? CIVIC_CAPACITY : 0),
    ),
  );
  const pairsByService = largestRemainder(38, pairDemand);
  // At least three pairs per service, taken from the services that have the most.
  for (let i = 0; i < pairsByService.length; i++) {
    while ((pairsByService[i] ?? 0) < 3) {
      const donor = pairsByService.indexOf(Math.max(...pairsByService));
      pairsByService[donor] = (pairsByService[donor] ?? 0) - 1;
      pairsByService[i] = (pairsByService[i] ?? 0) + 1;
    }
  }

  const units: UnitModel[] = [];
  const visitorNames = new Set<string>();
  const employedVisitorRows: { row: VisitorRow; trainingUntil: number }[] = [];

  function newVisitor(
    kind: 'employed_young' | 'volunteer' | 'civic_service',
    serviceIndex: number,
    start: number,
    fixedName?: { firstName: string; lastName: string; email: string },
  ): VisitorRow {
    const service = services[serviceIndex] as ServiceModel;
    const female = fixedName ? false : rng.chance(kind === 'volunteer' ? 0.7 : 0.6);
    const drawName = () => ({
      firstName:
        kind === 'volunteer'
          ? rng.pick(female ? ADULT_WOMEN : ADULT_MEN)
          : rng.pick(female ? YOUNG_WOMEN : YOUNG_MEN),
      lastName: rng.pick(kind === 'volunteer' ? LAST_NAMES : YOUNG_LAST_NAMES),
    });
    let drawn = drawName();
    while (visitorNames.has(`${drawn.firstName} ${drawn.lastName}`)) drawn = drawName();
    const { firstName, lastName } = fixedName ?? drawn;
    visitorNames.add(`${firstName} ${lastName}`);
    const commune = pickCommuneNear(
      service.communes,
      service.centre,
      kind === 'volunteer' ? 25 : 15,
    );
    const place = jitter(commune);
    const mobility =
      kind === 'volunteer'
        ? rng.weighted([
            ['car', 70],
            ['foot', 20],
            ['bike', 10],
          ] as const)
        : rng.weighted([
            ['car', 60],
            ['public_transport', 25],
            ['bike', 10],
            ['foot', 5],
          ] as const);
    const maxTripMinutes =
      mobility === 'car'
        ? rng.pick(kind === 'volunteer' ? [20, 25, 30] : [30, 35, 40])
        : mobility === 'public_transport'
          ? 45
          : mobility === 'bike'
            ? 25
            : 20;
    const interests = rng.sample([...INTERESTS, ...VISITOR_EXTRA_INTERESTS], rng.int(2, 4));
    const languages = ['français'];
    if (rng.chance(0.3))
      languages.push(rng.pick(['anglais', 'arabe', 'portugais', 'turc', 'espagnol']));
    const created = timestampOf(Math.max(start, T - 740), 9 * 60);
    const row: VisitorRow = {
      id: ids.uuid(),
      organisationId: oiseOrg.id,
      localServiceId: service.id,
      kind,
      lastName,
      firstName,
      gender: female ? 'female' : 'male',
      email: fixedName?.email ?? emailFor(firstName, lastName),
      phone: mobilePhone(rng),
      commitmentStart: isoOf(start),
      commitmentEnd:
        kind === 'employed_young'
          ? isoOf(addYears(start, 3) - 1)
          : kind === 'civic_service'
            ? isoOf(start + 240)
            : null,
      charterSignedOn: kind === 'volunteer' ? isoOf(start + rng.int(0, 10)) : null,
      insuranceProvider: kind === 'volunteer' ? rng.pick(INSURERS) : null,
      insuranceValidUntil: null,
      street: street(),
      postalCode: commune.postalCode,
      communeName: commune.name,
      inseeCode: null,
      latitude: place.latitude,
      longitude: place.longitude,
      locationStatus: 'located',
      locationPrecision: 'street',
      locationNote: null,
      mobility,
      maxTripMinutes,
      interests,
      languages,
      endedOn: null,
      createdAt: created,
      updatedAt: created,
    };
    out.visitors.push(row);
    // Weekly availability.
    if (kind === 'volunteer') {
      const slots = new Set<string>();
      const n = rng.int(2, 4);
      while (slots.size < n) slots.add(`${rng.int(1, 5)}|${rng.chance(0.4) ? 'am' : 'pm'}`);
      for (const slot of [...slots].sort()) {
        const [weekday, half] = slot.split('|');
        out.visitorAvailability.push({
          id: ids.uuid(),
          visitorId: row.id,
          weekday: Number(weekday),
          startTime: half === 'am' ? '09:30' : '14:00',
          endTime: half === 'am' ? '12:00' : '17:30',
        });
      }
    } else {
      const lastDay = kind === 'civic_service' ? 4 : 5;
      for (let weekday = 1; weekday <= lastDay; weekday++) {
        out.visitorAvailability.push({
          id: ids.uuid(),
          visitorId: row.id,
          weekday,
          startTime: '09:00',
          endTime: '12:30',
        });
        out.visitorAvailability.push({
          id: ids.uuid(),
          visitorId: row.id,
          weekday,
          startTime: '13:30',
          endTime: kind === 'civic_service' ? '16:30' : '17:30',
        });
      }
    }
    return row;
  }

  function addPair(
    serviceIndex: number,
    a: VisitorRow,
    b: VisitorRow,
    formedOn: number,
    capacity: number,
    predecessor?: UnitModel['predecessor'],
  ): UnitModel {
    const row: PairRow = {
      id: ids.uuid(),
      organisationId: oiseOrg.id,
      localServiceId: (services[serviceIndex] as ServiceModel).id,
      visitorAId: a.id,
      visitorBId: b.id,
      formedOn: isoOf(formedOn),
      dissolvedOn: null,
      dissolutionReason: null,
      // Two more places than the history filled: the new season's room for the waiting list,
      // so the demo shows matching proposals.
      capacity: capacity + DEMO_FREE_PLACES,
      createdAt: timestampOf(formedOn, 9 * 60),
    };
    out.pairs.push(row);
    const unit: UnitModel = {
      id: row.id,
      kind: 'pair',
      serviceIndex,
      lat: ((a.latitude ?? 0) + (b.latitude ?? 0)) / 2,
      lon: ((a.longitude ?? 0) + (b.longitude ?? 0)) / 2,
      since: formedOn,
      capacity,
      load: 0,
      ...(predecessor ? { predecessor } : {}),
    };
    units.push(unit);
    return unit;
  }

  const visitorAccount = DEMO_ACCOUNTS.find((a) => a.isVisitor);
  let demoVisitorId: string | null = null;
  let demoPairUnit: UnitModel | null = null;
  const departureReasons = [
    'Démission : a trouvé un emploi d’aide-soignant(e)',
    'Départ : déménagement hors du département',
    'Fin de contrat anticipée : entrée en formation qualifiante',
    'Démission pour raisons personnelles',
    'Départ : reprise d’études',
    'Fin de contrat anticipée : embauche en CDI dans un EHPAD',
  ];
  let departures = 0;

  services.forEach((_, si) => {
    const nPairs = pairsByService[si] ?? 3;
    const volunteerCap = (volunteerCapacities[si] ?? []).reduce((a, b) => a + b, 0);
    const civicCap = civicServices.includes(si) ? CIVIC_CAPACITY : 0;
    const pairCapacity = Math.ceil(((loadByService[si] ?? 0) - volunteerCap - civicCap) / nPairs);
    for (let k = 0; k < nPairs; k++) {
      const isDemoPair = si === 0 && k === 0 && visitorAccount !== undefined;
      // Pairs 1-3 of every 5 are the first hires (the service opened two years ago); the others
      // came later and are still in their 18-month training.
      const initial = k % 5 >= 1 && k % 5 <= 3;
      const withHistory =
        !initial &&
        !isDemoPair &&
        departures < departureReasons.length &&
        (k % 5 === 4 || k % 5 === 0);
      let startA: number;
      let startB: number;
      let formedOn: number;
      if (isDemoPair) {
        startA = T - rng.int(330, 420);
        startB = startA + rng.int(0, 10);
        formedOn = startB + 7;
      } else if (initial) {
        startA = T - rng.int(600, 730);
        startB = startA + rng.int(0, 20);
        formedOn = startB + rng.int(3, 14);
      } else if (withHistory) {
        // The current pair replaced a pair whose other member left.
        formedOn = T - rng.int(130, 480);
        startA = Math.max(T - 730, formedOn - rng.int(150, 300));
        startB = formedOn - 14;
      } else {
        startA = T - rng.int(60, 540);
        startB = startA + rng.int(0, 10);
        formedOn = startB + rng.int(3, 10);
      }
      formedOn = Math.min(formedOn, T - 7);
      const a = newVisitor(
        'employed_young',
        si,
        startA,
        isDemoPair && visitorAccount
          ? {
              firstName: visitorAccount.firstName,
              lastName: visitorAccount.lastName,
              email: visitorAccount.email,
            }
          : undefined,
      );
      if (isDemoPair) demoVisitorId = a.id;
      const b = newVisitor('employed_young', si, startB);
      employedVisitorRows.push(
        { row: a, trainingUntil: startA + 548 },
        { row: b, trainingUntil: startB + 548 },
      );
      let predecessor: UnitModel['predecessor'];
      if (withHistory) {
        const reason = departureReasons[departures++] as string;
        const gone = newVisitor('employed_young', si, startA);
        gone.endedOn = isoOf(formedOn - 1);
        const dissolved: PairRow = {
          id: ids.uuid(),
          organisationId: oiseOrg.id,
          localServiceId: (services[si] as ServiceModel).id,
          visitorAId: gone.id,
          visitorBId: a.id,
          formedOn: isoOf(startA + 7),
          dissolvedOn: isoOf(formedOn),
          dissolutionReason: `${reason} (${gone.firstName} ${gone.lastName}).`,
          createdAt: timestampOf(startA + 7, 9 * 60),
        };
        out.pairs.push(dissolved);
        predecessor = { id: dissolved.id, formedOn: startA + 7, dissolvedOn: formedOn };
      }
      const unit = addPair(si, a, b, formedOn, pairCapacity, predecessor);
      if (isDemoPair) demoPairUnit = unit;
    }
    if (civicServices.includes(si)) {
      // Young people in service civique (8 months), in one pair in each of the two busiest services.
      const start = T - rng.int(60, 200);
      const a = newVisitor('civic_service', si, start);
      const b = newVisitor('civic_service', si, start + rng.int(0, 7));
      addPair(si, a, b, start + 14, CIVIC_CAPACITY);
    }
    for (const capacity of volunteerCapacities[si] ?? []) {
      const start = T - rng.int(90, 1500);
      const v = newVisitor('volunteer', si, start);
      const r = rng.float();
      const until =
        r < 0.1 ? T - rng.int(1, 40) : r < 0.2 ? T + rng.int(1, 30) : T + rng.int(31, 360);
      v.insuranceValidUntil = isoOf(until);
      v.capacity = capacity + 1;
      units.push({
        id: v.id,
        kind: 'volunteer',
        serviceIndex: si,
        lat: v.latitude ?? (services[si] as ServiceModel).centre.lat,
        lon: v.longitude ?? (services[si] as ServiceModel).centre.lon,
        since: start + 7,
        capacity,
        load: 0,
      });
    }
  });

  // Absences: training days (every other week, the two members of a pair never on the same day),
  // some leave, a few sick days, and the volunteers' yearly seminar.
  const pairMembers = out.pairs.filter((p) => !p.dissolvedOn);
  for (const pair of pairMembers) {
    const members = [pair.visitorAId, pair.visitorBId];
    const baseWeekday = rng.int(1, 5);
    members.forEach((visitorId, m) => {
      const info = employedVisitorRows.find((e) => e.row.id === visitorId);
      if (!info) return;
      if (info.trainingUntil > T) {
        // Monday of the week four weeks ago, then every two weeks, alternating between members.
        const monday = T - (weekdayOf(T) - 1) - 28 + (m === 1 ? 7 : 0);
        for (let week = monday; week <= T + 63; week += 14) {
          const day = week + baseWeekday - 1;
          if (day > info.trainingUntil) break;
          out.visitorAbsences.push({
            id: ids.uuid(),
            visitorId,
            kind: 'training',
            startsOn: isoOf(day),
            endsOn: isoOf(day),
            note: 'Formation d’animateur en gérontologie (CFA)',
          });
        }
      }
    });
    if (rng.chance(0.35)) {
      const visitorId = rng.pick(members);
      const start = workingDay(T + rng.int(-10, 45));
      out.visitorAbsences.push({
        id: ids.uuid(),
        visitorId,
        kind: 'leave',
        startsOn: isoOf(start),
        endsOn: isoOf(start + rng.pick([4, 4, 11])),
        note: 'Congés payés',
      });
    } else if (rng.chance(0.08)) {
      const start = T - rng.int(0, 3);
      out.visitorAbsences.push({
        id: ids.uuid(),
        visitorId: rng.pick(members),
        kind: 'sick',
        startsOn: isoOf(start),
        endsOn: isoOf(start + rng.int(2, 7)),
        note: null,
      });
    }
  }
  const seminar = workingDay(T + 24);
  for (const v of out.visitors.filter((x) => x.kind === 'volunteer')) {
    out.visitorAbsences.push({
      id: ids.uuid(),
      visitorId: v.id,
      kind: 'training',
      startsOn: isoOf(seminar),
      endsOn: isoOf(seminar),
      note: 'Séminaire annuel des bénévoles',
    });
    if (rng.chance(0.25)) {
      const start = T + rng.int(-5, 40);
      out.visitorAbsences.push({
        id: ids.uuid(),
        visitorId: v.id,
        kind: 'leave',
        startsOn: isoOf(start),
        endsOn: isoOf(start + rng.int(3, 14)),
        note: 'Vacances chez ses enfants',
      });
    }
  }

  // ------------------------------------------------------------ who visits whom

  // Nearest unit with room left, people taken in random order; the demo pair is served first.
  const needUnit = oisePeople.filter((p) => p.status === 'active' || p.status === 'paused');
  const order = rng.shuffle(needUnit);
  if (demoPairUnit) {
    const demo: UnitModel = demoPairUnit;
    const nearest = order
      .filter((p) => p.serviceIndex === demo.serviceIndex && p.status === 'active')
      .sort((x, y) => distanceKm(x, demo) - distanceKm(y, demo))
      .slice(0, Math.min(11, demo.capacity));
    for (const p of nearest) {
      p.unit = demo;
      demo.load++;
    }
  }
  for (const p of order) {
    if (p.unit) continue;
    const candidates = units.filter(
      (u) => u.serviceIndex === p.serviceIndex && u.load < u.capacity,
    );
    const pool =
      candidates.length > 0 ? candidates : units.filter((u) => u.serviceIndex === p.serviceIndex);
    let best = pool[0] as UnitModel;
    let bestKm = Infinity;
    for (const u of pool) {
      const km = distanceKm(p, u) * (u.kind === 'volunteer' ? 1.5 : 1);
      if (km < bestKm) {
        bestKm = km;
        best = u;
      }
    }
    p.unit = best;
    best.load++;
  }
  // People whose accompaniment ended after visits had a unit too (that did not count toward load).
  for (const p of oisePeople) {
    if (p.status === 'ended' && (p.endedFrom === 'active' || p.endedFrom === 'paused')) {
      const old = units.filter((u) => u.serviceIndex === p.serviceIndex && u.since <= T - 200);
      const pool = old.length > 0 ? old : units.filter((u) => u.serviceIndex === p.serviceIndex);
      p.unit = pool.reduce(
        (best, u) => (distanceKm(p, u) < distanceKm(p, best) ? u : best),
        pool[0] as UnitModel,
      );
    }
  }

  // ------------------------------------------------------------ histories, evaluations, consents

  const rule: EligibilityRuleInput = OISE_ELIGIBILITY;
  const evaluatorNameOf = (serviceIndex: number): { name: string; userId: string | null } => {
    const name = rng.pick(
      EVALUATOR_NAMES[(services[serviceIndex] as ServiceModel).name] ?? ['Claire Lefèvre'],
    );
    const account = DEMO_ACCOUNTS.find(
      (a) => `${a.firstName} ${a.lastName}` === name && a.organisation === 'oise',
    );
    return { name, userId: account ? userId(account.key) : null };
  };

  /** LSNS-6 answers adding up to `total` (0-30). */
  function answersFor(total: number): Lsns6Answers {
    const values = [0, 0, 0, 0, 0, 0];
    let left = Math.max(0, Math.min(30, total));
    // Family ties usually weigh more than friends' at these ages.
    while (left > 0) {
      const i = rng.chance(0.6) ? rng.int(0, 2) : rng.int(3, 5);
      if ((values[i] ?? 0) < 5) {
        values[i] = (values[i] ?? 0) + 1;
        left--;
      }
    }
    return {
      family_seen: values[0] ?? 0,
      family_talk_private: values[1] ?? 0,
      family_help: values[2] ?? 0,
      friends_seen: values[3] ?? 0,
      friends_talk_private: values[4] ?? 0,
      friends_help: values[5] ?? 0,
    };
  }

  function addEvaluation(
    p: PersonModel | AmiensPerson,
    day: number,
    wantEligible: boolean,
    ruleInput: EligibilityRuleInput,
    evaluator: { name: string; userId: string | null },
    baseline?: Lsns6Answers,
  ): { eligible: boolean; answers: Lsns6Answers } {
    let answers: Lsns6Answers =
      baseline ?? answersFor(wantEligible ? rng.int(2, 11) : rng.int(12, 20));
    let result = evaluateEligibility(ruleInput, {
      birthDate: p.row.birthDate ?? null,
      evaluationDate: isoOf(day),
      lsns6Total: scoreLsns6(answers).total,
      livesAlone: p.row.livesAlone ?? null,
    });
    for (
      let tries = 0;
      !baseline && tries < 20 && (result.decision === 'eligible') !== wantEligible;
      tries++
    ) {
      answers = answersFor(wantEligible ? rng.int(2, 11) : rng.int(12, 20));
      result = evaluateEligibility(ruleInput, {
        birthDate: p.row.birthDate ?? null,
        evaluationDate: isoOf(day),
        lsns6Total: scoreLsns6(answers).total,
        livesAlone: p.row.livesAlone ?? null,
      });
    }
    const eligible = result.decision === 'eligible';
    const opinion: 'favorable' | 'defavorable' | null = rng.chance(0.1)
      ? null
      : eligible
        ? 'favorable'
        : 'defavorable';
    const withOpinion = evaluateEligibility(ruleInput, {
      birthDate: p.row.birthDate ?? null,
      evaluationDate: isoOf(day),
      lsns6Total: scoreLsns6(answers).total,
      livesAlone: p.row.livesAlone ?? null,
      evaluatorOpinion: opinion,
    });
    out.evaluations.push({
      id: ids.uuid(),
      personId: p.row.id,
      evaluatedOn: isoOf(day),
      evaluatorUserId: evaluator.userId,
      evaluatorName: evaluator.name,
      lsnsFamilySeen: answers.family_seen,
      lsnsFamilyTalkPrivate: answers.family_talk_private,
      lsnsFamilyHelp: answers.family_help,
      lsnsFriendsSeen: answers.friends_seen,
      lsnsFriendsTalkPrivate: answers.friends_talk_private,
      lsnsFriendsHelp: answers.friends_help,
      livesAlone: p.row.livesAlone ?? null,
      evaluatorOpinion: opinion,
      notes: baseline
        ? 'Réévaluation annuelle.'
        : rng.weighted([
            [null, 60],
            ['Veuve/veuf depuis peu, ne sort presque plus.', 10],
            ['Enfants éloignés (région parisienne), appels rares.', 10],
            ['Demande de la compagnie pour parler et se promener.', 10],
            ['Quelques voisins attentifs, mais aucune visite régulière.', 10],
          ] as const),
      ruleApplied: withOpinion.rule,
      decision: withOpinion.decision,
      decisionReasons: withOpinion.reasons,
      createdAt: timestampOf(day, 16 * 60 + rng.int(0, 90)),
    });
    return { eligible, answers };
  }

  function addConsent(
    personId: string,
    day: number,
    recordedBy: string,
    contactName: string | null,
    withdrawnOn: number | null,
  ) {
    const carer = contactName !== null && rng.chance(0.12);
    out.consents.push({
      id: ids.uuid(),
      personId,
      givenOn: isoOf(day),
      method: rng.weighted([
        ['written', 45],
        ['oral', 40],
        ['phone', 15],
      ] as const),
      givenBy: carer ? 'carer' : 'person',
      givenByName: carer ? contactName : null,
      recordedBy,
      scopeVisits: true,
      scopeDataSharing: rng.chance(0.7),
      scopeHeatwaveRegister: rng.chance(0.5),
      withdrawnOn: withdrawnOn === null ? null : isoOf(withdrawnOn),
      notes: null,
      createdAt: timestampOf(day, 17 * 60),
    });
  }

  function pushHistory(
    personId: string,
    steps: StatusStep[],
    changedBy: (step: StatusStep, index: number) => string | null,
  ) {
    let from: PersonStatus | null = null;
    steps.forEach((step, index) => {
      out.statusChanges.push({
        personId,
        fromStatus: from,
        toStatus: step.to,
        reason: step.reason ?? null,
        comment: step.comment ?? null,
        until: step.until === undefined ? null : isoOf(step.until),
        effectiveDate: isoOf(step.day),
        changedBy: changedBy(step, index),
        at: timestampOf(step.day, 9 * 60 + index * 7 + rng.int(0, 420)),
      });
      from = step.to;
    });
  }

  function addContacts(p: { row: PersonRow }, area: '44' | '22'): string | null {
    if (!rng.chance(0.55)) return null;
    const n = rng.int(1, 2);
    let first: string | null = null;
    for (let i = 0; i < n; i++) {
      const relationship = rng.weighted([
        ['child', 40],
        ['neighbour', 25],
        ['grandchild', 10],
        ['friend', 8],
        ['sibling', 7],
        ['carer', 5],
        ['doctor', 5],
      ] as const);
      const female = rng.chance(0.6);
      const first_ = rng.pick(
        relationship === 'grandchild'
          ? female
            ? YOUNG_WOMEN
            : YOUNG_MEN
          : female
            ? ADULT_WOMEN
            : ADULT_MEN,
      );
      const last =
        relationship === 'child' || relationship === 'grandchild' || relationship === 'sibling'
          ? p.row.lastName
          : rng.pick(LAST_NAMES);
      const name = relationship === 'doctor' ? `Dr ${first_} ${last}` : `${first_} ${last}`;
      out.personContacts.push({
        id: ids.uuid(),
        personId: p.row.id,
        name,
        relationship,
        phone: relationship === 'doctor' ? fixedPhone(rng, area) : mobilePhone(rng),
        email: relationship === 'child' && rng.chance(0.4) ? emailFor(first_, last) : null,
        isEmergencyContact: i === 0 && relationship !== 'doctor',
        notes:
          relationship === 'neighbour'
            ? rng.pick([
                'Habite juste à côté, a un double des clés.',
                'Passe tous les matins.',
                null,
              ])
            : relationship === 'child'
              ? rng.pick([
                  'Habite en région parisienne.',
                  'Vient le week-end.',
                  'Habite à Lille, appelle le dimanche.',
                  null,
                ])
              : null,
        createdAt: p.row.createdAt ?? timestampOf(T, 0),
      });
      if (i === 0) first = name;
    }
    return first;
  }

  const pauseReasons: readonly (readonly [PauseReason, string])[] = [
    ['hospital', 'Hospitalisation (chute)'],
    ['hospital', 'Opération de la hanche, puis rééducation'],
    ['family_stay', 'Séjour chez sa fille'],
    ['holiday', 'Vacances en famille'],
    ['temporary_refusal', 'Souhaite faire une pause, à rappeler'],
  ];

  /** The day an evaluation visit is planned for, seen from the day it was planned. */
  const plannedVisitDay = (plannedOn: number): number => {
    const day = plannedOn + rng.int(3, 21);
    return day >= T ? day : T + rng.int(1, 14);
  };

  for (const p of oisePeople) {
    const si = p.serviceIndex;
    const coordinator = coordinatorFor(si);
    const evaluator = evaluatorNameOf(si);
    const steps: StatusStep[] = [];
    const target: PersonStatus = p.status === 'ended' ? (p.endedFrom as PersonStatus) : p.status;
    let assignmentDays: { unit: UnitModel; from: number; to: number | null }[] = [];
    let withdrawn: number | null = null;

    // The days of each step the person went through (null: not reached).
    let r: number; // referral
    let pl: number | null = null; // evaluation planned
    let e: number | null = null; // evaluated
    let w: number | null = null; // waiting
    let a: number | null = null; // active
    let endDay: number | null = null;
    const endedLater = p.status === 'ended';
    const chainBefore = (evalDay: number): [number, number, number] => {
      const planned = evalDay - rng.int(7, 28);
      return [evalDay, planned, planned - rng.int(1, 12)];
    };

    switch (target) {
      case 'referred':
        r = endedLater ? T - rng.int(40, 700) : T - Math.floor(rng.float() ** 1.5 * 45);
        if (endedLater) endDay = r + rng.int(5, 30);
        break;
      case 'evaluation_planned':
        pl = endedLater ? T - rng.int(40, 600) : T - rng.int(0, 25);
        r = pl - rng.int(1, 15);
        if (endedLater) endDay = pl + rng.int(3, 20);
        break;
      case 'evaluated':
        [e, pl, r] = chainBefore(endedLater ? T - rng.int(20, 600) : T - rng.int(0, 30));
        if (endedLater) endDay = e + rng.int(1, 12);
        break;
      case 'waiting':
        w = endedLater ? T - rng.int(60, 500) : T - Math.floor(rng.float() ** 1.3 * 200) - 1;
        [e, pl, r] = chainBefore(w - rng.int(0, 3));
        if (endedLater) endDay = w + rng.int(20, 55);
        break;
      case 'active':
      case 'paused': {
        const unit = p.unit as UnitModel;
        const latest = endedLater ? T - 60 : target === 'paused' ? T - 30 : T - 7;
        const earliest = Math.min(Math.max(unit.since, T - 640), latest);
        const pred = unit.predecessor;
        let start: number;
        if (
          pred &&
          !endedLater &&
          rng.chance(0.6) &&
          Math.max(pred.formedOn, T - 640) + 37 < pred.dissolvedOn - 30
        ) {
          // Visited by the dissolved pair first, then by the pair that took over.
          start = rng.int(Math.max(pred.formedOn, T - 640) + 7, pred.dissolvedOn - 30);
          assignmentDays = [
            { unit: { ...unit, id: pred.id }, from: start, to: pred.dissolvedOn },
            { unit, from: pred.dissolvedOn, to: null },
          ];
        } else {
          start = rng.int(earliest, latest);
          assignmentDays = [{ unit, from: start, to: null }];
        }
        a = start;
        const waitMax = Math.max(10, Math.min(100, start - (T - 730) - 45));
        w = start - rng.int(7, waitMax);
        [e, pl, r] = chainBefore(w - rng.int(0, 3));
        if (endedLater) endDay = rng.int(Math.min(start + 60, T - 1), T - 1);
        break;
      }
      default:
        throw new Error(`unexpected status ${target}`);
    }

    // Build the steps in order.
    steps.push({
      to: 'referred',
      day: r,
      comment:
        p.row.referralSource === 'Ligne téléphonique'
          ? 'Appel au numéro gratuit.'
          : p.row.referralSource === 'Registre canicule'
            ? 'Repéré(e) lors de l’appel du plan canicule.'
            : undefined,
    });
    if (pl !== null) {
      steps.push({
        to: 'evaluation_planned',
        day: pl,
        comment: `Visite d’évaluation prévue le ${frenchDate(e ?? plannedVisitDay(pl))}.`,
      });
    }
    let eligible = p.eligible;
    if (e !== null) {
      steps.push({ to: 'evaluated', day: e });
      const evaluation = addEvaluation(p, e, p.eligible, rule, evaluator);
      eligible = evaluation.eligible;
      const contactName = addContacts(p, '44');
      addConsent(p.row.id, e, coordinator, contactName, null);
      if (a !== null && !endedLater && T - a > 400 && rng.chance(0.2)) {
        // Follow-up evaluation: the network has usually widened a little.
        const baseline = evaluation.answers;
        const improved = { ...baseline };
        const keys = Object.keys(improved) as (keyof Lsns6Answers)[];
        for (let k = rng.int(1, 4); k > 0; k--) {
          const key = rng.pick(keys);
          improved[key] = Math.min(5, improved[key] + 1);
        }
        const day = Math.min(T - 1, a + rng.int(300, 380));
        addEvaluation(p, day, true, rule, evaluatorNameOf(si), improved);
      }
    } else {
      addContacts(p, '44');
    }
    if (w !== null) {
      if (!eligible) throw new Error('an ineligible person cannot wait for a visitor');
      steps.push({ to: 'waiting', day: w });
    }
    if (a !== null) {
      steps.push({ to: 'active', day: a });
      // Some past pauses, now over.
      const last = endDay ?? T;
      if (last - a > 150 && rng.chance(0.15)) {
        const q = rng.int(a + 30, last - 100);
        const [reason, comment] = rng.pick(pauseReasons);
        const back = q + rng.int(7, 45);
        steps.push({
          to: 'paused',
          day: q,
          reason,
          comment,
          until: Math.max(q, back + rng.int(-3, 5)),
        });
        steps.push({ to: 'active', day: back });
      }
    }
    if (target === 'paused') {
      const lastActive = (steps[steps.length - 1] as StatusStep).day;
      const q = endedLater
        ? rng.int(lastActive + 14, (endDay as number) - 5)
        : rng.int(Math.max(lastActive + 14, T - 90), T - 1);
      const [reason, comment] = rng.pick(pauseReasons);
      const until = endedLater
        ? q + rng.int(20, 60)
        : rng.chance(0.1)
          ? q + rng.int(7, Math.max(7, T - q - 1))
          : T + rng.int(3, 60);
      steps.push({ to: 'paused', day: q, reason, comment, until: Math.max(until, q) });
      if (endedLater && endDay !== null && endDay <= q) endDay = q + 5;
    }
    if (endedLater) {
      const end = Math.min(endDay as number, T);
      const [reason, comment] = endReasonFor(target, eligible);
      steps.push({ to: 'ended', day: end, reason, comment });
      for (const span of assignmentDays) if (span.to === null) span.to = end;
      if (reason === 'declined' && e !== null) withdrawn = end;
    }
    if (withdrawn !== null) {
      const consent = out.consents.find((c) => c.personId === p.row.id);
      if (consent) consent.withdrawnOn = isoOf(withdrawn);
    }
    // Ended people who had visits: their assignment ended with the accompaniment.
    if (endedLater && (target === 'active' || target === 'paused')) {
      const unit = p.unit as UnitModel;
      assignmentDays = [{ unit, from: a ?? T, to: Math.min(endDay as number, T) }];
    }
    for (const span of assignmentDays) {
      out.assignments.push({
        id: ids.uuid(),
        organisationId: oiseOrg.id,
        personId: p.row.id,
        pairId: span.unit.kind === 'pair' ? span.unit.id : null,
        visitorId: span.unit.kind === 'volunteer' ? span.unit.id : null,
        startedOn: isoOf(span.from),
        endedOn: span.to === null ? null : isoOf(span.to),
        createdBy: coordinator,
        createdAt: timestampOf(span.from, 11 * 60),
      });
    }

    p.row.createdAt = timestampOf(r, 9 * 60 + rng.int(0, 480));
    p.row.updatedAt = timestampOf((steps[steps.length - 1] as StatusStep).day, 18 * 60);
    pushHistory(p.row.id, steps, (step, index) =>
      index === 0 && p.row.referralSource === 'Ligne téléphonique'
        ? userId('operator')
        : coordinator,
    );
  }

  function endReasonFor(from: PersonStatus, eligible: boolean): [EndReason, string | undefined] {
    switch (from) {
      case 'referred':
        return rng.chance(0.5)
          ? ['declined', 'Ne souhaite pas de visite d’évaluation.']
          : ['other', 'Injoignable après trois appels et un courrier.'];
      case 'evaluation_planned':
        return ['care_home', 'Entrée en EHPAD avant la visite d’évaluation.'];
      case 'evaluated':
        return eligible
          ? ['declined', 'A finalement refusé les visites.']
          : ['not_eligible', 'Entourage suffisant selon l’évaluation.'];
      case 'waiting':
        return rng.chance(0.5)
          ? ['moved', 'Parti(e) vivre chez sa fille.']
          : ['declined', 'Ne souhaite plus attendre.'];
      default:
        return rng.weighted([
          [['deceased', undefined], 6],
          [['care_home', 'Entrée en EHPAD.'], 5],
          [['moved', 'Déménagement près de ses enfants.'], 3],
          [['declined', 'Ne souhaite plus de visites.'], 2],
          [['no_longer_isolated', 'A repris des activités au club des aînés.'], 2],
        ] as const) as [EndReason, string | undefined];
    }
  }

  // ------------------------------------------------------------ the visitor demo account

  if (demoVisitorId) {
    const user = out.users.find((u) => u.id === userIdByKey.get('visitor'));
    if (user) user.visitorId = demoVisitorId;
  }

  // ------------------------------------------------------------ partner referrals (Clermont)

  const partner = DEMO_ACCOUNTS.find((a) => a.key === 'partner');
  if (partner) {
    const partnerId = userId('partner');
    const partnerName = partner.partnerName ?? 'Partenaire';
    const clermontIndex = serviceIndexByName.get('Clermont') ?? 0;
    const clermont = services[clermontIndex] as ServiceModel;
    const reasons = [
      'Vit seule depuis le décès de son mari, ne sort presque plus de chez elle.',
      'Signalé par une voisine : volets fermés plusieurs jours, pas de famille proche.',
      'Ne vient plus au repas des aînés depuis l’automne.',
      'Sort de l’hôpital, seul, a demandé de la compagnie à l’accueil de la mairie.',
      'Inscrit au registre canicule, très peu de visites.',
      'Sa fille, qui habite loin, s’inquiète de son isolement.',
      'Ne conduit plus depuis un an, ne voit plus personne dans la semaine.',
    ];
    const linkable = (status: PersonStatus) =>
      oisePeople.find(
        (p) =>
          p.serviceIndex === clermontIndex &&
          p.status === status &&
          !p.row.referralSource?.startsWith(partnerName) &&
          p.row.locationStatus === 'located',
      );
    const plan: {
      status: 'submitted' | 'in_review' | 'accepted' | 'declined' | 'closed';
      link?: PersonStatus;
      note?: string;
    }[] = [
      { status: 'submitted' },
      { status: 'submitted' },
      { status: 'submitted' },
      { status: 'submitted' },
      { status: 'in_review', note: 'Appel à la personne prévu cette semaine.' },
      { status: 'in_review', note: 'En attente du retour de la famille.' },
      { status: 'in_review' },
      { status: 'accepted', link: 'referred', note: 'Dossier ouvert.' },
      { status: 'accepted', link: 'evaluation_planned', note: 'Visite d’évaluation prévue.' },
      { status: 'accepted', link: 'evaluated', note: 'Évaluation faite.' },
      { status: 'accepted', link: 'waiting', note: 'Admis(e), en attente d’un binôme.' },
      { status: 'accepted', link: 'active', note: 'Visites en cours.' },
      { status: 'declined', note: 'Déjà accompagné(e) par l’association locale de visiteurs.' },
      { status: 'declined', note: 'Moins de 65 ans : orienté(e) vers le CCAS.' },
      { status: 'closed', note: 'La personne est entrée en EHPAD avant notre appel.' },
    ];
    plan.forEach((item, i) => {
      const linked = item.link ? linkable(item.link) : undefined;
      let row: ReferralRow;
      if (linked) {
        linked.row.referralSource = `${partnerName} (signalement en ligne)`;
        const first = out.statusChanges.find((s) => s.personId === linked.row.id);
        const day = first ? dayOf(first.effectiveDate) : T - 10;
        row = {
          id: ids.uuid(),
          organisationId: oiseOrg.id,
          submittedBy: partnerId,
          partnerName,
          lastName: linked.row.lastName,
          firstName: linked.row.firstName,
          birthDate: linked.row.birthDate ?? null,
          street: linked.row.street ?? null,
          postalCode: linked.row.postalCode ?? null,
          communeName: linked.row.communeName ?? null,
          phone: (linked.row.phones as { number: string }[])[0]?.number ?? null,
          reason: reasons[i % reasons.length] as string,
          urgency: rng.weighted([
            ['normal', 70],
            ['urgent', 15],
            ['low', 15],
          ] as const),
          contactConsent: rng.weighted([
            ['person_agreed', 70],
            ['carer_agreed', 20],
            ['not_asked', 10],
          ] as const),
          status: item.status,
          statusNote: item.note ?? null,
          personId: linked.row.id,
          createdAt: timestampOf(day - 1, 14 * 60 + i * 5),
          updatedAt: timestampOf(day, 10 * 60),
        };
      } else {
        const commune = pickCommuneNear(clermont.communes, clermont.centre, 15);
        const female = rng.chance(0.7);
        const day = item.status === 'submitted' ? T - rng.int(0, 6) : T - rng.int(7, 120);
        const age = rng.int(
          item.note?.startsWith('Moins de 65') ? 61 : 70,
          item.note?.startsWith('Moins de 65') ? 63 : 92,
        );
        row = {
          id: ids.uuid(),
          organisationId: oiseOrg.id,
          submittedBy: partnerId,
          partnerName,
          lastName: rng.pick(LAST_NAMES),
          firstName: rng.pick(female ? OLD_WOMEN : OLD_MEN),
          birthDate: rng.chance(0.8) ? isoOf(T - Math.floor(age * 365.25) - rng.int(1, 360)) : null,
          street: street(),
          postalCode: commune.postalCode,
          communeName: commune.name,
          phone: rng.chance(0.8) ? fixedPhone(rng, '44') : null,
          reason: reasons[i % reasons.length] as string,
          urgency: rng.weighted([
            ['normal', 70],
            ['urgent', 15],
            ['low', 15],
          ] as const),
          contactConsent: rng.weighted([
            ['person_agreed', 60],
            ['carer_agreed', 20],
            ['not_asked', 20],
          ] as const),
          status: item.status,
          statusNote: item.note ?? null,
          personId: null,
          createdAt: timestampOf(day, 14 * 60 + i * 5),
          updatedAt: timestampOf(
            Math.min(T, day + (item.status === 'submitted' ? 0 : rng.int(1, 6))),
            10 * 60,
          ),
        };
      }
      out.referrals.push(row);
    });
  }

  // ------------------------------------------------------------ the CCAS d'Amiens

  interface AmiensPerson {
    row: PersonRow;
  }
  const amiensAdmin = userId('admin-amiens');
  const amiensVolunteers: VisitorRow[] = [];
  for (let i = 0; i < 8; i++) {
    const female = rng.chance(0.7);
    const firstName = rng.pick(female ? ADULT_WOMEN : ADULT_MEN);
    const lastName = rng.pick(LAST_NAMES);
    const commune = rng.pick(amiensCommunes);
    const place = jitter(commune);
    const start = T - rng.int(330, 900);
    const v: VisitorRow = {
      id: ids.uuid(),
      organisationId: amiensOrg.id,
      localServiceId: null,
      kind: 'volunteer',
      lastName,
      firstName,
      gender: female ? 'female' : 'male',
      email: emailFor(firstName, lastName),
      phone: mobilePhone(rng),
      commitmentStart: isoOf(start),
      commitmentEnd: null,
      charterSignedOn: isoOf(start),
      insuranceProvider: rng.pick(INSURERS),
      insuranceValidUntil: isoOf(T + rng.int(30, 330)),
      street: street(),
      postalCode: commune.postalCode,
      communeName: commune.name,
      inseeCode: null,
      latitude: place.latitude,
      longitude: place.longitude,
      locationStatus: 'located',
      locationPrecision: 'street',
      locationNote: null,
      mobility: rng.weighted([
        ['car', 50],
        ['public_transport', 30],
        ['foot', 20],
      ] as const),
      maxTripMinutes: 30,
      interests: rng.sample(INTERESTS, 3),
      languages: ['français'],
      endedOn: null,
      createdAt: timestampOf(start, 9 * 60),
      updatedAt: timestampOf(start, 9 * 60),
    };
    out.visitors.push(v);
    amiensVolunteers.push(v);
    out.visitorAvailability.push({
      id: ids.uuid(),
      visitorId: v.id,
      weekday: rng.int(1, 5),
      startTime: '14:00',
      endTime: '17:00',
    });
  }
  const amiensPlan: PersonStatus[] = [
    ...Array<PersonStatus>(4).fill('referred'),
    ...Array<PersonStatus>(2).fill('evaluated'),
    ...Array<PersonStatus>(5).fill('waiting'),
    ...Array<PersonStatus>(12).fill('active'),
    'ended',
  ];
  amiensPlan.forEach((status, i) => {
    const commune = i < 6 ? amiensCentre : rng.pick(amiensCommunes);
    const p: AmiensPerson = { row: personRow(amiensOrg.id, null, commune, status, '22') };
    out.people.push(p.row);
    const steps: StatusStep[] = [];
    if (status === 'referred') {
      const r = T - rng.int(0, 30);
      steps.push({ to: 'referred', day: r });
    } else {
      const a = status === 'active' || status === 'ended' ? T - rng.int(20, 300) : null;
      const e = a !== null ? a - rng.int(10, 40) : T - rng.int(1, 60);
      const r = e - rng.int(5, 20);
      steps.push({ to: 'referred', day: r }, { to: 'evaluated', day: e });
      addEvaluation(p, e, true, AMIENS_ELIGIBILITY, {
        name: 'Isabelle Caron',
        userId: amiensAdmin,
      });
      addConsent(p.row.id, e, amiensAdmin, addContacts(p, '22'), null);
      if (status !== 'evaluated') steps.push({ to: 'waiting', day: e + 1 });
      if (a !== null) {
        steps.push({ to: 'active', day: a });
        const volunteer = amiensVolunteers[i % amiensVolunteers.length] as VisitorRow;
        const end = status === 'ended' ? Math.min(T - 1, a + rng.int(30, 90)) : null;
        if (end !== null)
          steps.push({
            to: 'ended',
            day: end,
            reason: 'moved',
            comment: 'Parti(e) vivre près de sa fille.',
          });
        out.assignments.push({
          id: ids.uuid(),
          organisationId: amiensOrg.id,
          personId: p.row.id,
          pairId: null,
          visitorId: volunteer.id,
          startedOn: isoOf(Math.max(a, dayOf(volunteer.commitmentStart ?? isoOf(a)))),
          endedOn: end === null ? null : isoOf(end),
          createdBy: amiensAdmin,
          createdAt: timestampOf(a, 11 * 60),
        });
      }
    }
    p.row.createdAt = timestampOf((steps[0] as StatusStep).day, 10 * 60);
    p.row.updatedAt = timestampOf((steps[steps.length - 1] as StatusStep).day, 18 * 60);
    pushHistory(p.row.id, steps, () => amiensAdmin);
  });

  // People first in the Oise order, then Amiens (already pushed): keep the Oise ones first.
  out.people.unshift(...oisePeople.map((p) => p.row));

  // Group status changes by person, keeping each history in order (the bigserial id orders them).
  const byPerson = new Map<string, StatusChangeRow[]>();
  for (const s of out.statusChanges) {
    const list = byPerson.get(s.personId) ?? [];
    list.push(s);
    byPerson.set(s.personId, list);
  }
  out.statusChanges = [...byPerson.values()].flat();

  drivesWhenFar(out);
  addFollowUp(out, input.today, input.seed ?? DEFAULT_DEMO_SEED);
  return out;
}
