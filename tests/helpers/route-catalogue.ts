/**
 * One valid sample request per API route, used by the generated tests (every route × every role,
 * cross-organisation isolation, garbage input). A route missing here fails those tests, so a new
 * route cannot escape them.
 *
 * `url` names resources that the narrow roles can reach (the visitor's own person and record, the
 * partner's own referral), so an allowed role gets a real answer and a refused one is refused
 * because of its role, not its scope. `foreignUrl` names a resource of the other organisation.
 */
import { TEST_PASSWORD, type Fixtures } from './fixtures.js';
import type { WriteWorld } from './write-world.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';

export interface RouteSample {
  url: (f: Fixtures) => string;
  /** A real record of organisation B (see fixtures.ts): every `:id` route has one. */
  foreignUrl?: (f: Fixtures) => string;
  body?: (f: Fixtures) => Record<string, unknown>;
  /**
   * For a write whose `url`/`body` are refused on purpose (so the matrix can repeat them), a
   * request that succeeds, on the records of tests/helpers/write-world.ts: the generated write
   * test performs it and checks its audit rows.
   */
  valid?: (f: Fixtures, w: WriteWorld) => { url: string; body?: Record<string, unknown> };
  /** Opens or closes the caller's session: the generated tests use a throwaway session for it. */
  sessionChanging?: boolean;
}

const today = () => new Date().toISOString().slice(0, 10);
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const lsnsAnswers = {
  family_seen: 1,
  family_talk_private: 1,
  family_help: 0,
  friends_seen: 2,
  friends_talk_private: 1,
  friends_help: 1,
};

