/**
 * A small world for integration tests: two organisations, one user per role, a pair with a
 * person assigned, people in two local services, referrals. Inserted directly (not through the
 * API) so that each test starts from a known state.
 *
 * Organisation B has one real record of every kind a route names by id (pair, visitor absence,
 * plan run, service closure, visit, alert, referral, calendar feed, evaluation, consent): the
 * route matrix asks for each of them as a user of organisation A and expects 404.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import { insertDefaultHelpKinds } from '../../src/server/neighbours/defaults.js';
import {
  alerts,
  assignments,
  calendarFeeds,
  consents,
  contactLog,
  evaluations,
  imports,
  serviceClosures,
  visitorAbsences,
  localServices,
  planRuns,
  visits,
  visitVisitors,
  organisations,
  pairs,
  people,
  referrals,
  statusChanges,
  territories,
  users,
  visitors,
  trainingAttendance,
  trainingSessions,
  professionalCommunes,
  professionals,
  helpOccurrences,
  helpRequests,
} from '../../src/db/schema.js';
import { addDays, mondayOf, serviceToday } from '../../src/domain/common/calendar.js';
import { ROLES, type Role } from '../../src/domain/permissions/policy.js';
import { hashPassword } from '../../src/server/auth/tokens.js';
import { giveRequiredDocuments } from './documents.js';

/** A finished generation's summary, as the planner writes it (GET /api/planning/runs/:id answers it). */
const doneRunSummary = {
  planned: 1,
  kept: 0,
  unplanned: [],
  notPlannable: [],
  travelMinutes: 0,
  changedFromPrevious: 0,
  preferenceMisses: 0,
  elapsedMs: 1,
};

export const TEST_PASSWORD = 'motdepasse-de-test';

