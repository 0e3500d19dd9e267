/**
 * The demo's follow-up (issue 12), added to the generated data set: the life of every match
 * (accepted, announced with its two calls, first visit planned, trial, confirmed with its yearly
 * reviews and their LSNS-6, ended with its reason, a person back on the waiting list with
 * priority after a match without affinity), the contact log with callbacks due today and late for
 * the demo coordinator and operator, every stage of the visitors' journey (applications from the
 * web and by staff, interviews, documents with an insurance expiring within the month and one
 * expired, a suspension, ended visitors with their reasons), training sessions of every kind with
 * attendance over the year, the employed young visitors' contracts and outcomes.
 *
 * PURE and deterministic like the generator: its own PRNG (the rest of the data set is the same
 * with or without it), dates relative to the demo's today. The first meetings planned in the
 * coming days are visits, written after the planner has planned the weeks
 * (src/demo/planning.ts), since a planned visit of those weeks would be replaced by the plan.
 */
import type {
  assignments,
  contactLog,
  localServices,
  organisations,
  pairs,
  people,
  statusChanges,
  users,
  visitors,
  matchReviews,
  matchSteps,
  trainingAttendance,
  trainingSessions,
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitReports,
  visits,
  visitVisitors,
} from '../db/schema.js';
import { addDays, mondayOf } from '../domain/common/calendar.js';
import { mulberry32 } from '../domain/common/random.js';
import { DEMO_ACCOUNTS } from './accounts.js';

type WithId<T> = T & { id: string };
export interface FollowUpData {
  visits: WithId<typeof visits.$inferInsert>[];
  visitVisitors: (typeof visitVisitors.$inferInsert)[];
  visitReports: WithId<typeof visitReports.$inferInsert>[];
  /** No id: the bigserial orders each match's history, so rows are inserted in this order. */
  matchSteps: (typeof matchSteps.$inferInsert)[];
  matchReviews: WithId<typeof matchReviews.$inferInsert>[];
  contactLog: WithId<typeof contactLog.$inferInsert>[];
  visitorJourneySteps: (typeof visitorJourneySteps.$inferInsert)[];
  visitorInterviews: WithId<typeof visitorInterviews.$inferInsert>[];
  visitorDocuments: WithId<typeof visitorDocuments.$inferInsert>[];
  trainingSessions: WithId<typeof trainingSessions.$inferInsert>[];
  trainingAttendance: (typeof trainingAttendance.$inferInsert)[];
}

/** What the follow-up reads and changes of the generated data set (generate.ts's DemoData). */
export interface DemoData extends FollowUpData {
  organisations: WithId<typeof organisations.$inferInsert>[];
  localServices: WithId<typeof localServices.$inferInsert>[];
  users: WithId<typeof users.$inferInsert>[];
  visitors: WithId<typeof visitors.$inferInsert>[];
  pairs: WithId<typeof pairs.$inferInsert>[];
  people: WithId<typeof people.$inferInsert>[];
  statusChanges: (typeof statusChanges.$inferInsert)[];
  assignments: WithId<typeof assignments.$inferInsert>[];
}

export const emptyFollowUp = (): FollowUpData => ({
  visits: [],
  visitVisitors: [],
  visitReports: [],
  matchSteps: [],
  matchReviews: [],
  contactLog: [],
  visitorJourneySteps: [],
  visitorInterviews: [],
  visitorDocuments: [],
  trainingSessions: [],
  trainingAttendance: [],
});

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number) {
    return max < min ? min : min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number) {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const taken: T[] = [];
    while (taken.length < k && copy.length)
      taken.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T);
    return taken;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);

