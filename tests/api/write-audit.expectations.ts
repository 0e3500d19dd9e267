/**
 * The audit rows each write route must leave when its valid sample succeeds (tests/helpers/
 * route-catalogue.ts: `valid`, or the plain sample). REVIEWED BY A PERSON: this is what the
 * platform promises to keep a trace of (ADR 0011, issue 8), not a copy of what the code happens
 * to write today. Edit it by hand when a route's writes change, and have the change reviewed.
 *
 * Each row: `{ action, entityType }`, `count` (default 1; 'one per record' when the write creates
 * as many records as the data asks: a planning run's visits, a scan's alerts), `kind: 'read'` for a
 * read of personal data a POST performs, `emptyDiff: true` where the write mechanism records its
 * target untouched (a consent recorded on a person's file). Every other row must carry a change.
 * An empty list: the route changes nothing.
 */
export interface ExpectedRow {
  action: string;
  entityType: string;
  count?: number | 'one per record';
  kind?: 'write' | 'read';
  emptyDiff?: true;
}

export const WRITE_AUDIT: Record<string, readonly ExpectedRow[]> = {
  // --- auth: the row names the user signing in, out, or setting their password.
  'POST /api/auth/login': [{ action: 'user.login', entityType: 'user' }],
  'POST /api/auth/logout': [{ action: 'user.logout', entityType: 'user' }],
  // Reconciled: the auth conversion named this action user.reset_requested (with its French label
  // in fr.ts); the row is the same (the account, no author, the link's purpose and expiry).
  'POST /api/auth/password-reset': [{ action: 'user.reset_requested', entityType: 'user' }],
  'POST /api/auth/set-password': [{ action: 'user.accept_invitation', entityType: 'user' }],

  // --- people (the write mechanism records the person's file as the target of each write)
  'POST /api/people': [{ action: 'person.create', entityType: 'person' }],
  'POST /api/people/duplicates': [],
  'PATCH /api/people/:id': [{ action: 'person.update', entityType: 'person' }],
  // Reconciled: the sample's two files hold the same data, so the kept file does not change and
  // write() leaves no empty row for it (ADR 0011: a row shows a change); the duplicate's row says it
  // was merged. A kept file that gains fields, or moved evaluations/consents, leave their rows too.
  'POST /api/people/:id/merge': [{ action: 'person.merged_into', entityType: 'person' }],
  // A first evaluation also moves the person to "evaluated": the person's row shows it.
  'POST /api/people/:id/evaluations': [
    { action: 'evaluation.create', entityType: 'person' },
    { action: 'evaluation.create', entityType: 'evaluation' },
  ],
  // The erasure of p3 (after the matching sample assigned them): two rows about the file, the
  // decision (erasedAt, the reason without names) and the erased record (which identity fields
  // went, as "[effacé]"), and one per history record whose free text went (p3's status change
  // with a comment), all in one batch. No value of the person's in any of them.
  'POST /api/people/:id/erase': [
    { action: 'person.erase', entityType: 'person', count: 2 },
    { action: 'person.erase', entityType: 'status_change' },
  ],
  'POST /api/people/:id/transitions': [{ action: 'person.transition', entityType: 'person' }],
  // Reconciled: the person's file does not change when a consent or an assignment is recorded;
  // write() no longer leaves an empty row for it. The consent's (or assignment's) row names the person.
  'POST /api/people/:id/consents': [{ action: 'consent.create', entityType: 'consent' }],
  // Reconciled: a withdrawal has its effects at once (issue 8, data rights): the sample's person
  // (write-world: toWithdraw) loses their one planned visit and their assignment, each on the trail.
  'POST /api/people/:id/consents/:consentId/withdraw': [
    { action: 'consent.withdraw', entityType: 'consent' },
    { action: 'consent.withdraw', entityType: 'visit' },
    { action: 'consent.withdraw', entityType: 'assignment' },
  ],
  'POST /api/people/:id/assignment': [{ action: 'assignment.create', entityType: 'assignment' }],
  // Data rights (ADR 0012). The erasure of p3 (see below), a legal hold set then lifted on p2.
  'POST /api/people/:id/legal-hold': [{ action: 'person.legal_hold', entityType: 'person' }],
  'POST /api/people/:id/legal-hold/lift': [
    { action: 'person.legal_hold_lift', entityType: 'person' },
  ],

  // --- visitors and pairs
  'POST /api/visitors': [{ action: 'visitor.create', entityType: 'visitor' }],
  'PATCH /api/visitors/:id': [{ action: 'visitor.update', entityType: 'visitor' }],
  // Reconciled: the availability slots are their own records (visitor_availability), not fields
  // of the visitor; the row is about the slots replaced.
  'PUT /api/visitors/:id/availability': [
    { action: 'visitor.availability', entityType: 'visitor_availability' },
  ],
  // The absence is its own record (not a field of the visitor).
  'POST /api/visitors/:id/absences': [
    { action: 'visitor.absence.create', entityType: 'visitor_absence' },
  ],
  'DELETE /api/visitors/:id/absences/:absenceId': [
    { action: 'visitor.absence.delete', entityType: 'visitor_absence' },
  ],
  'POST /api/visitors/:id/end': [{ action: 'visitor.end', entityType: 'visitor' }],
  // --- issue 12: the journey. A step changes the visitor (stage, suspension) and adds its history
  // row; a favourable interview of an applicant moves them through « Entretien » to
  // « Vérifications » (two steps); an insurance also updates the visitor's insurance columns.
  'POST /api/visitors/:id/journey': [
    { action: 'journey.move', entityType: 'visitor' },
    { action: 'journey.move', entityType: 'visitor_journey_step' },
  ],
  'POST /api/visitors/:id/interviews': [
    { action: 'journey.interview', entityType: 'visitor' },
    { action: 'journey.interview', entityType: 'visitor_interview' },
    { action: 'journey.interview', entityType: 'visitor_journey_step', count: 2 },
  ],
  'POST /api/visitors/:id/documents': [
    { action: 'journey.document', entityType: 'visitor' },
    { action: 'journey.document', entityType: 'visitor_document' },
  ],
  'POST /api/visitors/applications': [
    { action: 'journey.application', entityType: 'visitor' },
    { action: 'journey.application', entityType: 'visitor_journey_step' },
  ],
  'POST /api/public/organisations/:id/applications': [
    { action: 'journey.application', entityType: 'visitor' },
    { action: 'journey.application', entityType: 'visitor_journey_step' },
  ],
  // --- issue 13: neighbour help. A kind of help added or changed; an offer saved changes the
  // visitor's roles (they become a neighbour) and writes the profile; a sign-up is an application
  // with its offer and its weekly availability.
  'POST /api/help-kinds': [{ action: 'help_kind.create', entityType: 'help_kind' }],
  'PATCH /api/help-kinds/:id': [{ action: 'help_kind.update', entityType: 'help_kind' }],
  'PUT /api/visitors/:id/neighbour': [
    { action: 'neighbour.profile', entityType: 'visitor' },
    { action: 'neighbour.profile', entityType: 'neighbour_profile' },
  ],
  'POST /api/neighbours/sign-ups': [
    { action: 'neighbour.sign_up', entityType: 'visitor' },
    { action: 'neighbour.sign_up', entityType: 'neighbour_profile' },
    { action: 'neighbour.sign_up', entityType: 'visitor_availability', count: 2 },
    { action: 'neighbour.sign_up', entityType: 'visitor_journey_step' },
  ],
  'POST /api/public/organisations/:id/neighbour-sign-ups': [
    { action: 'neighbour.sign_up', entityType: 'visitor' },
    { action: 'neighbour.sign_up', entityType: 'neighbour_profile' },
    { action: 'neighbour.sign_up', entityType: 'visitor_availability' },
    { action: 'neighbour.sign_up', entityType: 'visitor_journey_step' },
  ],
  'POST /api/pairs': [{ action: 'pair.create', entityType: 'pair' }],
  // The sample's pair visits nobody: no assignment moves.
  'POST /api/pairs/:id/dissolve': [{ action: 'pair.dissolve', entityType: 'pair' }],

  // --- referrals (the samples are not linked to a person)
  'POST /api/referrals': [{ action: 'referral.create', entityType: 'referral' }],
  'POST /api/referrals/:id/process': [{ action: 'referral.process', entityType: 'referral' }],

  // --- imports: the import accepted, one row per person its job created (the sample has two),
  // and the job's end, one batch.
  'POST /api/imports': [
    { action: 'import.run', entityType: 'import' },
    { action: 'person.create', entityType: 'person', count: 2 },
    { action: 'import.finish', entityType: 'import' },
  ],

  // --- organisation and users
  'PATCH /api/organisation/settings': [
    { action: 'organisation.update_settings', entityType: 'organisation' },
  ],
  'POST /api/organisation/local-services': [
    { action: 'organisation.create_local_service', entityType: 'local_service' },
  ],
  'POST /api/organisation/territories': [
    { action: 'organisation.add_territory', entityType: 'territory' },
  ],
  'DELETE /api/organisation/territories/:id': [
    { action: 'organisation.remove_territory', entityType: 'territory' },
  ],
  'POST /api/users': [{ action: 'user.invite', entityType: 'user' }],
  'PUT /api/organisation/retention': [
    { action: 'organisation.update_retention', entityType: 'organisation' },
  ],
  'POST /api/users/:id/invitation': [{ action: 'user.resend_invitation', entityType: 'user' }],
  'PATCH /api/users/:id': [{ action: 'user.update', entityType: 'user' }],

  // --- matching: the person becomes active and gets an assignment.
  'POST /api/matching/proposals': [],
  // The match starts at "accepted", its first step dated (ADR 0028).
  'POST /api/matching/accept': [
    { action: 'matching.accept', entityType: 'person' },
    { action: 'matching.accept', entityType: 'assignment' },
    { action: 'matching.accept', entityType: 'match_step' },
  ],

  // --- the life of a match (ADR 0028): the match is the assignment; each step is a dated
  // match_steps row. A call that reached nobody adds its contact row only; the first visit is a
  // visit with the coordinator present; a review continuing a confirmed match dates the next one.
  'POST /api/matches/:id/calls': [{ action: 'match.manage', entityType: 'contact' }],
  'POST /api/matches/:id/first-visit': [
    { action: 'match.manage', entityType: 'assignment' },
    { action: 'match.manage', entityType: 'visit' },
    { action: 'match.manage', entityType: 'match_step' },
  ],
  'POST /api/matches/:id/steps': [
    { action: 'match.manage', entityType: 'assignment' },
    { action: 'match.manage', entityType: 'match_step' },
  ],
  'POST /api/matches/:id/reviews': [
    { action: 'match.review', entityType: 'assignment' },
    { action: 'match.review', entityType: 'match_review' },
  ],
  'POST /api/matches/:id/end': [
    { action: 'match.manage', entityType: 'assignment' },
    { action: 'match.manage', entityType: 'match_step' },
  ],

  // --- planning: a generation leaves the run and one row per visit it writes, in one batch.
  // Reconciled: the run has two rows, its start (the request) and its outcome (status "done",
  // its summary: the background write); both carry the run's batch, as its visits do. The
  // sample's plan keeps each visitor's slots, so no notification is written.
  'POST /api/planning/generate': [
    { action: 'planning.generate', entityType: 'plan_run', count: 2 },
    { action: 'planning.generate', entityType: 'visit', count: 'one per record' },
  ],
  'POST /api/visits/:id/move': [{ action: 'visit.move', entityType: 'visit' }],
  'POST /api/visits/:id/cancel': [{ action: 'visit.cancel', entityType: 'visit' }],
  'POST /api/planning/closures': [{ action: 'closure.create', entityType: 'service_closure' }],
  'DELETE /api/planning/closures/:id': [
    { action: 'closure.delete', entityType: 'service_closure' },
  ],
  'POST /api/planning/absences/preview': [],
  // The sample's visitor has no visit that week: the absence alone.
  'POST /api/planning/absences': [{ action: 'absence.declare', entityType: 'visitor_absence' }],

  // --- the visitor's day: the visit, its report, and the alert the report's concern raises.
  'POST /api/visits/:id/check-in': [{ action: 'visit.check_in', entityType: 'visit' }],
  'POST /api/visits/:id/check-out': [{ action: 'visit.check_out', entityType: 'visit' }],
  'POST /api/visits/:id/report': [
    { action: 'visit.report', entityType: 'visit' },
    { action: 'visit.report', entityType: 'visit_report' },
    { action: 'alert.raise', entityType: 'alert' },
  ],
  // The calendar link is its own record (a new one revokes the previous: none in the sample).
  'POST /api/me/calendar': [{ action: 'calendar.create', entityType: 'calendar_feed' }],
  'DELETE /api/me/calendar': [{ action: 'calendar.revoke', entityType: 'calendar_feed' }],

  // --- alerts: a note is a change of the alert (not an empty diff); a scan raises alerts.
  'PATCH /api/alerts/:id': [{ action: 'alert.update', entityType: 'alert' }],
  'POST /api/alerts/:id/close': [{ action: 'alert.close', entityType: 'alert' }],
  'POST /api/alerts/scan': [
    { action: 'alert.raise', entityType: 'alert', count: 'one per record' },
  ],

  // --- the contact log (issue 12): the contact is its own record, about the person; marking a
  // call back done or moving it changes that record.
  'POST /api/contacts': [{ action: 'contact.create', entityType: 'contact' }],
  'POST /api/contacts/:id/callback-done': [{ action: 'contact.update', entityType: 'contact' }],
  'PATCH /api/contacts/:id/callback': [{ action: 'contact.update', entityType: 'contact' }],
  // --- training (issue 12): the session is its own record; each mark that changes is a row
  // about the attendance (the session itself does not change); the contract and the outcome are
  // fields of the visitor.
  'POST /api/training/sessions': [{ action: 'training.create', entityType: 'training_session' }],
  'PATCH /api/training/sessions/:id': [
    { action: 'training.update', entityType: 'training_session' },
  ],
  'POST /api/training/sessions/:id/cancel': [
    { action: 'training.cancel', entityType: 'training_session' },
  ],
  'PUT /api/training/sessions/:id/attendance': [
    { action: 'training.attendance', entityType: 'training_attendance' },
  ],
  'PUT /api/visitors/:id/contract': [{ action: 'visitor.contract', entityType: 'visitor' }],
  'PUT /api/visitors/:id/exit-outcome': [{ action: 'visitor.exit_outcome', entityType: 'visitor' }],

  // --- issue 13: the professionals' directory. The professional's own answer by the link: their
  // record (checked today, corrected) and the link, used.
  'POST /api/professionals': [{ action: 'professional.manage', entityType: 'professional' }],
  'PUT /api/professionals/:id': [{ action: 'professional.manage', entityType: 'professional' }],
  'POST /api/professionals/:id/checked': [
    { action: 'professional.check', entityType: 'professional' },
  ],
  'POST /api/public/professional-check': [],
  'POST /api/public/professional-check/confirm': [
    { action: 'professional.self_confirm', entityType: 'professional' },
    { action: 'professional.self_confirm', entityType: 'professional_check' },
  ],
  'POST /api/public/professional-check/correct': [
    { action: 'professional.self_correct', entityType: 'professional' },
    { action: 'professional.self_correct', entityType: 'professional_check' },
  ],
  // --- neighbour help (issue 13): the request is its own record about the person, each date it
  // creates or cancels a row (one batch); a phone request notes the call in the contact log (and
  // the sample's person is already in the base: no file created). A write answers the request page
  // without a read row: its own rows trace the change.
  'POST /api/help-requests': [
    { action: 'help_request.create', entityType: 'help_request' },
    { action: 'help_request.create', entityType: 'help_occurrence', count: 'one per record' },
    { action: 'help_request.create', entityType: 'contact' },
  ],
  'POST /api/help-requests/:id/person': [
    { action: 'help_request.manage', entityType: 'help_request' },
    { action: 'help_request.manage', entityType: 'help_occurrence', count: 'one per record' },
  ],
  'POST /api/help-requests/:id/end': [
    { action: 'help_request.manage', entityType: 'help_request' },
    { action: 'help_request.manage', entityType: 'help_occurrence', count: 'one per record' },
  ],
  'POST /api/help-occurrences/:id/cancel': [
    { action: 'help_request.manage', entityType: 'help_occurrence' },
  ],
  'POST /api/public/organisations/:id/help-requests': [
    { action: 'help_request.public', entityType: 'help_request' },
  ],
};
