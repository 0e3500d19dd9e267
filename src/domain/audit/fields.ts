/**
 * What the audit trail keeps of each field it sees change (ADR 0011).
 *
 * - `clear`: kept as values (statuses, dates, ids, settings): who-did-what stays readable.
 * - `identity`: kept as values while the person's file lives; an erasure replaces them in every
 *   audit row about that person (`pseudonymiseDiff`), so the trail keeps who did what, not whom.
 * - `masked`: free text, health and social remarks, LSNS-6 answers, contact details: only the fact
 *   that they changed is kept ("[masqué]"), never the value, so three years of audit do not hold
 *   what an erasure must forget.
 *
 * A field this file does not know is masked: a new column cannot leak into the trail by default.
 */

export type FieldClass = 'clear' | 'identity' | 'masked';

export const MASKED = '[masqué]';
export const ERASED = '[effacé]';

const IDENTITY = [
  'lastName',
  'firstName',
  'birthName',
  'birthDate',
  'displayName',
  'name',
  'givenByName',
  'evaluatorName',
  // Follow-up (issue 12): who held an interview, who led a training session.
  'interviewerName',
  'ledBy',
  'partnerName',
  'fileName',
  // Stored search keys of a person (migration 0018): the names, folded.
  'searchText',
  'sortLast',
  'sortFirst',
  // The person to ask for at a professional's business (issue 13).
  'contactName',
  // Neighbour help (issue 13): the senior's and the carer's names as typed on the public page.
  'seniorName',
  'carerName',
] as const;

const MASKED_FIELDS = [
  // Contact details and exact location.
  'email',
  'phone',
  'phones',
  'street',
  'addressComplement',
  'latitude',
  'longitude',
  'locationNote',
  'contacts',
  'recipient',
  'ip',
  'userAgent',
  // Free text, health and social remarks.
  'notes',
  'note',
  'comment',
  'practicalNotes',
  'preferences',
  'details',
  'observations',
  'concern',
  'mood',
  'statusNote',
  'reason',
  'subject',
  'body',
  'error',
  // An outbox e-mail (ADR 0015): its bodies hold sign-in links; a delivery error may quote an address.
  'textBody',
  'htmlBody',
  'lastError',
  // SMS (ADR 0032): what was sent or received, who sent it, what a reply handler said about it.
  'text',
  'sender',
  'dispatchNote',
  'outcome',
  'checklist',
  'decisionReasons',
  'apa',
  'gir',
  'teleAssistance',
  'livesAlone',
  'lsnsFamilySeen',
  'lsnsFamilyTalkPrivate',
  'lsnsFamilyHelp',
  'lsnsFriendsSeen',
  'lsnsFriendsTalkPrivate',
  'lsnsFriendsHelp',
  'answers',
  'title',
  'legalHoldReason',
  // Why the consent to visits could not be collected yet (free text about the person).
  'consentPendingReason',
  // Follow-up (issue 12): free text about a person, a visitor or a match; both sides' satisfaction
  // with a match is an opinion about people.
  'applicationNote',
  'suspendedReason',
  'endedReason',
  'exitOutcomeNote',
  'endComment',
  'personSatisfaction',
  'visitorSatisfaction',
  // The journey (issue 12): a document outside the required list, named by whoever records it.
  'label',
  // Neighbour help (issue 13): phones as typed, what the help is and where it goes.
  'seniorPhone',
  'carerPhone',
  'description',
  'destination',
  // Secrets never belong in a trail, not even hashed.
  'passwordHash',
  'tokenHash',
  'csrfToken',
  'keyHash',
  // An audit row's own diff (never diffed itself, but classified like every column).
  'diff',
  // The rows an import still has to write: people's data.
  'payload',
] as const;

