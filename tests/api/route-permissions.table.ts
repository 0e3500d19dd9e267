/**
 * Who may call each API route: the declared access (the policy action the guard checks, or
 * `public` / `authenticated`) and the roles that are allowed it. REVIEWED BY A PERSON.
 *
 * This table is the expectation the route matrix (route-matrix.test.ts) and the generated write
 * test (write-audit.test.ts) compare the running app with. It was drafted once from the app and the
 * policy of the time (tests/helpers/generate-route-table.ts) and is from then on edited BY HAND:
 * when a route is added or a permission changes, write here what the people in charge decided,
 * and have it reviewed. Never regenerate it to make a test pass: a difference between this table
 * and the app is exactly what the tests are there to show.
 *
 * `public`: anyone, signed in or not; `authenticated`: any signed-in user; every role is listed.
 */
import type { Role } from '../../src/domain/permissions/policy.js';

export interface RoutePermission {
  action: string;
  roles: readonly Role[];
}

export const ROUTE_PERMISSIONS: Record<string, RoutePermission> = {
  'DELETE /api/me/calendar': { action: 'calendar.manage', roles: ['visitor'] },
  'DELETE /api/organisation/territories/:id': { action: 'organisation.update', roles: ['admin'] },
  'DELETE /api/planning/closures/:id': {
    action: 'closure.manage',
    roles: ['admin', 'coordinator'],
  },
  'DELETE /api/visitors/:id/absences/:absenceId': {
    action: 'visitor.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/alerts': { action: 'alert.list', roles: ['admin', 'coordinator'] },
  'GET /api/alerts/:id': { action: 'alert.list', roles: ['admin', 'coordinator'] },
  'GET /api/audit': { action: 'audit.read', roles: ['admin'] },
  'GET /api/contacts/callbacks': {
    action: 'contact.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/auth/demo-accounts': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'GET /api/auth/session': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'GET /api/exports/alerts': { action: 'export.alerts', roles: ['admin', 'coordinator'] },
  'GET /api/exports/audit': { action: 'export.audit', roles: ['admin'] },
  'GET /api/exports/pairs': {
    action: 'export.pairs',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/exports/people': {
    action: 'export.people',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/exports/planning': {
    action: 'export.planning',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/exports/referrals': {
    action: 'export.referrals',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'GET /api/exports/visitors': {
    action: 'export.visitors',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/geo/communes': {
    action: 'authenticated',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'GET /api/ical/:file': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'GET /api/imports': { action: 'import.run', roles: ['admin', 'coordinator'] },
  'GET /api/imports/:id': { action: 'import.run', roles: ['admin', 'coordinator'] },
  'GET /api/matching/people/:id/suggestions': {
    action: 'matching.suggest',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/me/calendar': { action: 'calendar.manage', roles: ['visitor'] },
  'GET /api/me/visits': { action: 'visit.own', roles: ['visitor'] },
  'GET /api/notifications': { action: 'notification.list', roles: ['admin', 'coordinator'] },
  'GET /api/organisation': {
    action: 'organisation.read',
    roles: ['admin', 'coordinator', 'planner', 'operator', 'viewer', 'partner', 'visitor'],
  },
  'GET /api/organisation/retention': {
    action: 'organisation.read',
    roles: ['admin', 'coordinator', 'planner', 'operator', 'viewer', 'partner', 'visitor'],
  },
  'GET /api/pairs': { action: 'pair.list', roles: ['admin', 'coordinator', 'planner'] },
  'GET /api/people': {
    action: 'person.list',
    roles: ['admin', 'coordinator', 'planner', 'operator', 'visitor'],
  },
  'GET /api/people/:id': {
    action: 'person.read',
    roles: ['admin', 'coordinator', 'planner', 'operator', 'visitor'],
  },
  'GET /api/people/:id/export.json': { action: 'person.export', roles: ['admin', 'coordinator'] },
  'GET /api/people/:id/export.pdf': { action: 'person.export', roles: ['admin', 'coordinator'] },
  'GET /api/people/:id/views': { action: 'person.views', roles: ['admin', 'coordinator'] },
  'GET /api/people/:id/visits': {
    action: 'person.read',
    roles: ['admin', 'coordinator', 'planner', 'operator', 'visitor'],
  },
  'GET /api/planning/closures': {
    action: 'planning.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/planning/runs/:id': {
    action: 'planning.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/planning/week': { action: 'planning.read', roles: ['admin', 'coordinator', 'planner'] },
  'GET /api/referrals': {
    action: 'referral.list',
    roles: ['admin', 'coordinator', 'operator', 'partner'],
  },
  'GET /api/referrals/:id': {
    action: 'referral.read',
    roles: ['admin', 'coordinator', 'operator', 'partner'],
  },
  'GET /api/stats': { action: 'stats.read', roles: ['admin', 'coordinator', 'planner', 'viewer'] },
  'GET /api/todo': {
    action: 'todo.read',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/users': { action: 'user.list', roles: ['admin'] },
  'GET /api/visitors': { action: 'visitor.list', roles: ['admin', 'coordinator', 'planner'] },
  'GET /api/visitors/:id': {
    action: 'visitor.read',
    roles: ['admin', 'coordinator', 'planner', 'visitor'],
  },
  'PATCH /api/alerts/:id': { action: 'alert.manage', roles: ['admin', 'coordinator'] },
  'PATCH /api/organisation/settings': { action: 'organisation.update', roles: ['admin'] },
  'PATCH /api/people/:id': { action: 'person.update', roles: ['admin', 'coordinator', 'operator'] },
  'PATCH /api/users/:id': { action: 'user.update', roles: ['admin'] },
  'PATCH /api/visitors/:id': {
    action: 'visitor.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/alerts/:id/close': { action: 'alert.manage', roles: ['admin', 'coordinator'] },
  'POST /api/alerts/scan': { action: 'alert.manage', roles: ['admin', 'coordinator'] },
  'POST /api/auth/login': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/auth/logout': {
    action: 'authenticated',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/auth/password-reset': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/auth/set-password': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/imports': { action: 'import.run', roles: ['admin', 'coordinator'] },
  'GET /api/matches/:id': { action: 'match.read', roles: ['admin', 'coordinator', 'planner'] },
  'GET /api/people/:id/matches': {
    action: 'match.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/visitors/:id/matches': {
    action: 'match.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'GET /api/pairs/:id/matches': {
    action: 'match.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/matches/:id/calls': { action: 'match.manage', roles: ['admin', 'coordinator'] },
  'POST /api/matches/:id/first-visit': { action: 'match.manage', roles: ['admin', 'coordinator'] },
  'POST /api/matches/:id/steps': { action: 'match.manage', roles: ['admin', 'coordinator'] },
  'POST /api/matches/:id/reviews': { action: 'match.review', roles: ['admin', 'coordinator'] },
  'POST /api/matches/:id/end': { action: 'match.manage', roles: ['admin', 'coordinator'] },
  'POST /api/matching/accept': { action: 'matching.accept', roles: ['admin', 'coordinator'] },
  'POST /api/matching/proposals': {
    action: 'matching.propose',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/me/calendar': { action: 'calendar.manage', roles: ['visitor'] },
  'POST /api/organisation/local-services': { action: 'organisation.update', roles: ['admin'] },
  'POST /api/organisation/territories': { action: 'organisation.update', roles: ['admin'] },
  'POST /api/pairs': { action: 'pair.manage', roles: ['admin', 'coordinator', 'planner'] },
  'POST /api/pairs/:id/dissolve': {
    action: 'pair.manage',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/people': { action: 'person.create', roles: ['admin', 'coordinator', 'operator'] },
  'POST /api/people/:id/assignment': {
    action: 'assignment.manage',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/people/:id/consents': {
    action: 'consent.create',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/people/:id/consents/:consentId/withdraw': {
    action: 'consent.create',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/people/:id/erase': { action: 'person.erase', roles: ['admin'] },
  'POST /api/people/:id/evaluations': {
    action: 'evaluation.create',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/people/:id/legal-hold': { action: 'person.legal_hold', roles: ['admin'] },
  'POST /api/people/:id/legal-hold/lift': { action: 'person.legal_hold', roles: ['admin'] },
  'POST /api/people/:id/merge': { action: 'person.merge', roles: ['admin', 'coordinator'] },
  'POST /api/people/:id/transitions': {
    action: 'person.transition',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/people/duplicates': {
    action: 'person.create',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/planning/absences': {
    action: 'absence.declare',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/planning/absences/preview': {
    action: 'absence.declare',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/planning/closures': { action: 'closure.manage', roles: ['admin', 'coordinator'] },
  'POST /api/planning/generate': {
    action: 'planning.generate',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/referrals': {
    action: 'referral.create',
    roles: ['admin', 'coordinator', 'operator', 'partner'],
  },
  'POST /api/referrals/:id/process': {
    action: 'referral.process',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/users': { action: 'user.invite', roles: ['admin'] },
  'POST /api/users/:id/invitation': { action: 'user.invite', roles: ['admin'] },
  'POST /api/visitors': { action: 'visitor.create', roles: ['admin', 'coordinator'] },
  'POST /api/visitors/:id/absences': {
    action: 'visitor.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/visitors/:id/end': {
    action: 'visitor.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/visits/:id/cancel': {
    action: 'visit.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/visits/:id/check-in': { action: 'visit.own', roles: ['visitor'] },
  'POST /api/visits/:id/check-out': { action: 'visit.own', roles: ['visitor'] },
  'POST /api/visits/:id/move': {
    action: 'visit.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/visits/:id/report': {
    action: 'visit.report',
    roles: ['admin', 'coordinator', 'visitor'],
  },
  'PUT /api/organisation/retention': { action: 'organisation.update', roles: ['admin'] },
  'PUT /api/visitors/:id/availability': {
    action: 'visitor.update',
    roles: ['admin', 'coordinator', 'planner'],
  },
  // Issue 12: the contact log (staff who call people, carers and visitors).
  'POST /api/contacts': {
    action: 'contact.create',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/contacts/callback-owners': {
    action: 'contact.create',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/people/:id/contacts': {
    action: 'contact.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/visitors/:id/contacts': {
    action: 'contact.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'POST /api/contacts/:id/callback-done': {
    action: 'contact.update',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'PATCH /api/contacts/:id/callback': {
    action: 'contact.update',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  // --- training, seminars, tutoring, young visitors' contracts and report (issue 12)
  'GET /api/training/sessions': {
    action: 'training.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/training/sessions': { action: 'training.manage', roles: ['admin', 'coordinator'] },
  'GET /api/training/sessions/:id': {
    action: 'training.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'PATCH /api/training/sessions/:id': {
    action: 'training.manage',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/training/sessions/:id/cancel': {
    action: 'training.manage',
    roles: ['admin', 'coordinator'],
  },
  'PUT /api/training/sessions/:id/attendance': {
    action: 'training.manage',
    roles: ['admin', 'coordinator'],
  },
  'GET /api/visitors/:id/training': {
    action: 'training.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  // The contract and the outcome are steps of the young visitor's journey.
  'PUT /api/visitors/:id/contract': { action: 'journey.manage', roles: ['admin', 'coordinator'] },
  'PUT /api/visitors/:id/exit-outcome': {
    action: 'journey.manage',
    roles: ['admin', 'coordinator'],
  },
  'GET /api/reports/young-visitors': {
    action: 'stats.read',
    roles: ['admin', 'coordinator', 'planner', 'viewer'],
  },
  'GET /api/reports/young-visitors/export': {
    action: 'stats.read',
    roles: ['admin', 'coordinator', 'planner', 'viewer'],
  },
  // --- issue 12: the volunteer's journey (policy: journey.read, journey.manage; the public form)
  'GET /api/visitors/:id/journey': {
    action: 'journey.read',
    roles: ['admin', 'coordinator', 'planner'],
  },
  'POST /api/visitors/:id/journey': { action: 'journey.manage', roles: ['admin', 'coordinator'] },
  'POST /api/visitors/:id/interviews': {
    action: 'journey.manage',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/visitors/:id/documents': {
    action: 'journey.manage',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/visitors/applications': {
    action: 'journey.manage',
    roles: ['admin', 'coordinator'],
  },
  'GET /api/public/organisations/:id/application-form': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/public/organisations/:id/applications': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  // Issue 13: the professionals' directory (paid services, never shown to volunteers).
  'GET /api/professionals': {
    action: 'professional.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'POST /api/professionals': { action: 'professional.manage', roles: ['admin', 'coordinator'] },
  'GET /api/professionals/:id': {
    action: 'professional.read',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'PUT /api/professionals/:id': { action: 'professional.manage', roles: ['admin', 'coordinator'] },
  'POST /api/professionals/:id/checked': {
    action: 'professional.manage',
    roles: ['admin', 'coordinator'],
  },
  'POST /api/public/professional-check': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/public/professional-check/confirm': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/public/professional-check/correct': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  // --- issue 13: neighbour-help requests (operators take them on the phone; the public page)
  'GET /api/help-requests': {
    action: 'help_request.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/help-requests/callers': {
    action: 'help_request.create',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/help-requests': {
    action: 'help_request.create',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'GET /api/help-requests/:id': {
    action: 'help_request.read',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'POST /api/help-requests/:id/person': {
    action: 'help_request.manage',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/help-requests/:id/end': {
    action: 'help_request.manage',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/help-occurrences/:id/cancel': {
    action: 'help_request.manage',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'GET /api/public/organisations/:id/help-request-form': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/public/organisations/:id/help-requests': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  // --- issue 13: neighbour help (policy: neighbour.list, .read, .manage; help_kind.manage). The
  // kinds of help are read by every signed-in role (forms name them); the administrator keeps them.
  'GET /api/help-kinds': {
    action: 'organisation.read',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/help-kinds': { action: 'help_kind.manage', roles: ['admin'] },
  'PATCH /api/help-kinds/:id': { action: 'help_kind.manage', roles: ['admin'] },
  'GET /api/neighbours': {
    action: 'neighbour.list',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  'GET /api/visitors/:id/neighbour': {
    action: 'neighbour.read',
    roles: ['admin', 'coordinator', 'planner', 'operator'],
  },
  // Operators take the calls of neighbours: they sign them up and note what they offer.
  'PUT /api/visitors/:id/neighbour': {
    action: 'neighbour.manage',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'POST /api/neighbours/sign-ups': {
    action: 'neighbour.manage',
    roles: ['admin', 'coordinator', 'operator'],
  },
  'GET /api/public/organisations/:id/neighbour-form': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
  'POST /api/public/organisations/:id/neighbour-sign-ups': {
    action: 'public',
    roles: ['admin', 'coordinator', 'planner', 'visitor', 'operator', 'partner', 'viewer'],
  },
};