export const ROUTE_CATALOGUE: Record<string, RouteSample> = {
  // --- auth
  'POST /api/auth/login': {
    sessionChanging: true,
    url: () => '/api/auth/login',
    body: (f) => ({ email: f.usersA.viewer.email, password: TEST_PASSWORD }),
  },
  'POST /api/auth/logout': {
    sessionChanging: true,
    url: () => '/api/auth/logout',
    body: () => ({}),
  },
  'GET /api/auth/session': { url: () => '/api/auth/session' },
  'POST /api/auth/password-reset': {
    url: () => '/api/auth/password-reset',
    body: () => ({ email: 'nobody@example.test' }),
    valid: (f) => ({ url: '/api/auth/password-reset', body: { email: f.usersA.viewer.email } }),
  },
  'POST /api/auth/set-password': {
    sessionChanging: true,
    url: () => '/api/auth/set-password',
    body: () => ({ token: 'an-unknown-token-value', password: 'un-mot-de-passe-long' }),
    valid: (_f, w) => ({
      url: '/api/auth/set-password',
      body: { token: w.invitationToken, password: 'un-mot-de-passe-long' },
    }),
  },
  'GET /api/auth/demo-accounts': { url: () => '/api/auth/demo-accounts' },

  // --- people
  'GET /api/people': { url: () => '/api/people?q=lef&page=1&pageSize=10' },
  'POST /api/people/duplicates': {
    url: () => '/api/people/duplicates',
    body: () => ({ lastName: 'Lefèvre', firstName: 'Hélène', birthDate: '1940-03-12' }),
  },
  'POST /api/people': {
    url: () => '/api/people',
    body: () => ({
      lastName: `Nouveau${unique()}`,
      firstName: 'Test',
      birthDate: '1944-05-06',
      postalCode: '60000',
      communeName: 'Beauvais',
      phones: [{ number: '06 11 22 33 44' }],
    }),
  },
  'GET /api/people/:id': {
    url: (f) => `/api/people/${f.p1.id}`,
    foreignUrl: (f) => `/api/people/${f.pB.id}`,
  },
  'PATCH /api/people/:id': {
    url: (f) => `/api/people/${f.p2.id}`,
    foreignUrl: (f) => `/api/people/${f.pB.id}`,
    body: () => ({ practicalNotes: `Note ${unique()}` }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toUpdate.id}`,
      body: { practicalNotes: 'Sonner deux fois.', communeName: 'Beauvais' },
    }),
  },
  'POST /api/people/:id/merge': {
    url: (f) => `/api/people/${f.p2.id}/merge`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/merge`,
    body: (f) => ({ duplicateId: f.p3.id }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toMergeKeep.id}/merge`,
      body: { duplicateId: w.toMergeRemove.id },
    }),
  },
  'POST /api/people/:id/evaluations': {
    url: (f) => `/api/people/${f.p2.id}/evaluations`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/evaluations`,
    body: () => ({ evaluatedOn: today(), answers: lsnsAnswers, livesAlone: true }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toEvaluate.id}/evaluations`,
      body: {
        evaluatedOn: today(),
        answers: lsnsAnswers,
        livesAlone: true,
        notes: 'Vit seule, peu de visites.',
      },
    }),
  },
  'POST /api/people/:id/transitions': {
    url: (f) => `/api/people/${f.p2.id}/transitions`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/transitions`,
    body: () => ({ to: 'evaluation_planned', effectiveDate: today() }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toTransition.id}/transitions`,
      body: { to: 'evaluation_planned', effectiveDate: today() },
    }),
  },
  'POST /api/people/:id/consents': {
    url: (f) => `/api/people/${f.p2.id}/consents`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/consents`,
    body: () => ({
      givenOn: today(),
      method: 'oral',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: true,
    }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toConsent.id}/consents`,
      body: {
        givenOn: today(),
        method: 'oral',
        givenBy: 'person',
        scopeVisits: true,
        scopeDataSharing: false,
        scopeHeatwaveRegister: true,
        notes: 'Accord donné au téléphone.',
      },
    }),
  },
  'POST /api/people/:id/consents/:consentId/withdraw': {
    // The consent id is not the person's: a scope or not-found answer, never a change.
    url: (f) => `/api/people/${f.p2.id}/consents/${f.p1.id}/withdraw`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/consents/${f.consentB.id}/withdraw`,
    body: () => ({ withdrawnOn: today() }),
    valid: (_f, w) => ({
      url: `/api/people/${w.toWithdraw.id}/consents/${w.consentA.id}/withdraw`,
      body: { withdrawnOn: today() },
    }),
  },
  'POST /api/people/:id/assignment': {
    url: (f) => `/api/people/${f.p2.id}/assignment`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/assignment`,
    body: (f) => ({ pairId: f.pair.id, startedOn: today() }),
    valid: (f, w) => ({
      url: `/api/people/${w.toAssign.id}/assignment`,
      body: { pairId: f.pair.id, startedOn: today() },
    }),
  },
  'GET /api/people/:id/views': {
    url: (f) => `/api/people/${f.p1.id}/views`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/views`,
  },
  'GET /api/people/:id/export.json': {
    url: (f) => `/api/people/${f.p1.id}/export.json`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/export.json`,
  },
  'GET /api/people/:id/export.pdf': {
    url: (f) => `/api/people/${f.p1.id}/export.pdf`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/export.pdf`,
  },
  // Data rights (ADR 0012). The erasure takes p3 (whose merge and matching samples then meet a 404
  // or a business refusal, both accepted for writes); the hold is set then lifted on p2.
  'POST /api/people/:id/erase': {
    url: (f) => `/api/people/${f.p3.id}/erase`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/erase`,
    body: () => ({ reason: 'Demande écrite de la personne concernée' }),
  },
  'POST /api/people/:id/legal-hold': {
    url: (f) => `/api/people/${f.p2.id}/legal-hold`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/legal-hold`,
    body: () => ({
      kind: 'dispute',
      reason: 'Contentieux en cours devant le tribunal',
      since: today(),
    }),
  },
  'POST /api/people/:id/legal-hold/lift': {
    url: (f) => `/api/people/${f.p2.id}/legal-hold/lift`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/legal-hold/lift`,
    body: () => ({ reason: 'Contentieux clos par un jugement définitif' }),
  },

  // --- visitors and pairs
  'GET /api/visitors': {
    url: () => '/api/visitors?q=mar&kind=employed_young&active=true&page=1&pageSize=10',
  },
  'POST /api/visitors': {
    url: () => '/api/visitors',
    body: () => ({
      kind: 'volunteer',
      lastName: `Visiteur${unique()}`,
      firstName: 'Test',
      phone: '06 11 22 33 44',
      postalCode: '60000',
      communeName: 'Beauvais',
      mobility: 'car',
      maxTripMinutes: 30,
      commitmentStart: '2025-01-01',
      commitmentEnd: '2026-01-01',
    }),
  },
  'GET /api/visitors/:id': {
    url: (f) => `/api/visitors/${f.v1.id}`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}`,
  },
  'PATCH /api/visitors/:id': {
    url: (f) => `/api/visitors/${f.v3.id}`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}`,
    body: () => ({ maxTripMinutes: 40 }),
  },
  'PUT /api/visitors/:id/availability': {
    url: (f) => `/api/visitors/${f.v3.id}/availability`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/availability`,
    body: () => ({ slots: [{ weekday: 1, startTime: '09:00', endTime: '12:00' }] }),
  },
  'POST /api/visitors/:id/absences': {
    url: (f) => `/api/visitors/${f.v3.id}/absences`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/absences`,
    body: () => ({ kind: 'training', startsOn: today(), endsOn: today() }),
  },
  'DELETE /api/visitors/:id/absences/:absenceId': {
    // The absence id is not one of the visitor's: a not-found answer, never a change.
    url: (f) => `/api/visitors/${f.v3.id}/absences/${f.p1.id}`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/absences/${f.absenceB.id}`,
    valid: (f, w) => ({ url: `/api/visitors/${f.v3.id}/absences/${w.absenceA.id}` }),
  },
  'POST /api/visitors/:id/end': {
    // v1 is in the fixtures' active pair: refused by the business rule, never a change.
    url: (f) => `/api/visitors/${f.v1.id}/end`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/end`,
    body: () => ({ endedOn: today() }),
    valid: (_f, w) => ({
      url: `/api/visitors/${w.leavingVisitor.id}/end`,
      body: { endedOn: today() },
    }),
  },
  'GET /api/pairs': { url: () => '/api/pairs?status=active&page=1&pageSize=10' },
  'POST /api/pairs': {
    url: () => '/api/pairs',
    body: (f) => ({ visitorAId: f.v3.id, visitorBId: f.v1.id, formedOn: today() }),
    valid: (f, w) => ({
      url: '/api/pairs',
      body: { visitorAId: f.v3.id, visitorBId: w.unpairedVisitor.id, formedOn: today() },
    }),
  },
  'POST /api/pairs/:id/dissolve': {
    // The pair still visits people and no destination is given: refused, never a change.
    url: (f) => `/api/pairs/${f.pair.id}/dissolve`,
    foreignUrl: (f) => `/api/pairs/${f.pairB.id}/dissolve`,
    body: () => ({ dissolvedOn: today(), reason: 'Test' }),
    valid: (_f, w) => ({
      url: `/api/pairs/${w.freePair.id}/dissolve`,
      body: { dissolvedOn: today(), reason: 'Fin de mission' },
    }),
  },

  // --- referrals
  'POST /api/referrals': {
    url: () => '/api/referrals',
    body: () => ({
      lastName: `Signalé${unique()}`,
      firstName: 'Test',
      birthDate: '1938-02-03',
      phone: '03 44 45 46 47',
      reason: 'Vit seule',
      urgency: 'normal',
      contactConsent: 'person_agreed',
      partnerName: 'Mairie',
    }),
  },
  'GET /api/referrals': { url: () => '/api/referrals?status=submitted&page=1&pageSize=10' },
  'GET /api/referrals/:id': {
    url: (f) => `/api/referrals/${f.refA.id}`,
    foreignUrl: (f) => `/api/referrals/${f.refB.id}`,
  },
  'POST /api/referrals/:id/process': {
    url: (f) => `/api/referrals/${f.refA.id}/process`,
    foreignUrl: (f) => `/api/referrals/${f.refB.id}/process`,
    body: () => ({ status: 'in_review', note: 'Nous appelons la personne cette semaine.' }),
  },

  // --- geo

  // --- imports
  'POST /api/imports': {
    url: () => '/api/imports',
    body: () => ({
      target: 'people',
      fileName: 'personnes.csv',
      contentBase64: Buffer.from(
        'Nom;Prénom;Date de naissance;Tél\nMartin;Jeanne;12/03/1941;0344451234\n',
      ).toString('base64'),
      mode: 'dry_run',
    }),
    valid: () => ({
      url: '/api/imports',
      body: {
        target: 'people',
        fileName: 'personnes.csv',
        contentBase64: Buffer.from(
          'Nom;Prénom;Date de naissance;Tél\nMartin;Jeanne;12/03/1941;0344451234\nDubois;Paul;01/02/1939;0344451235\n',
        ).toString('base64'),
        mode: 'all',
      },
    }),
  },
  'GET /api/imports': { url: () => '/api/imports' },
  'GET /api/imports/:id': {
    url: (f) => `/api/imports/${f.importA.id}`,
    foreignUrl: (f) => `/api/imports/${f.importB.id}`,
  },

  // --- organisation
  'GET /api/organisation': { url: () => '/api/organisation' },
  'PATCH /api/organisation/settings': {
    url: () => '/api/organisation/settings',
    body: () => ({
      eligibility: {
        minimumAge: 65,
        isolationThreshold: 12,
        requireIsolation: true,
        allowedDepartmentCodes: ['60'],
      },
    }),
  },
  'POST /api/organisation/local-services': {
    url: () => '/api/organisation/local-services',
    body: () => ({ name: `Service ${unique()}` }),
  },
  'POST /api/organisation/territories': {
    url: () => '/api/organisation/territories',
    body: (f) => ({ postalCode: '60000', communeName: 'Beauvais', localServiceId: f.ls1.id }),
  },
  'GET /api/organisation/retention': { url: () => '/api/organisation/retention' },
  'PUT /api/organisation/retention': {
    url: () => '/api/organisation/retention',
    body: () => ({ activeMonths: 24, archiveMonths: 60 }),
    // The plain sample restates the legal reference (nothing changes); the valid one shortens it.
    valid: () => ({
      url: '/api/organisation/retention',
      body: { activeMonths: 18, archiveMonths: 48 },
    }),
  },
  'DELETE /api/organisation/territories/:id': {
    url: (f) => `/api/organisation/territories/${f.territoryA.id}`,
    foreignUrl: (f) => `/api/organisation/territories/${f.territoryB.id}`,
  },
  'GET /api/stats': { url: () => '/api/stats' },

  // --- users and audit
  'GET /api/users': { url: () => '/api/users?q=test&page=1&pageSize=50' },
  'POST /api/users': {
    url: () => '/api/users',
    body: () => ({
      email: `nouvelle-${unique()}@a.test`,
      displayName: 'Nouvelle Personne',
      roles: ['coordinator'],
    }),
  },
  'POST /api/users/:id/invitation': {
    url: (f) => `/api/users/${f.invitedA.id}/invitation`,
    foreignUrl: (f) => `/api/users/${f.invitedB.id}/invitation`,
    body: () => ({}),
    valid: (_f, w) => ({ url: `/api/users/${w.invitedAgain.id}/invitation`, body: {} }),
  },
  'PATCH /api/users/:id': {
    url: (f) => `/api/users/${f.usersA.viewer.id}`,
    foreignUrl: (f) => `/api/users/${f.usersB.viewer.id}`,
    body: () => ({ displayName: `Lecteur ${unique()}` }),
  },
  'GET /api/audit': { url: () => '/api/audit?kind=write&page=1&pageSize=20' },

  // --- exports of the lists (the list's own filters, and the format)
  'GET /api/exports/people': { url: () => '/api/exports/people?format=csv&q=lef&status=active' },
  'GET /api/exports/visitors': { url: () => '/api/exports/visitors?format=xlsx&active=true' },
  'GET /api/exports/pairs': { url: () => '/api/exports/pairs?format=csv&status=active' },
  'GET /api/exports/referrals': { url: () => '/api/exports/referrals?format=csv&urgency=urgent' },
  'GET /api/exports/alerts': { url: () => '/api/exports/alerts?format=xlsx&status=active' },
  'GET /api/exports/planning': {
    url: (f) =>
      `/api/exports/planning?format=csv&localServiceId=${f.ls1.id}&weekStart=${f.nextMonday}`,
  },
  'GET /api/exports/audit': { url: () => '/api/exports/audit?format=csv&kind=write' },

  // --- matching
  'POST /api/matching/proposals': { url: () => '/api/matching/proposals', body: () => ({}) },
  'GET /api/matching/people/:id/suggestions': {
    url: (f) => `/api/matching/people/${f.p3.id}/suggestions`,
    foreignUrl: (f) => `/api/matching/people/${f.pB.id}/suggestions`,
  },
  'POST /api/matching/accept': {
    url: () => '/api/matching/accept',
    body: (f) => ({ items: [{ personId: f.p3.id, unitId: f.pair.id }] }),
  },

  // --- the life of a match (ADR 0028). The samples on the fixtures' match are refused by a
  // business rule (a confirmed match is not announced again…); `valid` works on the write world's
  // matches, one per step.
  'GET /api/matches/:id': {
    url: (f) => `/api/matches/${f.assignment.id}`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}`,
  },
  'GET /api/people/:id/matches': {
    url: (f) => `/api/people/${f.p1.id}/matches`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/matches`,
  },
  'GET /api/visitors/:id/matches': {
    url: (f) => `/api/visitors/${f.v1.id}/matches`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/matches`,
  },
  'GET /api/pairs/:id/matches': {
    url: (f) => `/api/pairs/${f.pair.id}/matches`,
    foreignUrl: (f) => `/api/pairs/${f.pairB.id}/matches`,
  },
  'POST /api/matches/:id/calls': {
    url: (f) => `/api/matches/${f.assignment.id}/calls`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}/calls`,
    body: () => ({ side: 'person', purpose: 'trial_check', outcome: 'reached' }),
    valid: (_f, w) => ({
      url: `/api/matches/${w.matchToCall.id}/calls`,
      body: { side: 'person', outcome: 'no_answer', note: 'Pas de réponse, rappeler demain.' },
    }),
  },
  'POST /api/matches/:id/first-visit': {
    url: (f) => `/api/matches/${f.assignment.id}/first-visit`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}/first-visit`,
    body: () => ({ date: '2030-03-04', startTime: '10:00', durationMinutes: 90 }),
    valid: (_f, w) => ({
      url: `/api/matches/${w.matchToPlan.id}/first-visit`,
      body: { date: '2030-03-04', startTime: '10:00', durationMinutes: 90 },
    }),
  },
  'POST /api/matches/:id/steps': {
    url: (f) => `/api/matches/${f.assignment.id}/steps`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}/steps`,
    body: () => ({ to: 'trial' }),
    valid: (_f, w) => ({ url: `/api/matches/${w.matchToTry.id}/steps`, body: { to: 'trial' } }),
  },
  'POST /api/matches/:id/reviews': {
    url: (f) => `/api/matches/${f.assignment.id}/reviews`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}/reviews`,
    // Dated before the match began: refused by its rule, after the scope (404 for B's match).
    body: () => ({
      heldOn: '2024-01-01',
      personSatisfaction: 4,
      visitorSatisfaction: 5,
      lsns6: lsnsAnswers,
      decision: 'continue',
    }),
    valid: (_f, w) => ({
      url: `/api/matches/${w.matchToReview.id}/reviews`,
      body: {
        personSatisfaction: 4,
        visitorSatisfaction: 5,
        lsns6: lsnsAnswers,
        decision: 'continue',
        comment: 'Visites régulières, la personne attend le jeudi.',
      },
    }),
  },
  'POST /api/matches/:id/end': {
    url: (f) => `/api/matches/${f.assignment.id}/end`,
    foreignUrl: (f) => `/api/matches/${f.assignmentB.id}/end`,
    body: () => ({ reason: 'other' }),
    valid: (_f, w) => ({
      url: `/api/matches/${w.matchToEnd.id}/end`,
      body: { reason: 'visitor_choice' },
    }),
  },

  // --- planning
  'GET /api/planning/week': {
    url: (f) => `/api/planning/week?localServiceId=${f.ls1.id}&weekStart=${f.nextMonday}`,
  },
  'POST /api/planning/generate': {
    url: () => '/api/planning/generate',
    body: (f) => ({ localServiceId: f.ls1.id, weekStart: f.nextMonday }),
  },
  'GET /api/planning/runs/:id': {
    url: (f) => `/api/planning/runs/${f.runA.id}`,
    foreignUrl: (f) => `/api/planning/runs/${f.runB.id}`,
  },
  'POST /api/visits/:id/move': {
    // Into the lunch break: refused by a constraint, never a change.
    url: (f) => `/api/visits/${f.visitA.id}/move`,
    foreignUrl: (f) => `/api/visits/${f.visitB.id}/move`,
    body: (f) => ({ date: f.nextMonday, startTime: '12:15' }),
    valid: (_f, w) => ({
      url: `/api/visits/${w.visitToMove.id}/move`,
      body: { date: w.weekAfter, startTime: '09:15' },
    }),
  },
  'POST /api/visits/:id/cancel': {
    // The first role allowed cancels the fixture visit; the next ones meet the business rule (409).
    url: (f) => `/api/visits/${f.visitA.id}/cancel`,
    foreignUrl: (f) => `/api/visits/${f.visitB.id}/cancel`,
    body: () => ({ reason: 'Test' }),
    valid: (_f, w) => ({
      url: `/api/visits/${w.visitToCancel.id}/cancel`,
      body: { reason: 'Test' },
    }),
  },
  'GET /api/planning/closures': { url: () => '/api/planning/closures' },
  'POST /api/planning/closures': {
    url: () => '/api/planning/closures',
    body: (f) => ({
      date: f.nextMonday,
      reason: `Fermeture ${unique()}`,
      localServiceId: f.ls2.id,
    }),
  },
  'DELETE /api/planning/closures/:id': {
    url: () => '/api/planning/closures/00000000-0000-4000-8000-000000000000',
    foreignUrl: (f) => `/api/planning/closures/${f.closureB.id}`,
    valid: (_f, w) => ({ url: `/api/planning/closures/${w.closureA.id}` }),
  },
  'POST /api/planning/absences/preview': {
    url: () => '/api/planning/absences/preview',
    body: (f) => ({ visitorId: f.v1.id, from: f.nextMonday, to: f.nextMonday, kind: 'training' }),
  },
  'POST /api/planning/absences': {
    // Not the proposal shown: refused as changed, never a change.
    url: () => '/api/planning/absences',
    body: (f) => ({
      visitorId: f.v3.id,
      from: f.nextMonday,
      to: f.nextMonday,
      kind: 'training',
      changes: [{ visitId: f.visitA.id, after: null }],
    }),
    // v3 has no visit that week: the proposal is "no change", and the absence is recorded.
    valid: (f) => ({
      url: '/api/planning/absences',
      body: {
        visitorId: f.v3.id,
        from: f.nextMonday,
        to: f.nextMonday,
        kind: 'training',
        changes: [],
      },
    }),
  },

  // --- visits (the visitor's phone) and calendar
  'GET /api/me/visits': { url: () => '/api/me/visits' },
  'POST /api/visits/:id/check-in': {
    url: (f) => `/api/visits/${f.visitA.id}/check-in`,
    foreignUrl: (f) => `/api/visits/${f.visitB.id}/check-in`,
    // Confirmed: the visit is at 09:00 and the test may run more than an hour before it.
    valid: (_f, w) => ({
      url: `/api/visits/${w.visitToday.id}/check-in`,
      body: { confirmOutsideWindow: true },
    }),
  },
  'POST /api/visits/:id/check-out': {
    url: (f) => `/api/visits/${f.visitA.id}/check-out`,
    foreignUrl: (f) => `/api/visits/${f.visitB.id}/check-out`,
    valid: (_f, w) => ({ url: `/api/visits/${w.visitStarted.id}/check-out` }),
  },
  'POST /api/visits/:id/report': {
    // The visit is next week: refused as too early, never stored.
    url: (f) => `/api/visits/${f.visitA.id}/report`,
    foreignUrl: (f) => `/api/visits/${f.visitB.id}/report`,
    body: () => ({
      clientId: crypto.randomUUID(),
      outcome: 'absent',
      writtenAt: new Date().toISOString(),
    }),
    // A report with a concern: the visit's report and the alert it raises.
    valid: (_f, w) => ({
      url: `/api/visits/${w.visitYesterday.id}/report`,
      body: {
        clientId: crypto.randomUUID(),
        outcome: 'done',
        durationMinutes: 60,
        activities: ['conversation'],
        observations: 'Elle a parlé de sa sœur.',
        concern: 'Semble très fatiguée.',
        writtenAt: new Date().toISOString(),
      },
    }),
  },
  'GET /api/people/:id/visits': {
    url: (f) => `/api/people/${f.p1.id}/visits?page=1&pageSize=10`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/visits`,
  },
  'GET /api/me/calendar': { url: () => '/api/me/calendar' },
  'POST /api/me/calendar': { url: () => '/api/me/calendar', body: () => ({}) },
  'DELETE /api/me/calendar': { url: () => '/api/me/calendar' },
  // The foreign sample names organisation B's real feed by its id, not by its secret: not found.
  'GET /api/ical/:file': {
    url: () => '/api/ical/00000000-0000-4000-8000-000000000000.ics',
    foreignUrl: (f) => `/api/ical/${f.calendarFeedB.id}.ics`,
  },

  // --- the coordinator's day (issue 12)
  'GET /api/todo': { url: () => '/api/todo' },
  'GET /api/contacts/callbacks': { url: () => '/api/contacts/callbacks?page=1&pageSize=20' },
  // --- alerts and notifications
  'GET /api/alerts': { url: () => '/api/alerts?status=active&page=1&pageSize=20' },
  'GET /api/alerts/:id': {
    url: (f) => `/api/alerts/${f.alertA.id}`,
    foreignUrl: (f) => `/api/alerts/${f.alertB.id}`,
  },
  'PATCH /api/alerts/:id': {
    url: (f) => `/api/alerts/${f.alertA.id}`,
    foreignUrl: (f) => `/api/alerts/${f.alertB.id}`,
    body: () => ({ note: 'Appelée ce matin.' }),
  },
  'POST /api/alerts/:id/close': {
    url: (f) => `/api/alerts/${f.alertA.id}/close`,
    foreignUrl: (f) => `/api/alerts/${f.alertB.id}/close`,
    body: () => ({ outcome: 'Tout va bien.' }),
  },
  'POST /api/alerts/scan': { url: () => '/api/alerts/scan', body: () => ({}) },
  'GET /api/notifications': { url: () => '/api/notifications?page=1&pageSize=20' },

  // --- geo
  'GET /api/geo/communes': { url: () => '/api/geo/communes?q=beauv' },

  // --- the contact log (issue 12). The matrix repeats each sample for every role: the first
  // allowed role marks contactA's call back done, the next ones meet a 409 (accepted for writes).
  'POST /api/contacts': {
    url: () => '/api/contacts',
    body: (f) => ({
      personId: f.p1.id,
      channel: 'call_out',
      outcome: 'no_answer',
      occurredAt: new Date().toISOString(),
    }),
    valid: (f) => ({
      url: '/api/contacts',
      body: {
        personId: f.p1.id,
        channel: 'call_out',
        outcome: 'reached',
        occurredAt: new Date().toISOString(),
        note: 'Souhaite des visites le mardi.',
        callbackOn: serviceToday(),
      },
    }),
  },
  'GET /api/contacts/callback-owners': { url: () => '/api/contacts/callback-owners' },
  'GET /api/people/:id/contacts': {
    url: (f) => `/api/people/${f.p1.id}/contacts?page=1&pageSize=10`,
    foreignUrl: (f) => `/api/people/${f.pB.id}/contacts`,
  },
  'GET /api/visitors/:id/contacts': {
    url: (f) => `/api/visitors/${f.v1.id}/contacts?page=1&pageSize=10`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/contacts`,
  },
  'POST /api/contacts/:id/callback-done': {
    url: (f) => `/api/contacts/${f.contactA.id}/callback-done`,
    foreignUrl: (f) => `/api/contacts/${f.contactB.id}/callback-done`,
    body: () => ({}),
    valid: (_f, w) => ({ url: `/api/contacts/${w.callbackToClose.id}/callback-done`, body: {} }),
  },
  'PATCH /api/contacts/:id/callback': {
    url: (f) => `/api/contacts/${f.contactA.id}/callback`,
    foreignUrl: (f) => `/api/contacts/${f.contactB.id}/callback`,
    body: () => ({ callbackOn: addDays(serviceToday(), 1) }),
    valid: (_f, w) => ({
      url: `/api/contacts/${w.callbackToMove.id}/callback`,
      body: { callbackOn: addDays(serviceToday(), 1) },
    }),
  },
  // --- training (issue 12)
  'GET /api/training/sessions': { url: () => '/api/training/sessions?kind=module&year=2025' },
  'POST /api/training/sessions': {
    url: () => '/api/training/sessions',
    body: () => ({
      kind: 'seminar',
      title: 'Séminaire annuel',
      heldOn: today(),
      startTime: '09:00',
      endTime: '17:00',
      place: 'Salle des fêtes',
    }),
  },
  'GET /api/training/sessions/:id': {
    url: (f) => `/api/training/sessions/${f.trainingA.id}`,
    foreignUrl: (f) => `/api/training/sessions/${f.trainingB.id}`,
  },
  'PATCH /api/training/sessions/:id': {
    url: (f) => `/api/training/sessions/${f.trainingA.id}`,
    foreignUrl: (f) => `/api/training/sessions/${f.trainingB.id}`,
    body: () => ({ place: 'Salle du conseil' }),
  },
  'POST /api/training/sessions/:id/cancel': {
    url: (f) => `/api/training/sessions/${f.trainingA.id}/cancel`,
    foreignUrl: (f) => `/api/training/sessions/${f.trainingB.id}/cancel`,
    body: () => ({ reason: null }),
    // The fixtures' session stays for the other samples: a session of its own to cancel.
    valid: (_f, w) => ({
      url: `/api/training/sessions/${w.trainingToCancel.id}/cancel`,
      body: { reason: 'Intervenant absent' },
    }),
  },
  'PUT /api/training/sessions/:id/attendance': {
    url: (f) => `/api/training/sessions/${f.trainingA.id}/attendance`,
    foreignUrl: (f) => `/api/training/sessions/${f.trainingB.id}/attendance`,
    body: (f) => ({
      attendance: [
        { visitorId: f.v1.id, status: 'attended' },
        { visitorId: f.v2.id, status: 'absent' },
      ],
    }),
  },
  'GET /api/visitors/:id/training': {
    url: (f) => `/api/visitors/${f.v1.id}/training`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/training`,
  },
  'PUT /api/visitors/:id/contract': {
    url: (f) => `/api/visitors/${f.v1.id}/contract`,
    foreignUrl: (f) => `/api/visitors/${f.vB2.id}/contract`,
    body: () => ({ contractType: 'cdd_insertion', start: '2024-09-01', end: '2027-08-31' }),
  },
  'PUT /api/visitors/:id/exit-outcome': {
    url: (f) => `/api/visitors/${f.v2.id}/exit-outcome`,
    foreignUrl: (f) => `/api/visitors/${f.vB2.id}/exit-outcome`,
    body: () => ({ outcome: 'job', on: today(), note: null }),
  },
  'GET /api/reports/young-visitors': { url: () => '/api/reports/young-visitors?year=2025' },
  'GET /api/reports/young-visitors/export': {
    url: () => '/api/reports/young-visitors/export?year=2025&format=csv',
  },
  // --- issue 12: the volunteer's journey
  'GET /api/visitors/:id/journey': {
    url: (f) => `/api/visitors/${f.v3.id}/journey`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/journey`,
  },
  // v1 is active: the first allowed role suspends, the next meets « déjà suspendu » (409).
  'POST /api/visitors/:id/journey': {
    url: (f) => `/api/visitors/${f.v1.id}/journey`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/journey`,
    body: () => ({ stage: 'suspended', reason: 'Échange à avoir avec la coordinatrice' }),
    valid: (_f, w) => ({
      url: `/api/visitors/${w.unpairedVisitor.id}/journey`,
      body: { stage: 'suspended', reason: 'Échange à avoir avec la coordinatrice' },
    }),
  },
  // v1 is not applying: refused (409); the valid sample interviews the write world's applicant.
  'POST /api/visitors/:id/interviews': {
    url: (f) => `/api/visitors/${f.v1.id}/interviews`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/interviews`,
    body: () => ({ heldOn: today(), outcome: 'favourable' }),
    valid: (_f, w) => ({
      url: `/api/visitors/${w.applicant.id}/interviews`,
      body: { heldOn: today(), outcome: 'favourable' },
    }),
  },
  'POST /api/visitors/:id/documents': {
    url: (f) => `/api/visitors/${f.v3.id}/documents`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/documents`,
    body: () => ({
      kind: 'insurance',
      provider: 'MAIF',
      receivedOn: today(),
      expiresOn: '2099-06-30',
    }),
    valid: (_f, w) => ({
      url: `/api/visitors/${w.unpairedVisitor.id}/documents`,
      body: { kind: 'insurance', provider: 'MAIF', receivedOn: today(), expiresOn: '2099-06-30' },
    }),
  },
  'POST /api/visitors/applications': {
    url: () => '/api/visitors/applications',
    body: () => ({
      kind: 'volunteer',
      lastName: `Candidate${unique()}`,
      firstName: 'Rose',
      phone: '06 12 34 56 78',
      postalCode: '60000',
      communeName: 'Beauvais',
      mobility: 'bike',
      wish: 'Rendre visite à une personne âgée près de chez moi',
      availability: 'Le mercredi après-midi',
    }),
  },
  // Public: any organisation's form is open to anyone; the "foreign" sample is an organisation
  // that does not exist (404, nothing written), as for the calendar feeds.
  'GET /api/public/organisations/:id/application-form': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/application-form`,
    foreignUrl: () =>
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/application-form',
  },
  'POST /api/public/organisations/:id/applications': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/applications`,
    foreignUrl: () => '/api/public/organisations/00000000-0000-4000-8000-000000000000/applications',
    body: () => ({
      lastName: `Candidat${unique()}`,
      firstName: 'Marc',
      email: 'marc.candidat@example.test',
      postalCode: '60000',
      communeName: 'Beauvais',
      mobility: 'foot',
      wish: 'Faire la conversation',
      availability: 'Le samedi matin',
      consent: true,
    }),
  },
  // --- issue 13: the professionals' directory
  'GET /api/professionals': {
    url: () => '/api/professionals?trade=plumber&postalCode=60000&communeName=Beauvais&page=1',
  },
  'POST /api/professionals': {
    url: () => '/api/professionals',
    body: () => professionalBody(`Électricité ${unique()}`),
  },
  'GET /api/professionals/:id': {
    url: (f) => `/api/professionals/${f.proA.id}`,
    foreignUrl: (f) => `/api/professionals/${f.proB.id}`,
  },
  'PUT /api/professionals/:id': {
    url: (f) => `/api/professionals/${f.proA.id}`,
    foreignUrl: (f) => `/api/professionals/${f.proB.id}`,
    body: () => professionalBody(`Plomberie ${unique()}`),
  },
  'POST /api/professionals/:id/checked': {
    url: (f) => `/api/professionals/${f.proA.id}/checked`,
    foreignUrl: (f) => `/api/professionals/${f.proB.id}/checked`,
  },
  // Public, by the e-mailed link: an unknown token is refused (400, nothing written); the valid
  // samples use the write world's live links.
  'POST /api/public/professional-check': {
    url: () => '/api/public/professional-check',
    body: () => ({ token: 'an-unknown-token-value' }),
    valid: (_f, w) => ({
      url: '/api/public/professional-check',
      body: { token: w.professionalOpenToken },
    }),
  },
  'POST /api/public/professional-check/confirm': {
    url: () => '/api/public/professional-check/confirm',
    body: () => ({ token: 'an-unknown-token-value' }),
    valid: (_f, w) => ({
      url: '/api/public/professional-check/confirm',
      body: { token: w.professionalConfirmToken },
    }),
  },
  'POST /api/public/professional-check/correct': {
    url: () => '/api/public/professional-check/correct',
    body: () => ({ token: 'an-unknown-token-value', ...professionalBody('Plomberie A') }),
    valid: (_f, w) => ({
      url: '/api/public/professional-check/correct',
      body: { token: w.professionalCorrectToken, ...professionalBody('Plomberie A et fils') },
    }),
  },
  // --- neighbour-help requests (issue 13). The matrix repeats each sample for every role: the
  // first allowed role cancels helpOccurrenceA, ends helpRequestToEndA, links pendingHelpRequestA;
  // the next ones meet a 409 (accepted for writes).
  'GET /api/help-requests': {
    url: () => '/api/help-requests?status=open&urgency=normal&commune=beau&page=1&pageSize=10',
  },
  'GET /api/help-requests/callers': {
    url: () => `/api/help-requests/callers?phone=${encodeURIComponent('06 12 34 56 78')}`,
  },
  'POST /api/help-requests': {
    url: () => '/api/help-requests',
    body: (f) => helpRequestBody(f.p1.id),
  },
  'GET /api/help-requests/:id': {
    url: (f) => `/api/help-requests/${f.helpRequestA.id}`,
    foreignUrl: (f) => `/api/help-requests/${f.helpRequestB.id}`,
  },
  'POST /api/help-requests/:id/person': {
    url: (f) => `/api/help-requests/${f.pendingHelpRequestA.id}/person`,
    foreignUrl: (f) => `/api/help-requests/${f.pendingHelpRequestB.id}/person`,
    body: (f) => ({ personId: f.p1.id }),
    valid: (f, w) => ({
      url: `/api/help-requests/${w.requestToLink.id}/person`,
      body: { personId: f.p1.id },
    }),
  },
  'POST /api/help-requests/:id/end': {
    url: (f) => `/api/help-requests/${f.helpRequestToEndA.id}/end`,
    foreignUrl: (f) => `/api/help-requests/${f.helpRequestB.id}/end`,
    body: () => ({ lastOn: null }),
    valid: (_f, w) => ({ url: `/api/help-requests/${w.requestToEnd.id}/end`, body: {} }),
  },
  'POST /api/help-occurrences/:id/cancel': {
    url: (f) => `/api/help-occurrences/${f.helpOccurrenceA.id}/cancel`,
    foreignUrl: (f) => `/api/help-occurrences/${f.helpOccurrenceB.id}/cancel`,
    body: () => ({ reason: 'person_away' }),
    valid: (_f, w) => ({
      url: `/api/help-occurrences/${w.occurrenceToCancel.id}/cancel`,
      body: { reason: 'not_needed' },
    }),
  },
  'GET /api/public/organisations/:id/help-request-form': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/help-request-form`,
    foreignUrl: () =>
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/help-request-form',
  },
  'POST /api/public/organisations/:id/help-requests': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/help-requests`,
    foreignUrl: () =>
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/help-requests',
    body: () => ({
      postedBy: 'carer',
      seniorName: 'Jeanne Martin',
      carerName: 'Paul Martin',
      carerPhone: '06 12 34 56 78',
      carerRelationship: 'child',
      helpKind: 'shopping',
      urgency: 'soon',
      consentToContact: true,
      place: 'home',
      communeName: 'Beauvais',
      recurrence: 'once',
      startsOn: addDays(serviceToday(), 3),
      startTime: '10:00',
      endTime: '11:30',
    }),
  },
  // --- issue 13: neighbour help
  'GET /api/help-kinds': { url: () => '/api/help-kinds' },
  'POST /api/help-kinds': {
    url: () => '/api/help-kinds',
    body: () => ({ label: `Lecture à voix haute ${unique()}` }),
  },
  'PATCH /api/help-kinds/:id': {
    url: (f) => `/api/help-kinds/${f.helpKindA.id}`,
    foreignUrl: (f) => `/api/help-kinds/${f.helpKindB.id}`,
    body: () => ({ label: `Courses ${unique()}` }),
  },
  'GET /api/neighbours': { url: () => '/api/neighbours?helpKind=shopping&page=1' },
  'GET /api/visitors/:id/neighbour': {
    url: (f) => `/api/visitors/${f.v3.id}/neighbour`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/neighbour`,
  },
  // v1 has no phone: a call is refused (400); the valid sample is the write world's neighbour.
  'PUT /api/visitors/:id/neighbour': {
    url: (f) => `/api/visitors/${f.v1.id}/neighbour`,
    foreignUrl: (f) => `/api/visitors/${f.vB.id}/neighbour`,
    body: () => ({
      offers: ['shopping', 'company'],
      maxDistanceKm: 5,
      weeklyLimit: 2,
      notifyBy: 'phone_call',
    }),
    valid: (_f, w) => ({
      url: `/api/visitors/${w.neighbour.id}/neighbour`,
      body: { offers: ['shopping'], maxDistanceKm: 5, weeklyLimit: 2, notifyBy: 'sms' },
    }),
  },
  'POST /api/neighbours/sign-ups': {
    url: () => '/api/neighbours/sign-ups',
    body: () => ({
      lastName: `Voisine${unique()}`,
      firstName: 'Odile',
      phone: '06 12 34 56 78',
      postalCode: '60000',
      communeName: 'Beauvais',
      offers: ['shopping', 'phone_calls'],
      maxDistanceKm: 3,
      weeklyLimit: 2,
      notifyBy: 'phone_call',
      periods: [
        { weekday: 2, period: 'morning' },
        { weekday: 4, period: 'afternoon' },
      ],
    }),
  },
  'GET /api/public/organisations/:id/neighbour-form': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/neighbour-form`,
    foreignUrl: () =>
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/neighbour-form',
  },
  'POST /api/public/organisations/:id/neighbour-sign-ups': {
    url: (f) => `/api/public/organisations/${f.orgA.id}/neighbour-sign-ups`,
    foreignUrl: () =>
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/neighbour-sign-ups',
    body: () => ({
      lastName: `Voisin${unique()}`,
      firstName: 'Marc',
      email: 'marc.voisin@example.test',
      postalCode: '60000',
      communeName: 'Beauvais',
      offers: ['gardening'],
      maxDistanceKm: 2,
      notifyBy: 'email',
      periods: [{ weekday: 6, period: 'morning' }],
      consent: true,
    }),
  },
};

function professionalBody(businessName: string) {
  return {
    trade: 'plumber',
    businessName,
    phone: '03 44 45 46 47',
    email: 'contact@plomberie.test',
    communesServed: [{ postalCode: '60000', communeName: 'Beauvais' }],
    hours: [{ weekday: 2, start: '08:30', end: '17:30' }],
    worksPublicHolidays: false,
  };
}

/** A weekly shopping request taken on the phone for a person of the base. */
function helpRequestBody(personId: string) {
  return {
    personId,
    channel: 'phone',
    postedBy: 'person',
    callerPhone: '06 12 34 56 78',
    helpKind: 'shopping',
    description: 'Courses au marché, liste préparée.',
    urgency: 'normal',
    consentToContact: true,
    place: 'home',
    recurrence: 'weekly',
    startsOn: addDays(serviceToday(), 2),
    startTime: '09:00',
    endTime: '11:00',
  };
}
