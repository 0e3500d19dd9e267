/**
 * The demo's neighbour help (issue 13, ADR 0033): every organisation's default kinds of help, and
 * a handful of active neighbours around the Oise's towns: volunteers who also help their
 * neighbours (both roles), neighbours who only help (validated: interview, charter, insurance),
 * one who signed up on the web page yesterday and one at the interview.
 *
 * PURE and deterministic like the generator: its own PRNG, dates relative to the demo's today;
 * it reads the generated data set and adds rows (and roles) without changing anything else.
 */
import type {
  helpKinds,
  neighbourProfiles,
  visitorAvailability,
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitors,
} from '../db/schema.js';
import { addDays } from '../domain/common/calendar.js';
import { mulberry32 } from '../domain/common/random.js';
import { defaultHelpKindRows, slotsOfPeriods, type DayPeriod } from '../domain/neighbours/model.js';

type VisitorRow = typeof visitors.$inferInsert & { id: string };

export interface DemoNeighbours {
  helpKinds: (typeof helpKinds.$inferInsert)[];
  /** New visitors: neighbours who only help. */
  visitors: VisitorRow[];
  /** Existing volunteers who also help their neighbours. */
  bothRoles: string[];
  neighbourProfiles: (typeof neighbourProfiles.$inferInsert)[];
  visitorAvailability: (typeof visitorAvailability.$inferInsert)[];
  visitorJourneySteps: (typeof visitorJourneySteps.$inferInsert)[];
  visitorInterviews: (typeof visitorInterviews.$inferInsert)[];
  visitorDocuments: (typeof visitorDocuments.$inferInsert)[];
}

/** Who they are, what they offer, how far, when, how to be told; and where their journey is. */
const NEIGHBOURS: readonly {
  firstName: string;
  lastName: string;
  offers: string[];
  km: number;
  limit: number;
  notifyBy: 'email' | 'sms' | 'phone_call';
  periods: [number, DayPeriod][];
  stage: 'active' | 'applied' | 'interview';
}[] = [
  {
    firstName: 'Odile',
    lastName: 'Lefèvre',
    offers: ['shopping', 'company', 'phone_calls'],
    km: 3,
    limit: 3,
    notifyBy: 'sms',
    periods: [
      [2, 'morning'],
      [4, 'morning'],
      [6, 'morning'],
    ],
    stage: 'active',
  },
  {
    firstName: 'Bernard',
    lastName: 'Caron',
    offers: ['appointment', 'small_repairs', 'gardening'],
    km: 15,
    limit: 2,
    notifyBy: 'phone_call',
    periods: [
      [1, 'afternoon'],
      [3, 'afternoon'],
      [5, 'afternoon'],
    ],
    stage: 'active',
  },
  {
    firstName: 'Sofiane',
    lastName: 'Haddad',
    offers: ['digital_help', 'paperwork', 'shopping'],
    km: 5,
    limit: 2,
    notifyBy: 'email',
    periods: [
      [3, 'evening'],
      [6, 'afternoon'],
    ],
    stage: 'active',
  },
  {
    firstName: 'Martine',
    lastName: 'Delattre',
    offers: ['company', 'phone_calls'],
    km: 2,
    limit: 4,
    notifyBy: 'phone_call',
    periods: [
      [1, 'morning'],
      [2, 'afternoon'],
      [4, 'afternoon'],
    ],
    stage: 'active',
  },
  {
    firstName: 'Lucas',
    lastName: 'Moreau',
    offers: ['shopping', 'appointment'],
    km: 10,
    limit: 1,
    notifyBy: 'sms',
    periods: [[7, 'morning']],
    stage: 'applied',
  },
  {
    firstName: 'Nadia',
    lastName: 'Benali',
    offers: ['gardening', 'small_repairs'],
    km: 6,
    limit: 2,
    notifyBy: 'sms',
    periods: [
      [6, 'morning'],
      [6, 'afternoon'],
    ],
    stage: 'interview',
  },
];

/** The offers of the volunteers who also help their neighbours. */
const ALSO_NEIGHBOURS: readonly { offers: string[]; km: number; notifyBy: 'sms' | 'email' }[] = [
  { offers: ['company', 'shopping'], km: 4, notifyBy: 'sms' },
  { offers: ['phone_calls', 'paperwork'], km: 8, notifyBy: 'email' },
  { offers: ['appointment'], km: 20, notifyBy: 'sms' },
];