/** Fields whose name alone says nothing personal. */
const CLEAR_FIELDS = [
  'id',
  // An import's answers to "which commune is this?": commune names, nobody's data.
  'communeChoices',
  'organisationId',
  'localServiceId',
  'personId',
  'visitorId',
  'visitorAId',
  'visitorBId',
  'pairId',
  'assignmentId',
  'visitId',
  'alertId',
  'userId',
  'ownerId',
  'submittedBy',
  'recordedBy',
  'changedBy',
  'createdBy',
  'startedBy',
  'evaluatorUserId',
  'mergedIntoId',
  'replacesId',
  'planRunId',
  'mergedFrom',
  'importId',
  'clientId',
  'attemptId',
  'kind',
  'status',
  'currentStatus',
  'fromStatus',
  'toStatus',
  'severity',
  'gender',
  // Madame / Monsieur: what the gender already says, kept clear like it.
  'formOfAddress',
  'postalCode',
  'communeName',
  'inseeCode',
  'locationStatus',
  'locationPrecision',
  'roles',
  'isDemo',
  'disabledAt',
  'purpose',
  'expiresAt',
  'usedAt',
  'revokedAt',
  'evaluatedOn',
  'evaluatorOpinion',
  'decision',
  'ruleApplied',
  'method',
  'givenBy',
  'givenOn',
  'withdrawnOn',
  'scopeVisits',
  'scopeDataSharing',
  'scopeHeatwaveRegister',
  'startedOn',
  'endedOn',
  'formedOn',
  'dissolvedOn',
  'dissolutionReason',
  'capacity',
  'visitsPerWeek',
  'visitMinutes',
  'preferredDays',
  'preferredPeriods',
  'place',
  'interests',
  'languages',
  'referralSource',
  'importKey',
  'urgency',
  'contactConsent',
  'weekStart',
  'rank',
  'date',
  'visitDate',
  'startTime',
  'endTime',
  'weekday',
  'durationMinutes',
  'crew',
  'cancelReason',
  'checkedInAt',
  'checkedOutAt',
  'writtenAt',
  'activities',
  'concernSeverity',
  'progress',
  'summary',
  'startedAt',
  'finishedAt',
  // Planning concurrency (ADR 0017): a run's heartbeat and the week revisions.
  'heartbeatAt',
  'weekRevision',
  'revision',
  'closedAt',
  'dedupeKey',
  'startsOn',
  'endsOn',
  'commitmentStart',
  'commitmentEnd',
  // Follow-up (issue 12): stages, dates and codes of matches, journeys, documents and contacts.
  'waitingPrioritySince',
  'waitingPriorityReason',
  'journeyStage',
  'appliedOn',
  'applicationSource',
  'suspendedUntil',
  'contractType',
  'exitOutcome',
  'exitOutcomeOn',
  'stage',
  'stageSince',
  'firstVisitId',
  'trialEndsOn',
  'nextReviewOn',
  'endReason',
  'staffUserId',
  'personContactId',
  'occurredAt',
  'callbackOn',
  'callbackOwnerId',
  'callbackDoneAt',
  'callbackDoneBy',
  'fromStage',
  'toStage',
  'effectiveOn',
  'heldOn',
  'newVisitsPerWeek',
  'heldBy',
  'interviewerId',
  'version',
  'provider',
  'receivedOn',
  'expiresOn',
  'sessionId',
  'cancelledAt',
  'charterSignedOn',
  'insuranceProvider',
  'insuranceValidUntil',
  'mobility',
  'maxTripMinutes',
  'settings',
  'channel',
  'target',
  'fileSha256',
  'mode',
  'created',
  'skipped',
  'rejected',
  'total',
  'processed',
  'toLocate',
  'relationship',
  'isEmergencyContact',
  'effectiveDate',
  'until',
  'role',
  'visitors',
  'visits',
  'count',
  'at',
  'expired',
  'createdAt',
  'updatedAt',
  'succeeded',
  'action',
  'entityType',
  'entityId',
  'subjectId',
  'batchId',
  'source',
  // Data rights (ADR 0012).
  'archivedAt',
  'erasedAt',
  'birthYearBand',
  'legalHoldKind',
  'legalHoldSince',
  'legalHoldBy',
  'consentPendingSince',
  // Reasons of a data-rights decision, kept to prove it (the person's names taken out first).
  'erasureReason',
  'liftReason',
  // The retention rule applied (dates and durations only).
  'retentionRule',
  'retention',
  'job',
  'day',
  'result',
  // The e-mail outbox's delivery state.
  'notificationId',
  'attempts',
  'claimedAt',
  'sentAt',
  'messageId',
  // The SMS outbox's delivery and reply state (ADR 0032); a reply key is `<handler>:<id>`.
  'replyKey',
  'repliedAt',
  'deliveryStatus',
  'deliveryError',
  'receiptAt',
  'outboxId',
  'dispatch',
  'receivedAt',
  // The professionals' directory (issue 13, ADR 0035): a business's trade, hours, communes served
  // and checks; its contact details and notes stay masked by name.
  'trade',
  'businessName',
  'website',
  'hours',
  'worksPublicHolidays',
  'communesServed',
  'departmentCode',
  'lastCheckedOn',
  'checkedBy',
  'checkedVia',
  'active',
  'professionalId',
  'answeredAt',
  'answer',
  // Neighbour help (issue 13): codes, dates and who did what.
  'postedBy',
  'carerRelationship',
  'takenByUserId',
  'consentToContact',
  'consentRecordedBy',
  'consentRecordedAt',
  'helpKind',
  'recurrence',
  'generatedUntil',
  'closedBy',
  'requestId',
  'cancelledBy',
  // Neighbour help (issue 13): help kinds and what a neighbour offers (codes, numbers, a channel).
  'code',
  'active',
  'position',
  'offers',
  'maxDistanceKm',
  'weeklyLimit',
  'notifyBy',
] as const;