/** The same day n months later (the last day of the month when it has no such day). */
function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = m - 1 + n;
  const year = y + Math.floor(month / 12);
  const mm = ((month % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, mm + 1, 0)).getUTCDate();
  return `${year}-${String(mm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const at = (date: string, hour: number, minute = 0) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

const TRIAL_WEEKS = 6;
const REVIEW_MONTHS = 12;

/** What the person's status history last says (their status now, and the reason it gives). */
function lastStatuses(out: DemoData) {
  const last = new Map<string, { status: string; reason: string | null }>();
  for (const s of out.statusChanges)
    last.set(s.personId, { status: s.toStatus, reason: s.reason ?? null });
  return last;
}

/** Adds the follow-up to a generated data set (mutating its matches, people and visitors). */
export function addFollowUp(out: DemoData, today: string, seed: number): void {
  const T = today;
  const rng = new Rng((seed ^ 0x12f011) >>> 0);
  const ids = new Rng((seed ^ 0x12ab1d5) >>> 0);
  const f = out;
  const oise = out.organisations[0]!.id;
  const userIds = new Map(
    DEMO_ACCOUNTS.map((a) => [a.key, out.users.find((u) => u.email === a.email)?.id ?? null]),
  );
  const coordinator = userIds.get('coordinator')!;
  const operator = userIds.get('operator')!;
  const beauvaisCoordinator = userIds.get('coordinator-beauvais') ?? coordinator;
  const beauvais = out.localServices.find((s) => s.name === 'Beauvais')?.id ?? null;
  const personById = new Map(out.people.map((p) => [p.id, p]));
  const visitorById = new Map(out.visitors.map((v) => [v.id, v]));
  const pairById = new Map(out.pairs.map((p) => [p.id, p]));
  const status = lastStatuses(out);
  const coordinatorOf = (localServiceId: string | null | undefined) =>
    localServiceId && localServiceId === beauvais ? beauvaisCoordinator : coordinator;
  /** The visitors of a match's unit: the pair's two members, or the volunteer. */
  const unitVisitors = (a: DemoData['assignments'][number]) => {
    if (a.visitorId) return [a.visitorId];
    const pair = a.pairId ? pairById.get(a.pairId) : undefined;
    return pair ? [pair.visitorAId, pair.visitorBId] : [];
  };

  // ------------------------------------------------------------ the life of the matches

  const step = (
    a: { id: string },
    from: string | null,
    to: string,
    on: string,
    by: string,
    reason: string | null = null,
  ) =>
    f.matchSteps.push({
      organisationId: oise,
      assignmentId: a.id,
      fromStage: from,
      toStage: to,
      effectiveOn: on,
      reason,
      changedBy: by,
      at: at(on, 16, rng.int(0, 59)),
    });
  const announce = (a: DemoData['assignments'][number], on: string, by: string) => {
    const person = personById.get(a.personId)!;
    const visitorId = unitVisitors(a)[0];
    f.contactLog.push({
      id: ids.uuid(),
      organisationId: oise,
      localServiceId: person.localServiceId ?? null,
      personId: person.id,
      assignmentId: a.id,
      channel: 'call_out',
      outcome: 'reached',
      occurredAt: at(on, 9, rng.int(0, 59)),
      purpose: 'match_announcement',
      note: 'Présentation du binôme ou du bénévole, accord pour une première rencontre.',
      createdBy: by,
      createdAt: at(on, 10),
    });
    if (visitorId)
      f.contactLog.push({
        id: ids.uuid(),
        organisationId: oise,
        localServiceId: visitorById.get(visitorId)?.localServiceId ?? null,
        visitorId,
        assignmentId: a.id,
        channel: 'call_out',
        outcome: 'reached',
        occurredAt: at(on, 11, rng.int(0, 59)),
        purpose: 'match_announcement',
        note: 'Présentation de la personne et de ses habitudes.',
        createdBy: by,
        createdAt: at(on, 12),
      });
  };
  /** The first visit, made with the coordinator present, reported. */
  const firstVisit = (a: DemoData['assignments'][number], on: string, by: string) => {
    const person = personById.get(a.personId)!;
    const crew = unitVisitors(a);
    const id = ids.uuid();
    f.visits.push({
      id,
      organisationId: oise,
      localServiceId: person.localServiceId ?? null,
      personId: person.id,
      assignmentId: a.id,
      weekStart: mondayOf(on),
      rank: 1,
      date: on,
      startTime: '14:00',
      durationMinutes: 90,
      place: 'home',
      crew: a.pairId ? 'pair' : 'volunteer',
      status: 'done',
      staffUserId: by,
      purpose: 'first_meeting',
      createdAt: at(addDays(on, -3), 10),
      updatedAt: at(on, 17),
    });
    for (const visitorId of crew) f.visitVisitors.push({ visitId: id, visitorId, role: 'member' });
    f.visitReports.push({
      id: ids.uuid(),
      organisationId: oise,
      visitId: id,
      clientId: ids.uuid(),
      outcome: 'done',
      durationMinutes: 90,
      activities: ['conversation'],
      mood: 'good',
      writtenAt: at(on, 17),
      submittedBy: by,
    });
    a.firstVisitId = id;
  };
  /** The yearly reviews held, the LSNS-6 repeated; the next one due (late when not held). */
  const reviews = (a: DemoData['assignments'][number], from: string, by: string) => {
    let due = addMonths(from, REVIEW_MONTHS);
    // A review falling in the last three weeks is not held yet: it is late on « À faire ».
    while (due < addDays(T, -21)) {
      const held = min(addDays(due, rng.int(0, 12)), addDays(T, -1));
      const decision = rng.chance(0.12) ? 'change_rhythm' : 'continue';
      f.matchReviews.push({
        id: ids.uuid(),
        organisationId: oise,
        assignmentId: a.id,
        heldOn: held,
        personSatisfaction: rng.int(3, 5),
        visitorSatisfaction: rng.int(3, 5),
        lsnsFamilySeen: rng.int(0, 3),
        lsnsFamilyTalkPrivate: rng.int(0, 3),
        lsnsFamilyHelp: rng.int(0, 3),
        lsnsFriendsSeen: rng.int(0, 3),
        lsnsFriendsTalkPrivate: rng.int(0, 2),
        lsnsFriendsHelp: rng.int(0, 2),
        decision,
        newVisitsPerWeek: decision === 'change_rhythm' ? rng.pick([1, 2]) : null,
        comment:
          decision === 'change_rhythm'
            ? 'Les deux côtés souhaitent des visites plus espacées.'
            : 'Relation installée, chacun souhaite continuer.',
        heldBy: by,
        createdAt: at(held, 17),
      });
      due = addMonths(held, REVIEW_MONTHS);
    }
    a.nextReviewOn = due;
  };

  const oiseMatches = out.assignments.filter((a) => a.organisationId === oise);
  const running = oiseMatches
    .filter((a) => !a.endedOn && status.get(a.personId)?.status === 'active')
    .sort((a, b) => (b.startedOn < a.startedOn ? -1 : b.startedOn > a.startedOn ? 1 : 0));
  const used = new Set<string>();
  // The newest three: accepted; the next three: announced, the two calls logged; the next four:
  // their first visit planned in the coming days (written after the planner, planning.ts).
  const stagesOfNewest: { stage: string; count: number }[] = [
    { stage: 'accepted', count: 3 },
    { stage: 'announced', count: 3 },
    { stage: 'first_visit_planned', count: 4 },
  ];
  // The demo visitor's own matches stay confirmed: their day shows visits whatever the date.
  const demoVisitorId = out.users.find((u) => u.id === userIds.get('visitor'))?.visitorId ?? null;
  const newest = running.filter((a) => !demoVisitorId || !unitVisitors(a).includes(demoVisitorId));
  let rank = 0;
  for (const { stage, count } of stagesOfNewest) {
    for (let i = 0; i < count && rank < newest.length; i++, rank++) {
      const a = newest[rank]!;
      used.add(a.id);
      const by = coordinatorOf(personById.get(a.personId)?.localServiceId);
      const accepted = max(a.startedOn, addDays(T, stage === 'accepted' ? -2 : -10 + i));
      step(a, null, 'accepted', accepted, by);
      a.stage = 'accepted';
      a.stageSince = accepted;
      if (stage === 'accepted') continue;
      const announced = min(addDays(accepted, 1), T);
      announce(a, announced, by);
      step(a, 'accepted', 'announced', announced, by);
      a.stage = 'announced';
      a.stageSince = announced;
      if (stage === 'announced') continue;
      const planned = min(addDays(announced, 1), T);
      step(a, 'announced', 'first_visit_planned', planned, by);
      a.stage = 'first_visit_planned';
      a.stageSince = planned;
    }
  }
  // Trials: their first visit made at least two weeks ago; some end this week (one is past).
  const trialEnds = [-2, 1, 3, 5, 12, 19, 26, 33];
  const trialCandidates = running.filter((a) => !used.has(a.id) && a.startedOn <= addDays(T, -20));
  for (const [i, offset] of trialEnds.entries()) {
    const a = trialCandidates[i];
    if (!a) break;
    used.add(a.id);
    const by = coordinatorOf(personById.get(a.personId)?.localServiceId);
    let first = min(addDays(T, offset - TRIAL_WEEKS * 7), addDays(T, -15));
    if (first < addDays(a.startedOn, 4)) first = addDays(a.startedOn, 4);
    step(a, null, 'accepted', a.startedOn, by);
    announce(a, addDays(a.startedOn, 1), by);
    step(a, 'accepted', 'announced', addDays(a.startedOn, 1), by);
    step(a, 'announced', 'first_visit_planned', addDays(a.startedOn, 2), by);
    firstVisit(a, first, by);
    step(a, 'first_visit_planned', 'trial', first, by);
    a.stage = 'trial';
    a.stageSince = first;
    a.trialEndsOn = addDays(first, TRIAL_WEEKS * 7);
    a.nextReviewOn = null;
  }
  // Confirmed: those of the last year with their whole life; the older ones were running before
  // the follow-up existed (confirmed from their start). Every one has its reviews.
  for (const a of running) {
    if (used.has(a.id)) continue;
    const by = coordinatorOf(personById.get(a.personId)?.localServiceId);
    if (a.startedOn > addDays(T, -365)) {
      const first = addDays(a.startedOn, rng.int(5, 10));
      const confirmed = addDays(first, TRIAL_WEEKS * 7);
      step(a, null, 'accepted', a.startedOn, by);
      step(a, 'accepted', 'announced', addDays(a.startedOn, 1), by);
      step(a, 'announced', 'first_visit_planned', addDays(a.startedOn, 2), by);
      if (first < addDays(T, -14)) {
        firstVisit(a, first, by);
        step(a, 'first_visit_planned', 'trial', first, by);
      }
      if (confirmed < T) {
        step(a, 'trial', 'confirmed', confirmed, by);
        a.stage = 'confirmed';
        a.stageSince = confirmed;
        reviews(a, confirmed, by);
      } else {
        a.stage = first < addDays(T, -14) ? 'trial' : 'first_visit_planned';
        a.stageSince = first < addDays(T, -14) ? first : addDays(a.startedOn, 2);
        a.trialEndsOn = a.stage === 'trial' ? confirmed : null;
        a.nextReviewOn = null;
      }
    } else {
      step(a, null, 'confirmed', a.startedOn, by);
      a.stage = 'confirmed';
      a.stageSince = a.startedOn;
      reviews(a, a.startedOn, by);
    }
  }
  // Running matches of people paused (hospital, holidays): confirmed, reviews due as usual.
  for (const a of oiseMatches) {
    if (a.endedOn || a.stage) continue;
    const by = coordinatorOf(personById.get(a.personId)?.localServiceId);
    step(a, null, 'confirmed', a.startedOn, by);
    a.stage = 'confirmed';
    a.stageSince = a.startedOn;
    reviews(a, a.startedOn, by);
  }
  // Ended: the person's own reason when their accompaniment ended with it; otherwise the match
  // ended while the person stayed (no affinity, the visitor's choice).
  const reasonOfStatus: Record<string, string> = {
    deceased: 'deceased',
    care_home: 'care_home',
    moved: 'moved',
    declined: 'person_choice',
    no_longer_isolated: 'person_choice',
  };
  let alternate = 0;
  const ended = oiseMatches.filter((a) => a.endedOn);
  for (const a of ended) {
    const person = personById.get(a.personId)!;
    const now = status.get(a.personId);
    const by = coordinatorOf(person.localServiceId);
    const personEnded = now?.status === 'ended';
    const reason = personEnded
      ? (reasonOfStatus[now?.reason ?? ''] ?? 'other')
      : (['no_affinity', 'visitor_choice'] as const)[alternate++ % 2]!;
    a.stage = 'ended';
    a.stageSince = a.endedOn;
    a.endReason = reason;
    a.endComment =
      reason === 'no_affinity'
        ? 'Pas d’affinité entre la personne et le binôme : à proposer à une autre unité.'
        : null;
    a.nextReviewOn = null;
    step(a, null, 'confirmed', a.startedOn, by);
    step(a, 'confirmed', 'ended', a.endedOn!, by, reason);
    // Back on the waiting list with priority, the unit to avoid read from this match.
    if (reason === 'no_affinity' && now?.status === 'waiting') {
      person.waitingPrioritySince = a.endedOn;
      person.waitingPriorityReason = 'no_affinity';
    }
  }
  // A person waiting for months was matched a hundred days ago; the match ended a month ago for
  // want of affinity: they are back on the waiting list, first, and the unit is to be avoided.
  if (!out.people.some((p) => p.waitingPriorityReason === 'no_affinity')) {
    const lastChange = new Map<string, string>();
    for (const c of out.statusChanges) lastChange.set(c.personId, c.effectiveDate);
    const person = out.people.find(
      (p) =>
        p.organisationId === oise &&
        status.get(p.id)?.status === 'waiting' &&
        (lastChange.get(p.id) ?? T) <= addDays(T, -150) &&
        out.pairs.some((u) => !u.dissolvedOn && u.localServiceId === p.localServiceId),
    );
    const pair = person
      ? out.pairs.find((u) => !u.dissolvedOn && u.localServiceId === person.localServiceId)
      : undefined;
    if (person && pair) {
      const by = coordinatorOf(person.localServiceId);
      const started = addDays(T, -100);
      const endedOn = addDays(T, -30);
      const a: DemoData['assignments'][number] = {
        id: ids.uuid(),
        organisationId: oise,
        personId: person.id,
        pairId: pair.id,
        visitorId: null,
        startedOn: started,
        endedOn,
        createdBy: by,
        createdAt: at(started, 11),
        stage: 'ended',
        stageSince: endedOn,
        trialEndsOn: addDays(started, 4 + TRIAL_WEEKS * 7),
        endReason: 'no_affinity',
        endComment: 'Pas d’affinité entre la personne et le binôme : à proposer à une autre unité.',
      };
      out.assignments.push(a);
      step(a, null, 'accepted', started, by);
      announce(a, addDays(started, 1), by);
      step(a, 'accepted', 'announced', addDays(started, 1), by);
      step(a, 'announced', 'first_visit_planned', addDays(started, 2), by);
      firstVisit(a, addDays(started, 4), by);
      step(a, 'first_visit_planned', 'trial', addDays(started, 4), by);
      step(a, 'trial', 'ended', endedOn, by, 'no_affinity');
      out.statusChanges.push(
        {
          personId: person.id,
          fromStatus: 'waiting',
          toStatus: 'active',
          effectiveDate: started,
          changedBy: by,
          at: at(started, 11, 5),
        },
        {
          personId: person.id,
          fromStatus: 'active',
          toStatus: 'waiting',
          effectiveDate: endedOn,
          comment:
            'Fin du binôme faute d’affinité : de retour sur la liste d’attente, en priorité.',
          changedBy: by,
          at: at(endedOn, 11, 5),
        },
      );
      person.waitingPrioritySince = endedOn;
      person.waitingPriorityReason = 'no_affinity';
    }
  }
  // The steps in the order of each match's life (the bigserial orders them).
  f.matchSteps.sort((x, y) =>
    x.assignmentId === y.assignmentId ? 0 : x.assignmentId < y.assignmentId ? -1 : 1,
  );

  // ------------------------------------------------------------ the contact log

  const followed = out.people.filter(
    (p) =>
      p.organisationId === oise &&
      ['active', 'waiting', 'paused'].includes(status.get(p.id)?.status ?? ''),
  );
  const channels = [
    ['call_out', 'reached', 45],
    ['call_out', 'no_answer', 12],
    ['voicemail', 'message_left', 12],
    ['sms', 'sent', 12],
    ['letter', 'sent', 8],
    ['call_in', 'reached', 11],
  ] as const;
  const drawChannel = () => {
    let x = rng.int(0, 99);
    for (const c of channels) {
      x -= c[2];
      if (x < 0) return c;
    }
    return channels[0];
  };
  const notes: Record<string, string> = {
    reached: 'Prise de nouvelles, tout va bien.',
    no_answer: 'Pas de réponse.',
    message_left: 'Message laissé, rappeler.',
    sent: 'Information sur les activités du mois.',
  };
  for (const person of rng.sample(followed, 160)) {
    for (let k = rng.int(1, 3); k > 0; k--) {
      const [channel, outcome] = drawChannel();
      const day = addDays(T, -rng.int(2, 360));
      f.contactLog.push({
        id: ids.uuid(),
        organisationId: oise,
        localServiceId: person.localServiceId ?? null,
        personId: person.id,
        channel,
        outcome,
        occurredAt: at(day, rng.int(8, 16), rng.int(0, 59)),
        note: notes[outcome] ?? null,
        createdBy: rng.chance(0.6) ? coordinatorOf(person.localServiceId) : operator,
        createdAt: at(day, 17),
      });
    }
  }
  // Callbacks: due today, late and coming, for the demo coordinator and operator (and one done).
  const callbackPlan: [string, number, number][] = [
    [coordinator, 0, -1],
    [coordinator, 0, -2],
    [coordinator, 0, -1],
    [coordinator, -2, -4],
    [coordinator, -5, -6],
    [coordinator, 2, -1],
    [coordinator, 4, -3],
    [operator, 0, -1],
    [operator, 0, -2],
    [operator, -1, -3],
    [operator, 3, -1],
  ];
  const callees = rng.sample(
    followed.filter((p) => (p.phones as unknown[]).length > 0),
    callbackPlan.length + 2,
  );
  callbackPlan.forEach(([owner, due, when], i) => {
    const person = callees[i]!;
    const day = addDays(T, when);
    const outcome = i % 2 ? 'message_left' : 'no_answer';
    f.contactLog.push({
      id: ids.uuid(),
      organisationId: oise,
      localServiceId: person.localServiceId ?? null,
      personId: person.id,
      channel: outcome === 'message_left' ? 'voicemail' : 'call_out',
      outcome,
      occurredAt: at(day, 10, 15 + i),
      note: outcome === 'message_left' ? 'Message laissé sur le répondeur.' : 'Pas de réponse.',
      callbackOn: addDays(T, due),
      callbackOwnerId: owner,
      createdBy: owner,
      createdAt: at(day, 10, 20 + i),
    });
  });
  const doneCallee = callees[callbackPlan.length]!;
  f.contactLog.push({
    id: ids.uuid(),
    organisationId: oise,
    localServiceId: doneCallee.localServiceId ?? null,
    personId: doneCallee.id,
    channel: 'call_out',
    outcome: 'no_answer',
    occurredAt: at(addDays(T, -8), 9),
    callbackOn: addDays(T, -7),
    callbackOwnerId: coordinator,
    callbackDoneAt: at(addDays(T, -7), 11),
    callbackDoneBy: coordinator,
    createdBy: coordinator,
    createdAt: at(addDays(T, -8), 9, 5),
  });

  // ------------------------------------------------------------ the visitors' journey

  const oiseVisitors = out.visitors.filter((v) => v.organisationId === oise);
  const busy = new Set(out.assignments.filter((a) => !a.endedOn).flatMap((a) => unitVisitors(a)));
  const inPair = new Set(
    out.pairs.filter((p) => !p.dissolvedOn).flatMap((p) => [p.visitorAId, p.visitorBId]),
  );
  const journeyStep = (
    visitorId: string,
    from: string | null,
    to: string,
    on: string,
    reason: string | null = null,
  ) =>
    f.visitorJourneySteps.push({
      organisationId: oise,
      visitorId,
      fromStage: from,
      toStage: to,
      effectiveOn: on,
      reason,
      changedBy: coordinator,
      at: at(on, 15, rng.int(0, 59)),
    });
  // A visitor's end reason is free text (ADR 0029), written here as staff would write it.
  const endedReasons = [
    'Moins disponible depuis un changement de travail.',
    'Déménagement hors du département.',
    'Raisons personnelles.',
  ] as const;
  const outcomes = [
    ['job', 'CDI d’aide à domicile.'],
    ['training', 'Formation d’aide-soignante.'],
    ['other', 'Reprise d’études.'],
  ] as const;
  let endedIndex = 0;
  for (const v of oiseVisitors) {
    if (v.kind === 'employed_young') v.contractType = 'cdd';
    if (v.endedOn) {
      v.journeyStage = 'ended';
      if (v.kind === 'employed_young') {
        v.endedReason = 'Fin du contrat.';
        const [outcome, note] = outcomes[endedIndex++ % outcomes.length]!;
        v.exitOutcome = outcome;
        v.exitOutcomeOn = min(addDays(v.endedOn, rng.int(15, 75)), T);
        v.exitOutcomeNote = note;
      } else v.endedReason = endedReasons[endedIndex++ % endedReasons.length]!;
      journeyStep(v.id, 'active', 'ended', v.endedOn, v.endedReason);
      continue;
    }
    v.journeyStage = 'active';
  }
  // The documents: the charter signed, the civil-liability insurance with its expiry.
  const active = oiseVisitors.filter((v) => v.journeyStage === 'active');
  const volunteers = active.filter((v) => v.kind === 'volunteer');
  const expiringSoon = volunteers[0];
  const expired = volunteers[1];
  const noInsurance = volunteers[2];
  for (const v of active) {
    const start = v.commitmentStart ?? addDays(T, -300);
    f.visitorDocuments.push({
      id: ids.uuid(),
      organisationId: oise,
      visitorId: v.id,
      kind: 'charter',
      version: '2024',
      receivedOn: v.charterSignedOn ?? start,
      recordedBy: coordinator,
      createdAt: at(v.charterSignedOn ?? start, 12),
    });
    v.charterSignedOn = v.charterSignedOn ?? start;
    if (v === noInsurance) {
      v.insuranceValidUntil = null;
      continue;
    }
    const expires =
      v === expiringSoon
        ? addDays(T, 20)
        : v === expired
          ? addDays(T, -8)
          : addDays(T, rng.int(40, 330));
    const received = max(addDays(expires, -365), start);
    f.visitorDocuments.push({
      id: ids.uuid(),
      organisationId: oise,
      visitorId: v.id,
      kind: 'insurance',
      provider:
        v.kind === 'volunteer'
          ? (v.insuranceProvider ?? 'MAIF')
          : 'Assurance de l’employeur (contrat de travail)',
      receivedOn: min(received, expires),
      expiresOn: expires,
      recordedBy: coordinator,
      createdAt: at(min(received, expires), 12),
    });
    v.insuranceValidUntil = expires;
  }
  // A volunteer suspended for a few weeks, the suspension ending in a few days.
  const suspended =
    volunteers.find(
      (v) => v !== expiringSoon && v !== expired && !busy.has(v.id) && !inPair.has(v.id),
    ) ??
    volunteers.find(
      (v) => v !== expiringSoon && v !== expired && v !== noInsurance && !inPair.has(v.id),
    );
  if (suspended) {
    suspended.journeyStage = 'suspended';
    suspended.suspendedReason = 'Indisponible quelques semaines (raisons familiales)';
    suspended.suspendedUntil = addDays(T, 5);
    journeyStep(suspended.id, 'active', 'suspended', addDays(T, -25), suspended.suspendedReason);
  }
  // Applications at every stage, from the web form and entered by staff after a call.
  const applicantBase = oiseVisitors.find((v) => v.localServiceId === beauvais) ?? oiseVisitors[0]!;
  const applicant = (
    firstName: string,
    lastName: string,
    gender: string,
    stage: string,
    appliedOn: string,
    source: 'web' | 'staff',
    note: string,
  ) => {
    const id = ids.uuid();
    out.visitors.push({
      id,
      organisationId: oise,
      localServiceId: applicantBase.localServiceId ?? null,
      kind: 'volunteer',
      lastName,
      firstName,
      gender,
      email: `${firstName}.${lastName}@exemple.fr`
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}/gu, ''),
      phone: `+336${String(rng.int(10_000_000, 99_999_999))}`,
      postalCode: applicantBase.postalCode ?? null,
      communeName: applicantBase.communeName ?? null,
      latitude: applicantBase.latitude ?? null,
      longitude: applicantBase.longitude ?? null,
      locationStatus: applicantBase.locationStatus ?? 'to_locate',
      locationPrecision: applicantBase.locationPrecision ?? null,
      mobility: 'car',
      maxTripMinutes: 20,
      interests: ['lecture', 'jardinage'],
      languages: ['français'],
      journeyStage: stage,
      appliedOn,
      applicationSource: source,
      applicationNote: note,
      createdAt: at(appliedOn, 10),
      updatedAt: at(appliedOn, 10),
    });
    journeyStep(id, null, 'applied', appliedOn);
    return id;
  };
  const interview = (visitorId: string, on: string, outcome: string, reason: string | null) =>
    f.visitorInterviews.push({
      id: ids.uuid(),
      organisationId: oise,
      visitorId,
      heldOn: on,
      interviewerId: coordinator,
      outcome,
      reason,
      createdAt: at(on, 17),
    });
  applicant(
    'Sophie',
    'Garnier',
    'female',
    'applied',
    addDays(T, -12),
    'web',
    'Retraitée, disponible deux après-midi par semaine.',
  );
  applicant(
    'Thierry',
    'Vasseur',
    'male',
    'applied',
    addDays(T, -3),
    'staff',
    'A appelé après l’article du journal municipal.',
  );
  const inInterview = applicant(
    'Nadia',
    'Benali',
    'female',
    'interview',
    addDays(T, -30),
    'web',
    'Souhaite rendre visite à une personne de son quartier.',
  );
  journeyStep(inInterview, 'applied', 'interview', addDays(T, -20));
  interview(inInterview, addDays(T, -20), 'to_continue', 'Un second entretien avec le binôme.');
  const inChecks = applicant(
    'Gérard',
    'Lemaire',
    'male',
    'checks',
    addDays(T, -45),
    'staff',
    'Ancien facteur, connaît bien les communes du secteur.',
  );
  journeyStep(inChecks, 'applied', 'interview', addDays(T, -38));
  interview(inChecks, addDays(T, -35), 'favourable', 'Motivé, disponible, à l’écoute.');
  journeyStep(inChecks, 'interview', 'checks', addDays(T, -35));
  f.visitorDocuments.push({
    id: ids.uuid(),
    organisationId: oise,
    visitorId: inChecks,
    kind: 'charter',
    version: '2024',
    receivedOn: addDays(T, -30),
    recordedBy: coordinator,
    createdAt: at(addDays(T, -30), 12),
  });
  const inTraining = applicant(
    'Claire',
    'Dumont',
    'female',
    'training',
    addDays(T, -70),
    'web',
    'Infirmière à la retraite.',
  );
  journeyStep(inTraining, 'applied', 'interview', addDays(T, -62));
  interview(inTraining, addDays(T, -60), 'favourable', 'Expérience de l’accompagnement.');
  journeyStep(inTraining, 'interview', 'checks', addDays(T, -60));
  journeyStep(inTraining, 'checks', 'training', addDays(T, -40));
  for (const [kind, expires] of [
    ['charter', null],
    ['insurance', addDays(T, 300)],
  ] as const)
    f.visitorDocuments.push({
      id: ids.uuid(),
      organisationId: oise,
      visitorId: inTraining,
      kind,
      version: kind === 'charter' ? '2024' : null,
      provider: kind === 'insurance' ? 'MACIF' : null,
      receivedOn: addDays(T, -45),
      expiresOn: expires,
      recordedBy: coordinator,
      createdAt: at(addDays(T, -45), 12),
    });
  const notRetained = applicant(
    'Yannick',
    'Roussel',
    'male',
    'ended',
    addDays(T, -100),
    'web',
    'Disponible le samedi seulement.',
  );
  journeyStep(notRetained, 'applied', 'interview', addDays(T, -95));
  interview(
    notRetained,
    addDays(T, -90),
    'unfavourable',
    'Disponibilités incompatibles avec les visites.',
  );
  journeyStep(
    notRetained,
    'interview',
    'ended',
    addDays(T, -90),
    'Candidature non retenue après l’entretien.',
  );
  const endedApplicant = out.visitors[out.visitors.length - 1]!;
  endedApplicant.endedOn = addDays(T, -90);
  endedApplicant.endedReason = 'Candidature non retenue après l’entretien.';

  // ------------------------------------------------------------ training and attendance

  const session = (
    kind: string,
    title: string,
    on: string,
    attendees: readonly { id: string }[],
    localServiceId: string | null = null,
  ) => {
    const id = ids.uuid();
    f.trainingSessions.push({
      id,
      organisationId: oise,
      localServiceId,
      kind,
      title,
      heldOn: on,
      startTime: kind === 'qualifying_training' ? '09:00' : '14:00',
      endTime: kind === 'qualifying_training' ? '17:00' : '16:30',
      place:
        kind === 'seminar' ? 'Salle du conseil départemental, Beauvais' : 'Maison des services',
      ledBy: kind === 'practice_analysis' ? 'Psychologue intervenante' : 'Équipe de coordination',
      createdBy: coordinator,
      createdAt: at(addDays(on, -20), 10),
    });
    for (const person of attendees)
      f.trainingAttendance.push({
        sessionId: id,
        visitorId: person.id,
        status:
          on >= T
            ? 'registered'
            : rng.chance(0.82)
              ? 'attended'
              : rng.chance(0.6)
                ? 'excused'
                : 'absent',
      });
  };
  const modules = [
    'Module 1 : le rôle du visiteur',
    'Module 2 : repérer l’isolement et ses signes',
    'Module 3 : écouter et communiquer',
    'Module 4 : limites et confidentialité',
    'Module 5 : que faire quand personne ne répond',
    'Module 6 : la fin d’un accompagnement',
  ];
  modules.forEach((title, i) =>
    session('module', title, addDays(T, -330 + i * 60), rng.sample(volunteers, rng.int(5, 8))),
  );
  session('module', modules[0]!, addDays(T, -25), [
    { id: inTraining },
    ...rng.sample(volunteers, 3),
  ]);
  session('module', modules[1]!, addDays(T, 10), [{ id: inTraining }]);
  session(
    'seminar',
    'Séminaire annuel des bénévoles',
    addDays(T, -200),
    rng.sample(volunteers, 25),
  );
  session('seminar', 'Séminaire annuel des bénévoles', addDays(T, 45), rng.sample(volunteers, 10));
  for (let day = -350; day <= -14; day += 42)
    session(
      'practice_analysis',
      'Analyse de la pratique',
      addDays(T, day),
      rng.sample(volunteers, rng.int(6, 9)),
    );
  const employed = active.filter((v) => v.kind === 'employed_young');
  const qualifying = [
    'Connaissance du vieillissement',
    'Communication avec la personne âgée',
    'Prévention des chutes',
    'Accompagnement au numérique',
    'Premiers secours (PSC1)',
    'Droits et aides des personnes âgées',
  ];
  for (let i = 0, day = -340; day < 30; i++, day += 21)
    session(
      'qualifying_training',
      `Formation qualifiante : ${qualifying[i % qualifying.length]}`,
      addDays(T, day),
      employed,
    );
  for (const v of employed.slice(0, 8))
    for (let day = -300 + rng.int(0, 20); day < -5; day += 60)
      session('tutoring', 'Entretien de tutorat', addDays(T, day), [v], v.localServiceId ?? null);
}
