/**
 * Records of organisation A that only the generated write test needs, so that each write route
 * has a sample that succeeds (a visit of today to check in to, a consent to withdraw, a closure
 * to delete…). Inserted directly, in that test's own database, after the shared fixtures: the
 * other test files keep the fixtures they count on.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import {
  assignments,
  matchSteps,
  users,
  visitorAvailability,
  authTokens,
  calendarFeeds,
  consents,
  contactLog,
  pairs,
  people,
  serviceClosures,
  trainingSessions,
  professionalChecks,
  statusChanges,
  visitorAbsences,
  visitors,
  visits,
  visitVisitors,
  helpOccurrences,
  helpRequests,
} from '../../src/db/schema.js';
import { eq } from 'drizzle-orm';
import { addDays, mondayOf, serviceToday } from '../../src/domain/common/calendar.js';
import type { Fixtures } from './fixtures.js';

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function createWriteWorld(db: Db, f: Fixtures) {
  const today = serviceToday();
  const personBase = {
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    birthDate: '1941-04-05',
    postalCode: '60000',
    communeName: 'Beauvais',
    latitude: 49.43,
    longitude: 2.08,
    locationStatus: 'located',
    phones: [],
  };
  const person = async (lastName: string) => {
    const row = await one(
      db
        .insert(people)
        .values({ ...personBase, lastName, firstName: 'Écrite' })
        .returning(),
    );
    await db.insert(statusChanges).values({
      personId: row.id,
      fromStatus: null,
      toStatus: 'referred',
      effectiveDate: '2025-01-01',
    });
    return row;
  };
  const visitorBase = {
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    mobility: 'car',
    maxTripMinutes: 30,
    postalCode: '60000',
    communeName: 'Beauvais',
    latitude: 49.43,
    longitude: 2.08,
    locationStatus: 'located',
  };
  const visitor = (lastName: string) =>
    one(
      db
        .insert(visitors)
        .values({ ...visitorBase, kind: 'volunteer', firstName: 'Écrit', lastName })
        .returning(),
    );

  const visitOf = async (date: string, extra: Partial<typeof visits.$inferInsert> = {}) => {
    const row = await one(
      db
        .insert(visits)
        .values({
          organisationId: f.orgA.id,
          localServiceId: f.ls1.id,
          personId: f.p1.id,
          assignmentId: f.assignment.id,
          weekStart: mondayOf(date),
          date,
          startTime: '09:00',
          durationMinutes: 60,
          crew: 'pair',
          ...extra,
        })
        .returning(),
    );
    await db.insert(visitVisitors).values([
      { visitId: row.id, visitorId: f.v1.id },
      { visitId: row.id, visitorId: f.v2.id },
    ]);
    return row;
  };
  // Today's visits of the fixture visitor (v1): one to check in to, one already begun to check
  // out of, and yesterday's, to report on.
  const visitToday = await visitOf(today);
  const visitStarted = await visitOf(today, { startTime: '14:00', checkedInAt: new Date() });
  const visitYesterday = await visitOf(addDays(today, -1));
  // The pair is free on Monday mornings, so its visit of the week after can move within them.
  await db.insert(visitorAvailability).values(
    [f.v1.id, f.v2.id].map((visitorId) => ({
      visitorId,
      weekday: 1,
      startTime: '09:00',
      endTime: '12:00',
    })),
  );
  // Two visits in the week after the fixtures' one (which a generation in the test replaces).
  const weekAfter = addDays(f.nextMonday, 7);
  const visitToMove = await visitOf(weekAfter, { startTime: '10:00', durationMinutes: 90 });
  const visitToCancel = await visitOf(addDays(weekAfter, 1), {
    startTime: '10:00',
    durationMinutes: 90,
  });

  // A person of their own whose consent to visits is withdrawn: the withdrawal cancels their
  // planned visit and ends their assignment (its effects), without touching p1's visits, which the
  // visit samples (check-in, move, cancel) need planned.
  const toWithdraw = await person('Retrait');
  const withdrawAssignment = await one(
    db
      .insert(assignments)
      .values({
        organisationId: f.orgA.id,
        personId: toWithdraw.id,
        pairId: f.pair.id,
        startedOn: '2025-01-04',
      })
      .returning(),
  );
  const withdrawVisit = await visitOf(addDays(weekAfter, 2), {
    personId: toWithdraw.id,
    assignmentId: withdrawAssignment.id,
    startTime: '14:00',
  });
  const consentA = await one(
    db
      .insert(consents)
      .values({
        personId: toWithdraw.id,
        givenOn: '2025-01-02',
        method: 'oral',
        givenBy: 'person',
        recordedBy: f.usersA.coordinator.id,
        scopeVisits: true,
        scopeDataSharing: false,
        scopeHeatwaveRegister: false,
      })
      .returning(),
  );
  const absenceA = await one(
    db
      .insert(visitorAbsences)
      .values({
        visitorId: f.v3.id,
        kind: 'training',
        startsOn: '2030-02-04',
        endsOn: '2030-02-05',
      })
      .returning(),
  );
  const closureA = await one(
    db
      .insert(serviceClosures)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls2.id,
        date: '2030-02-06',
        reason: 'Fermeture à supprimer',
      })
      .returning(),
  );
  // A pair nobody is assigned to (dissolved freely) and a visitor in no pair (leaves freely).
  const pairMemberA = await visitor('Binôme-Un');
  const pairMemberB = await visitor('Binôme-Deux');
  const freePair = await one(
    db
      .insert(pairs)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        visitorAId: pairMemberA.id,
        visitorBId: pairMemberB.id,
        formedOn: '2025-01-06',
      })
      .returning(),
  );
  const leavingVisitor = await visitor('Partant');
  const unpairedVisitor = await visitor('Sans-Binôme');
  // A volunteer with a phone, who becomes an active neighbour (issue 13's offer sample).
  const neighbour = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        kind: 'volunteer',
        firstName: 'Écrit',
        lastName: 'Voisin',
        phone: '+33612345678',
      })
      .returning(),
  );
  // An application waiting for its interview (the journey's interview sample).
  const applicant = await one(
    db
      .insert(visitors)
      .values({
        ...visitorBase,
        kind: 'volunteer',
        firstName: 'Écrit',
        lastName: 'Candidat',
        journeyStage: 'applied',
        appliedOn: '2026-01-05',
        applicationSource: 'staff',
      })
      .returning(),
  );
  const invitedAgain = await one(
    db
      .insert(users)
      .values({
        organisationId: f.orgA.id,
        email: 'invitee-encore@a.test',
        displayName: 'Invitée Encore',
        roles: ['planner'],
      })
      .returning(),
  );
  // The fixture visitor's calendar link, to revoke; an invitation link, to set a password with.
  await db.insert(calendarFeeds).values({
    visitorId: f.v1.id,
    tokenHash: createHash('sha256')
      .update('calendrier-secret-du-visiteur-a-0123456789')
      .digest('hex'),
  });
  // Live "is this still right?" links of the fixture plumber (issue 13): to confirm, to correct,
  // to open.
  const professionalLink = async (token: string) =>
    db.insert(professionalChecks).values({
      organisationId: f.orgA.id,
      professionalId: f.proA.id,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      recipient: f.proA.email!,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
  const professionalConfirmToken = 'verification-pro-confirmer-0123456789';
  const professionalCorrectToken = 'verification-pro-corriger-0123456789';
  await professionalLink(professionalConfirmToken);
  await professionalLink(professionalCorrectToken);
  const professionalOpenToken = 'verification-pro-ouvrir-0123456789';
  await professionalLink(professionalOpenToken);
  const invitationToken = 'invitation-secrete-de-test-0123456789';
  await db.insert(authTokens).values({
    userId: f.invitedA.id,
    purpose: 'invitation',
    tokenHash: createHash('sha256').update(invitationToken).digest('hex'),
    expiresAt: new Date(Date.now() + 86_400_000),
    createdBy: f.usersA.admin.id,
  });

  // The contact log (issue 12): two call backs still to make, one to mark done, one to move.
  const callback = () =>
    one(
      db
        .insert(contactLog)
        .values({
          organisationId: f.orgA.id,
          localServiceId: f.ls1.id,
          personId: f.p2.id,
          channel: 'call_out',
          outcome: 'no_answer',
          occurredAt: new Date(Date.now() - 3_600_000),
          callbackOn: today,
          callbackOwnerId: f.usersA.coordinator.id,
          createdBy: f.usersA.coordinator.id,
        })
        .returning(),
    );
  const callbackToClose = await callback();
  const callbackToMove = await callback();
  // A training session to cancel (issue 12): the fixtures' one stays for the other samples.
  const trainingToCancel = await one(
    db
      .insert(trainingSessions)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        kind: 'practice_analysis',
        title: 'Analyse de la pratique',
        heldOn: addDays(today, 14),
      })
      .returning(),
  );
  // The life of a match (ADR 0028): one match per step, each with its own person, followed by
  // a volunteer nobody else visits with.
  const matchVolunteer = await visitor('Appariée');
  const matchAt = async (
    lastName: string,
    stage: string,
    extra: Partial<typeof assignments.$inferInsert> = {},
  ) => {
    const who = await person(lastName);
    const match = await one(
      db
        .insert(assignments)
        .values({
          organisationId: f.orgA.id,
          personId: who.id,
          visitorId: matchVolunteer.id,
          startedOn: '2025-02-03',
          stage,
          stageSince: '2025-02-03',
          ...extra,
        })
        .returning(),
    );
    await db.insert(matchSteps).values({
      organisationId: f.orgA.id,
      assignmentId: match.id,
      toStage: stage,
      effectiveOn: '2025-02-03',
    });
    return match;
  };
  const matchToCall = await matchAt('Appel', 'accepted');
  const matchToPlan = await matchAt('Rencontre', 'announced');
  const matchToTry = await matchAt('Essai', 'first_visit_planned');
  const matchDoneVisit = await one(
    db
      .insert(visits)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        personId: matchToTry.personId,
        assignmentId: matchToTry.id,
        weekStart: mondayOf('2025-02-10'),
        date: '2025-02-10',
        startTime: '10:00',
        durationMinutes: 90,
        crew: 'volunteer',
        status: 'done',
        purpose: 'first_meeting',
      })
      .returning(),
  );
  await db
    .update(assignments)
    .set({ firstVisitId: matchDoneVisit.id })
    .where(eq(assignments.id, matchToTry.id));
  const matchToReview = await matchAt('Bilan', 'confirmed', { nextReviewOn: '2026-02-03' });
  const matchToEnd = await matchAt('Fin', 'trial', { trialEndsOn: '2025-03-24' });

  return {
    matchToCall,
    matchToPlan,
    matchToTry,
    matchToReview,
    matchToEnd,
    visitToday,
    visitStarted,
    visitYesterday,
    visitToMove,
    visitToCancel,
    weekAfter,
    unpairedVisitor,
    applicant,
    neighbour,
    invitedAgain,
    consentA,
    toWithdraw,
    withdrawVisit,
    absenceA,
    closureA,
    freePair,
    leavingVisitor,
    invitationToken,
    professionalConfirmToken,
    professionalCorrectToken,
    professionalOpenToken,
    trainingToCancel,
    // One fresh person per write about a person: each write meets the state it expects.
    toEvaluate: await person('Évaluée'),
    toTransition: await person('Transition'),
    toMergeKeep: await person('Fusion'),
    toMergeRemove: await person('Fusion'),
    toAssign: await person('Confiée'),
    toConsent: await person('Consentante'),
    toUpdate: await person('Modifiée'),
    callbackToClose,
    callbackToMove,
    ...(await helpWorld(db, f)),
  };
}

/** Neighbour help (issue 13): a request to end, a date to cancel, a web request to link. */
async function helpWorld(db: Db, f: Fixtures) {
  const request = (values: Partial<typeof helpRequests.$inferInsert>) =>
    one(
      db
        .insert(helpRequests)
        .values({
          organisationId: f.orgA.id,
          localServiceId: f.p1.localServiceId,
          personId: f.p1.id,
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
          ...values,
        })
        .returning(),
    );
  const dateOf = (requestId: string) =>
    one(
      db
        .insert(helpOccurrences)
        .values({
          organisationId: f.orgA.id,
          requestId,
          date: addDays(serviceToday(), 5),
          startTime: '09:00',
          endTime: '11:00',
        })
        .returning(),
    );
  const requestToEnd = await request({});
  await dateOf(requestToEnd.id);
  const occurrenceToCancel = await dateOf((await request({})).id);
  const requestToLink = await request({
    personId: null,
    localServiceId: null,
    status: 'pending',
    channel: 'web',
    seniorName: 'Marie Écrite',
  });
  return { requestToEnd, occurrenceToCancel, requestToLink };
}
export type WriteWorld = Awaited<ReturnType<typeof createWriteWorld>>;