let passwordHash: Promise<string> | null = null;

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function createFixtures(db: Db) {
  const hash = await (passwordHash ??= hashPassword(TEST_PASSWORD));
  const orgA = await one(
    db
      .insert(organisations)
      .values({
        name: 'Département Test',
        kind: 'departement',
        settings: {
          eligibility: { minimumAge: 65, isolationThreshold: 12, requireIsolation: true },
        },
      })
      .returning(),
  );
  const orgB = await one(
    db.insert(organisations).values({ name: 'CCAS Autre', kind: 'ccas' }).returning(),
  );
  // Neighbour help (issue 13): every organisation starts with the default kinds of help.
  const [helpKindA] = await insertDefaultHelpKinds(db, orgA.id);
  const [helpKindB] = await insertDefaultHelpKinds(db, orgB.id);
  const ls1 = await one(
    db
      .insert(localServices)
      .values({ organisationId: orgA.id, name: 'Service Beauvais' })
      .returning(),
  );
  const ls2 = await one(
    db
      .insert(localServices)
      .values({ organisationId: orgA.id, name: 'Service Compiègne' })
      .returning(),
  );

  const visitorBase = {
    mobility: 'car',
    maxTripMinutes: 30,
    postalCode: '60000',
    communeName: 'Beauvais',
    latitude: 49.43,
    longitude: 2.08,
    locationStatus: 'located',
  };
  const v1 = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        organisationId: orgA.id,
        localServiceId: ls1.id,
        kind: 'employed_young',
        firstName: 'Inès',
        lastName: 'Martin',
      })
      .returning(),
  );
  const v2 = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        organisationId: orgA.id,
        localServiceId: ls1.id,
        kind: 'employed_young',
        firstName: 'Hugo',
        lastName: 'Bernard',
      })
      .returning(),
  );
  const v3 = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        organisationId: orgA.id,
        localServiceId: ls1.id,
        kind: 'volunteer',
        firstName: 'Jeanne',
        lastName: 'Petit',
      })
      .returning(),
  );
  const vB = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        organisationId: orgB.id,
        kind: 'volunteer',
        firstName: 'Paul',
        lastName: 'Autre',
      })
      .returning(),
  );
  // Volunteers give the charter and the insurance before being proposed or planned (issue 12).
  await giveRequiredDocuments(db, v3);
  await giveRequiredDocuments(db, vB);
  const vB2 = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        organisationId: orgB.id,
        kind: 'employed_young',
        firstName: 'Lucie',
        lastName: 'Autre',
      })
      .returning(),
  );
  const pair = await one(
    db
      .insert(pairs)
      .values({
        organisationId: orgA.id,
        localServiceId: ls1.id,
        visitorAId: v1.id,
        visitorBId: v2.id,
        formedOn: '2025-01-06',
      })
      .returning(),
  );
  const pairB = await one(
    db
      .insert(pairs)
      .values({
        organisationId: orgB.id,
        visitorAId: vB.id,
        visitorBId: vB2.id,
        formedOn: '2025-01-06',
      })
      .returning(),
  );
  const absenceB = await one(
    db
      .insert(visitorAbsences)
      .values({ visitorId: vB.id, kind: 'training', startsOn: '2030-01-07', endsOn: '2030-01-08' })
      .returning(),
  );

  const userOf = async (
    organisationId: string,
    role: Role,
    extra: { suffix?: string; visitorId?: string; localServiceId?: string } = {},
  ) =>
    one(
      db
        .insert(users)
        .values({
          organisationId,
          email: `${role}${extra.suffix ?? ''}@${organisationId === orgA.id ? 'a' : 'b'}.test`,
          displayName: `${role} test`,
          roles: [role],
          passwordHash: hash,
          visitorId: extra.visitorId ?? null,
          localServiceId: extra.localServiceId ?? null,
        })
        .returning(),
    );
  const usersA = {} as Record<Role, typeof users.$inferSelect>;
  for (const role of ROLES)
    usersA[role] = await userOf(orgA.id, role, role === 'visitor' ? { visitorId: v1.id } : {});
  const coordinatorLs2 = await userOf(orgA.id, 'coordinator', {
    suffix: '-ls2',
    localServiceId: ls2.id,
  });
  const usersB = {} as Record<Role, typeof users.$inferSelect>;
  for (const role of ROLES)
    usersB[role] = await userOf(orgB.id, role, role === 'visitor' ? { visitorId: vB.id } : {});

  const personBase = {
    birthDate: '1940-03-12',
    postalCode: '60000',
    communeName: 'Beauvais',
    latitude: 49.43,
    longitude: 2.08,
    locationStatus: 'located',
    phones: [],
  };
  const p1 = await one(
    db
      .insert(people)
      .values({
        ...personBase,
        organisationId: orgA.id,
        localServiceId: ls1.id,
        lastName: 'Lefèvre',
        firstName: 'Hélène',
        phones: [{ number: '+33612345678', label: null }],
      })
      .returning(),
  );
  const p2 = await one(
    db
      .insert(people)
      .values({
        ...personBase,
        organisationId: orgA.id,
        localServiceId: ls1.id,
        lastName: 'Durand',
        firstName: 'Marcel',
      })
      .returning(),
  );
  const p3 = await one(
    db
      .insert(people)
      .values({
        ...personBase,
        organisationId: orgA.id,
        localServiceId: ls2.id,
        lastName: 'Moreau',
        firstName: 'Odette',
        postalCode: '60200',
        communeName: 'Compiègne',
      })
      .returning(),
  );
  const pB = await one(
    db
      .insert(people)
      .values({
        ...personBase,
        organisationId: orgB.id,
        lastName: 'Étranger',
        firstName: 'Autre',
        postalCode: '80000',
        communeName: 'Amiens',
      })
      .returning(),
  );
  const history = (personId: string, path: string[]) =>
    path.map((status, index) => ({
      personId,
      fromStatus: index === 0 ? null : path[index - 1]!,
      toStatus: status,
      effectiveDate: '2025-01-0' + (index + 1),
    }));
  await db
    .insert(statusChanges)
    .values([
      ...history(p1.id, ['referred', 'evaluated', 'waiting', 'active']),
      ...history(p2.id, ['referred']),
      ...history(p3.id, ['referred', 'evaluated', 'waiting']),
      ...history(pB.id, ['referred']),
    ]);
  const assignment = await one(
    db
      .insert(assignments)
      .values({
        organisationId: orgA.id,
        personId: p1.id,
        pairId: pair.id,
        startedOn: '2025-01-04',
      })
      .returning(),
  );

  // Planning: a visit next Monday for p1 by the pair, a generation of that week, and an alert.
  const nextMonday = addDays(mondayOf(serviceToday()), 7);
  const visitA = await one(
    db
      .insert(visits)
      .values({
        organisationId: orgA.id,
        localServiceId: ls1.id,
        personId: p1.id,
        assignmentId: assignment.id,
        weekStart: nextMonday,
        date: nextMonday,
        startTime: '10:00',
        durationMinutes: 90,
        crew: 'pair',
      })
      .returning(),
  );
  await db.insert(visitVisitors).values([
    { visitId: visitA.id, visitorId: v1.id },
    { visitId: visitA.id, visitorId: v2.id },
  ]);
  const visitB = await one(
    db
      .insert(visits)
      .values({
        organisationId: orgB.id,
        personId: pB.id,
        weekStart: nextMonday,
        date: nextMonday,
        startTime: '10:00',
        durationMinutes: 60,
        crew: 'volunteer',
      })
      .returning(),
  );
  await db.insert(visitVisitors).values({ visitId: visitB.id, visitorId: vB.id });
  // A match of organisation B (ended long ago: it changes nothing of B's matching or planning),
  // for the routes of the life of a match.
  const assignmentB = await one(
    db
      .insert(assignments)
      .values({
        organisationId: orgB.id,
        personId: pB.id,
        visitorId: vB.id,
        startedOn: '2025-01-04',
        endedOn: '2025-06-01',
        stage: 'ended',
        stageSince: '2025-06-01',
        endReason: 'visitor_left',
      })
      .returning(),
  );
  const lsB = await one(
    db.insert(localServices).values({ organisationId: orgB.id, name: 'Service Autre' }).returning(),
  );
  const runB = await one(
    db
      .insert(planRuns)
      .values({
        organisationId: orgB.id,
        localServiceId: lsB.id,
        weekStart: nextMonday,
        status: 'done',
        progress: 1,
        summary: doneRunSummary,
      })
      .returning(),
  );
  const closureB = await one(
    db
      .insert(serviceClosures)
      .values({ organisationId: orgB.id, date: '2030-01-02', reason: 'Fermeture B' })
      .returning(),
  );
  // Organisation B's visitor has a calendar link; its secret is kept so a test may use it.
  const calendarTokenB = 'calendrier-secret-de-l-organisation-b-0123456789';
  const calendarFeedB = await one(
    db
      .insert(calendarFeeds)
      .values({
        visitorId: vB.id,
        tokenHash: createHash('sha256').update(calendarTokenB).digest('hex'),
      })
      .returning(),
  );
  const evaluationB = await one(
    db
      .insert(evaluations)
      .values({
        personId: pB.id,
        evaluatedOn: '2025-01-02',
        evaluatorUserId: usersB.coordinator.id,
        evaluatorName: 'Évaluatrice B',
        lsnsFamilySeen: 1,
        lsnsFamilyTalkPrivate: 1,
        lsnsFamilyHelp: 0,
        lsnsFriendsSeen: 1,
        lsnsFriendsTalkPrivate: 0,
        lsnsFriendsHelp: 0,
        livesAlone: true,
        ruleApplied: { minimumAge: 60, isolationThreshold: 12, requireIsolation: true },
        decision: 'eligible',
        decisionReasons: [],
      })
      .returning(),
  );
  const consentB = await one(
    db
      .insert(consents)
      .values({
        personId: pB.id,
        givenOn: '2025-01-02',
        method: 'oral',
        givenBy: 'person',
        recordedBy: usersB.coordinator.id,
        scopeVisits: true,
        scopeDataSharing: false,
        scopeHeatwaveRegister: false,
      })
      .returning(),
  );
  const runA = await one(
    db
      .insert(planRuns)
      .values({
        organisationId: orgA.id,
        localServiceId: ls1.id,
        weekStart: nextMonday,
        status: 'done',
        progress: 1,
        summary: doneRunSummary,
      })
      .returning(),
  );
  // Finished imports, one per organisation (an import's progress page, another organisation's).
  const importOf = (organisationId: string, userId: string) =>
    one(
      db
        .insert(imports)
        .values({
          organisationId,
          userId,
          target: 'people',
          fileName: 'ancien-import.csv',
          fileSha256: '0'.repeat(64),
          mode: 'valid_only',
          status: 'done',
          total: 2,
          processed: 2,
          created: 2,
          skipped: 0,
          rejected: 0,
          finishedAt: new Date(),
        })
        .returning(),
    );
  const importA = await importOf(orgA.id, usersA.coordinator.id);
  const importB = await importOf(orgB.id, usersB.coordinator.id);
  const alertA = await one(
    db
      .insert(alerts)
      .values({
        organisationId: orgA.id,
        localServiceId: ls1.id,
        kind: 'concern',
        severity: 'medium',
        title: 'Inquiétude : Hélène Lefèvre',
        personId: p1.id,
      })
      .returning(),
  );
  const alertB = await one(
    db
      .insert(alerts)
      .values({
        organisationId: orgB.id,
        kind: 'concern',
        severity: 'medium',
        title: 'Inquiétude : Autre Étranger',
        personId: pB.id,
      })
      .returning(),
  );

  const refA = await one(
    db
      .insert(referrals)
      .values({
        organisationId: orgA.id,
        submittedBy: usersA.partner.id,
        partnerName: 'Mairie de Test',
        lastName: 'Signalé',
        firstName: 'Jean',
        reason: 'Vit seul depuis le décès de sa femme',
        urgency: 'normal',
        contactConsent: 'person_agreed',
      })
      .returning(),
  );
  const refB = await one(
    db
      .insert(referrals)
      .values({
        organisationId: orgB.id,
        submittedBy: usersB.partner.id,
        partnerName: 'Mairie B',
        lastName: 'Autre',
        firstName: 'Signalement',
        reason: 'Isolée',
        urgency: 'urgent',
        contactConsent: 'carer_agreed',
      })
      .returning(),
  );

  // An account invited but not yet activated (no password), in each organisation.
  const invitedA = await one(
    db
      .insert(users)
      .values({
        organisationId: orgA.id,
        email: 'invited@a.test',
        displayName: 'Invitée A',
        roles: ['planner'],
      })
      .returning(),
  );
  const invitedB = await one(
    db
      .insert(users)
      .values({
        organisationId: orgB.id,
        email: 'invited@b.test',
        displayName: 'Invitée B',
        roles: ['planner'],
      })
      .returning(),
  );
  const territoryA = await one(
    db
      .insert(territories)
      .values({
        organisationId: orgA.id,
        localServiceId: ls2.id,
        postalCode: '60200',
        communeName: 'Compiègne',
      })
      .returning(),
  );
  const territoryB = await one(
    db
      .insert(territories)
      .values({ organisationId: orgB.id, postalCode: '60000', communeName: 'Beauvais' })
      .returning(),
  );

  // The contact log (issue 12): a call back to make about p1, and one of organisation B.
  const contactOf = (values: typeof contactLog.$inferInsert) =>
    one(db.insert(contactLog).values(values).returning());
  const contactA = await contactOf({
    organisationId: orgA.id,
    localServiceId: p1.localServiceId,
    personId: p1.id,
    channel: 'call_out',
    outcome: 'no_answer',
    occurredAt: new Date(Date.now() - 3_600_000),
    callbackOn: addDays(serviceToday(), 2),
    callbackOwnerId: usersA.coordinator.id,
    createdBy: usersA.coordinator.id,
  });
  const contactB = await contactOf({
    organisationId: orgB.id,
    personId: pB.id,
    channel: 'call_out',
    outcome: 'no_answer',
    occurredAt: new Date(Date.now() - 3_600_000),
    callbackOn: addDays(serviceToday(), 2),
    callbackOwnerId: usersB.coordinator.id,
    createdBy: usersB.coordinator.id,
  });
  // Training (issue 12): a module held in organisation A with v1 present, one of organisation B.
  const trainingA = await one(
    db
      .insert(trainingSessions)
      .values({
        organisationId: orgA.id,
        localServiceId: ls1.id,
        kind: 'module',
        title: 'Accueil des nouveaux visiteurs',
        heldOn: '2025-03-14',
        startTime: '09:30',
        endTime: '12:00',
      })
      .returning(),
  );
  await db
    .insert(trainingAttendance)
    .values({ sessionId: trainingA.id, visitorId: v1.id, status: 'attended' });
  const trainingB = await one(
    db
      .insert(trainingSessions)
      .values({
        organisationId: orgB.id,
        kind: 'seminar',
        title: 'Séminaire B',
        heldOn: '2025-06-20',
      })
      .returning(),
  );
  await db
    .insert(trainingAttendance)
    .values({ sessionId: trainingB.id, visitorId: vB.id, status: 'attended' });

  // The professionals' directory (issue 13): a plumber in each organisation.
  const professional = async (organisationId: string, businessName: string) => {
    const row = await one(
      db
        .insert(professionals)
        .values({
          organisationId,
          trade: 'plumber',
          businessName,
          phone: '+33386221455',
          email: `${businessName.toLowerCase().replace(/\W/g, '')}@pro.test`,
          hours: [{ weekday: 0, start: '08:00', end: '12:00' }],
          lastCheckedOn: '2025-01-15',
          checkedVia: 'staff',
        })
        .returning(),
    );
    await db.insert(professionalCommunes).values({
      professionalId: row.id,
      organisationId,
      departmentCode: '60',
      communeName: 'Beauvais',
      postalCode: '60000',
    });
    return row;
  };
  const proA = await professional(orgA.id, 'Plomberie A');
  const proB = await professional(orgB.id, 'Plomberie B');
  // Neighbour help (issue 13): p1's weekly shopping (with one date to cancel), a request to end,
  // one from the public page waiting to be linked; the same in organisation B.
  const helpRequestOf = (
    values: Partial<typeof helpRequests.$inferInsert> & { organisationId: string },
  ) =>
    one(
      db
        .insert(helpRequests)
        .values({
          status: 'open',
          channel: 'phone',
          postedBy: 'person',
          consentToContact: true,
          helpKind: 'shopping',
          recurrence: 'weekly',
          startsOn: addDays(serviceToday(), 5),
          weekday: 1,
          startTime: '09:00',
          endTime: '11:00',
          communeName: 'Beauvais',
          ...values,
        })
        .returning(),
    );
  const occurrenceOf = (request: typeof helpRequests.$inferSelect) =>
    one(
      db
        .insert(helpOccurrences)
        .values({
          organisationId: request.organisationId,
          requestId: request.id,
          date: request.startsOn,
          startTime: request.startTime,
          endTime: request.endTime,
        })
        .returning(),
    );
  const helpRequestA = await helpRequestOf({
    organisationId: orgA.id,
    localServiceId: p1.localServiceId,
    personId: p1.id,
  });
  const helpOccurrenceA = await occurrenceOf(helpRequestA);
  const helpRequestToEndA = await helpRequestOf({
    organisationId: orgA.id,
    localServiceId: p1.localServiceId,
    personId: p1.id,
  });
  const pendingHelpRequestA = await helpRequestOf({
    organisationId: orgA.id,
    status: 'pending',
    channel: 'web',
    seniorName: 'Jeanne Web',
  });
  const helpRequestB = await helpRequestOf({ organisationId: orgB.id, personId: pB.id });
  const helpOccurrenceB = await occurrenceOf(helpRequestB);
  const pendingHelpRequestB = await helpRequestOf({
    organisationId: orgB.id,
    status: 'pending',
    channel: 'web',
    seniorName: 'Jeanne B',
  });

  return {
    orgA,
    orgB,
    helpKindA: helpKindA!,
    helpKindB: helpKindB!,
    ls1,
    ls2,
    lsB,
    v1,
    v2,
    v3,
    vB,
    vB2,
    pair,
    pairB,
    absenceB,
    assignment,
    assignmentB,
    visitA,
    visitB,
    runA,
    runB,
    importA,
    importB,
    closureB,
    calendarTokenB,
    calendarFeedB,
    evaluationB,
    consentB,
    alertA,
    alertB,
    nextMonday,
    usersA,
    usersB,
    coordinatorLs2,
    invitedA,
    invitedB,
    territoryA,
    territoryB,
    p1,
    p2,
    p3,
    pB,
    refA,
    refB,
    contactA,
    contactB,
    trainingA,
    trainingB,
    proA,
    proB,
    helpRequestA,
    helpOccurrenceA,
    helpRequestToEndA,
    pendingHelpRequestA,
    helpRequestB,
    helpOccurrenceB,
    pendingHelpRequestB,
  };
}
export type Fixtures = Awaited<ReturnType<typeof createFixtures>>;