/** Where a field name means something else for one kind of record. */
const OVERRIDES: Record<string, Record<string, FieldClass>> = {
  // The name of a local service or of an organisation is not a person's.
  local_service: { name: 'clear' },
  organisation: { name: 'clear' },
  territory: { name: 'clear' },
  // A help kind's label is the organisation's wording (« Courses »), nobody's data.
  help_kind: { label: 'clear' },
  // A closure's reason is "férié", "pont"…; a cancellation's reason is chosen from a list.
  service_closure: { reason: 'clear' },
  // An alert's title names its kind ("Personne ne répond"), the person being in personId.
  // Its outcome is free text, masked by default.
};

const BY_NAME = new Map<string, FieldClass>([
  ...IDENTITY.map((f) => [f, 'identity'] as const),
  ...MASKED_FIELDS.map((f) => [f, 'masked'] as const),
  ...CLEAR_FIELDS.map((f) => [f, 'clear'] as const),
]);

export function classifyField(entityType: string, field: string): FieldClass {
  return OVERRIDES[entityType]?.[field] ?? BY_NAME.get(field) ?? 'masked';
}

/** Every field name this file classifies explicitly (for the test that every column is known). */
export function isClassified(entityType: string, field: string): boolean {
  return OVERRIDES[entityType]?.[field] !== undefined || BY_NAME.has(field);
}

export type Diff = Record<string, [unknown, unknown]>;

/** Nothing there stays nothing (null, '', []): "added" and "removed" stay visible, values do not. */
const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);
const mask = (value: unknown) => (isEmpty(value) ? null : MASKED);

/** The diff as the trail stores it: masked fields keep only that they changed. */
export function redactDiff(entityType: string, diff: Diff): Diff {
  const out: Diff = {};
  for (const [field, [before, after]] of Object.entries(diff)) {
    out[field] =
      classifyField(entityType, field) === 'masked' ? [mask(before), mask(after)] : [before, after];
  }
  return out;
}

/**
 * After an erasure: identity values in an audit row about the erased person become "[effacé]";
 * who acted, when, on which record and which fields changed stay.
 */
export function pseudonymiseDiff(entityType: string, diff: Diff): Diff {
  const out: Diff = {};
  for (const [field, [before, after]] of Object.entries(diff)) {
    const erase = classifyField(entityType, field) !== 'clear';
    out[field] = erase
      ? [isEmpty(before) ? null : ERASED, isEmpty(after) ? null : ERASED]
      : [before, after];
  }
  return out;
}