const uuidOf = (next: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function demoNeighbours(
  data: { organisations: { id: string }[]; visitors: VisitorRow[] },
  today: string,
  seed: number,
): DemoNeighbours {
  const next = mulberry32((seed ^ 0x13a1d) >>> 0);
  const out: DemoNeighbours = {
    helpKinds: data.organisations.flatMap((o) => defaultHelpKindRows(o.id)),
    visitors: [],
    bothRoles: [],
    neighbourProfiles: [],
    visitorAvailability: [],
    visitorJourneySteps: [],
    visitorInterviews: [],
    visitorDocuments: [],
  };
  const oise = data.organisations[0]?.id;
  if (!oise) return out;
  // Where the Oise's volunteers live: the neighbours live in the same towns.
  const homes = data.visitors.filter(
    (v) =>
      v.organisationId === oise &&
      v.latitude != null &&
      v.longitude != null &&
      v.communeName &&
      !v.endedOn,
  );
  if (homes.length === 0) return out;

  // Volunteers already validated (active, charter, insurance beyond today) also help neighbours.
  const volunteers = homes.filter(
    (v) =>
      v.kind === 'volunteer' &&
      (v.journeyStage ?? 'active') === 'active' &&
      v.charterSignedOn &&
      v.insuranceValidUntil &&
      v.insuranceValidUntil > today,
  );
  volunteers.slice(0, ALSO_NEIGHBOURS.length).forEach((v, i) => {
    const offer = ALSO_NEIGHBOURS[i]!;
    out.bothRoles.push(v.id);
    out.neighbourProfiles.push({
      visitorId: v.id,
      organisationId: oise,
      offers: offer.offers,
      maxDistanceKm: offer.km,
      weeklyLimit: 2,
      notifyBy: offer.notifyBy,
    });
  });

  NEIGHBOURS.forEach((n, i) => {
    const home = homes[Math.floor(next() * homes.length)]!;
    const id = uuidOf(next);
    const since = addDays(today, n.stage === 'active' ? -(60 + i * 45) : -(1 + i));
    const phone = `+3367${String(Math.floor(next() * 1e7)).padStart(7, '0')}`;
    out.visitors.push({
      id,
      organisationId: oise,
      localServiceId: home.localServiceId ?? null,
      kind: 'volunteer',
      roles: ['neighbour_help'],
      firstName: n.firstName,
      lastName: n.lastName,
      email: `${n.firstName}.${n.lastName}`
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .concat('@exemple.fr'),
      phone,
      postalCode: home.postalCode ?? null,
      communeName: home.communeName ?? null,
      inseeCode: home.inseeCode ?? null,
      // A few hundred metres from the volunteer's home: the same town.
      latitude: home.latitude! + (next() - 0.5) * 0.01,
      longitude: home.longitude! + (next() - 0.5) * 0.01,
      locationStatus: 'located',
      locationPrecision: 'street',
      mobility: 'car',
      maxTripMinutes: 30,
      journeyStage: n.stage,
      appliedOn: since,
      applicationSource: i % 2 === 0 ? 'web' : 'staff',
      applicationNote: 'Inscription comme voisin actif (entraide)',
      charterSignedOn: n.stage === 'active' ? addDays(since, 20) : null,
      insuranceProvider: n.stage === 'active' ? 'MAIF' : null,
      insuranceValidUntil: n.stage === 'active' ? addDays(today, 120 + i * 30) : null,
    });
    out.neighbourProfiles.push({
      visitorId: id,
      organisationId: oise,
      offers: n.offers,
      maxDistanceKm: n.km,
      weeklyLimit: n.limit,
      notifyBy: n.notifyBy,
    });
    for (const slot of slotsOfPeriods(n.periods.map(([weekday, period]) => ({ weekday, period }))))
      out.visitorAvailability.push({ visitorId: id, ...slot });
    const step = (from: string | null, to: string, on: string, reason: string | null = null) =>
      out.visitorJourneySteps.push({
        organisationId: oise,
        visitorId: id,
        fromStage: from,
        toStage: to,
        effectiveOn: on,
        reason,
      });
    step(
      null,
      'applied',
      since,
      i % 2 === 0
        ? 'Inscription comme voisin actif par le formulaire en ligne'
        : 'Inscription comme voisin actif par téléphone',
    );
    if (n.stage === 'applied') return;
    step('applied', 'interview', addDays(since, 7));
    if (n.stage === 'interview') return;
    out.visitorInterviews.push({
      organisationId: oise,
      visitorId: id,
      heldOn: addDays(since, 10),
      interviewerName: 'Animatrice du réseau',
      outcome: 'favourable',
      reason: 'Connaît bien le quartier',
    });
    step('interview', 'checks', addDays(since, 10));
    step('checks', 'active', addDays(since, 21));
    out.visitorDocuments.push(
      {
        organisationId: oise,
        visitorId: id,
        kind: 'charter',
        version: '2024',
        receivedOn: addDays(since, 20),
      },
      {
        organisationId: oise,
        visitorId: id,
        kind: 'insurance',
        provider: 'MAIF',
        receivedOn: addDays(since, 20),
        expiresOn: addDays(today, 120 + i * 30),
      },
    );
  });
  return out;
}
