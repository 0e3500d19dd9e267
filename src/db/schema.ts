/**
 * Database schema (Drizzle). Rules that shape it:
 * - every row that belongs to a service carries `organisation_id`, so every query can be scoped;
 * - we store what users enter, never what can be derived and drift (age, LSNS total, current
 *   status: those are computed from birth date, the six answers and the status history);
 * - histories (status, pairs, consents, evaluations) are append-only rows, not overwritten fields.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- organisations and territories

export const organisations = pgTable('organisations', {
  id: id(),
  name: text('name').notNull(),
  /** departement | ccas | association | commune | other */
  kind: text('kind').notNull(),
  /** Eligibility rule and other service settings, validated by Zod on write. */
  settings: jsonb('settings').notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const localServices = pgTable(
  'local_services',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('local_services_org_name').on(t.organisationId, t.name)],
);

/** The communes an organisation serves, optionally attributed to one of its local services. */
export const territories = pgTable(
  'territories',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    postalCode: text('postal_code').notNull(),
    communeName: text('commune_name').notNull(),
    inseeCode: text('insee_code'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('territories_org_commune').on(t.organisationId, t.postalCode, t.communeName)],
);

// ---------------------------------------------------------------- accounts

export const users = pgTable(
  'users',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** madame | monsieur | null (neutral wording): role names agree with it (migration 0019). */
    formOfAddress: text('form_of_address'),
    /** Null until the invitation is accepted. */
    passwordHash: text('password_hash'),
    roles: text('roles').array().notNull(),
    /** For a visitor's own account: the visitor record it is. */
    visitorId: uuid('visitor_id'),
    isDemo: boolean('is_demo').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower').on(sql`lower(${t.email})`),
    check('users_form_of_address', sql`${t.formOfAddress} in ('madame', 'monsieur')`),
    // The users list: its search and sort expressions (src/server/users/service.ts, ADR 0020).
    index('users_list').on(t.organisationId, sql`search_key(${t.displayName})`, t.id),
    index('users_search').using(
      'gin',
      sql`search_key(${t.displayName} || ' ' || ${t.email}) gin_trgm_ops`,
    ),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a stolen database does not give live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** One-time links sent by e-mail: invitations and password resets. */
export const authTokens = pgTable('auth_tokens', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** invitation | password_reset */
  purpose: text('purpose').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip'),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_email_at').on(t.email, t.at),
    index('login_attempts_ip_at').on(t.ip, t.at),
  ],
);

/**
 * The counters of the sign-in and password-reset limits (ADR 0014): one row per counted attempt
 * and limited key, read and written under a lock on the key (src/server/auth/throttle.ts), so
 * every process on the database shares them. A sign-in that succeeds takes its rows back.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** SHA-256 of the key ("login:account:<e-mail>"): the counters keep no address themselves. */
    keyHash: text('key_hash').notNull(),
    /** The attempt counted (one per request, across its keys). */
    attemptId: uuid('attempt_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rate_limit_hits_key_at').on(t.keyHash, t.at),
    index('rate_limit_hits_attempt').on(t.attemptId),
  ],
);

// ---------------------------------------------------------------- audit

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    userId: uuid('user_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** write | read */
    kind: text('kind').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** For writes: { field: [before, after] }. For reads: null, or an export's list, filters and rows. */
    diff: jsonb('diff'),
    ip: text('ip'),
    /** The person accompanied the row is about (their file, visit, alert…): found by an erasure. */
    subjectId: uuid('subject_id'),
    /** Rows written by one import, one planning run or one job share it. */
    batchId: text('batch_id'),
    /** Where the write came from when no user made it: `job:silence-scan`, `cli:import`… */
    source: text('source'),
  },
  (t) => [
    // The audit list: newest first (at, id), and per user (ADR 0020).
    index('audit_org_at_id').on(t.organisationId, t.at, t.id),
    index('audit_org_user_at').on(t.organisationId, t.userId, t.at, t.id),
    index('audit_entity').on(t.entityType, t.entityId),
    index('audit_subject').on(t.subjectId),
    index('audit_batch').on(t.batchId),
  ],
);

// ---------------------------------------------------------------- people accompanied

export const people = pgTable(
  'people',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    lastName: text('last_name').notNull(),
    birthName: text('birth_name'),
    firstName: text('first_name').notNull(),
    birthDate: date('birth_date'),
    /** female | male | other | null */
    gender: text('gender'),
    /** madame | monsieur | null (neutral wording): "née", "Madame" (migration 0019). */
    formOfAddress: text('form_of_address'),
    street: text('street'),
    addressComplement: text('address_complement'),
    postalCode: text('postal_code'),
    communeName: text('commune_name'),
    inseeCode: text('insee_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** located | to_locate: an address that cannot be located is kept and flagged, never refused. */
    locationStatus: text('location_status').notNull().default('to_locate'),
    /** housenumber | street | commune */
    locationPrecision: text('location_precision'),
    locationNote: text('location_note'),
    email: text('email'),
    /** [{ number: E.164, label }] */
    phones: jsonb('phones').notNull().default([]),
    livesAlone: boolean('lives_alone'),
    apa: boolean('apa'),
    gir: smallint('gir'),
    teleAssistance: boolean('tele_assistance'),
    interests: text('interests')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** { days: [1..7], periods: ['morning'|'afternoon'], visitorGender: 'female'|'male'|null, notes } */
    preferences: jsonb('preferences').notNull().default({}),
    /** Visits wanted per week, and the length of one (matching and planning). */
    visitsPerWeek: smallint('visits_per_week').notNull().default(1),
    visitMinutes: smallint('visit_minutes').notNull().default(90),
    practicalNotes: text('practical_notes'),
    referralSource: text('referral_source'),
    /** Set when this record was merged into another one; merged records are hidden from lists. */
    mergedIntoId: uuid('merged_into_id'),
    /** Key of the import row that created it: re-importing the same file creates nothing new. */
    importKey: text('import_key'),
    /**
     * Retention (ADR 0012): set when the file moved to the restricted archive (no contact for the
     * active period); only administrators then read it, every read audited.
     */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Set when the person was erased (on request or at the end of the archive): identity gone. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** After an erasure, the first year of the five-year band of the birth date (indicators by age). */
    birthYearBand: smallint('birth_year_band'),
    /**
     * A legal hold suspends erasure and anonymisation (a report to the public prosecutor, a
     * pending dispute…): its kind, the administrator's written reason, since when and by whom.
     */
    legalHoldKind: text('legal_hold_kind'),
    legalHoldReason: text('legal_hold_reason'),
    legalHoldSince: date('legal_hold_since'),
    legalHoldBy: uuid('legal_hold_by').references(() => users.id),
    /**
     * Why the consent to visits could not be collected yet, and since when (migration 0020): the
     * only way into "waiting" without a recorded consent, shown on the file until one is recorded.
     */
    consentPendingReason: text('consent_pending_reason'),
    consentPendingSince: date('consent_pending_since'),
    /**
     * Back on the waiting list after a match ended for want of affinity (migration 0021): the
     * person comes first in the next proposals, with why and since when. Cleared by a new match.
     */
    waitingPrioritySince: date('waiting_priority_since'),
    waitingPriorityReason: text('waiting_priority_reason'),
    /**
     * The latest `status_changes.to_status` (by id), kept by a trigger on status_changes in the
     * same statement (migration 0011, ADR 0020): the history stays the truth, this copy lets
     * lists filter and show the status without a subquery per row. Never written by the app.
     */
    currentStatus: text('current_status'),
    /**
     * Search and sort keys, folded (accents, case) and stored by PostgreSQL (generated columns,
     * migration 0018): a search reads them instead of computing unaccent for every match.
     */
    searchText: text('search_text').generatedAlwaysAs(
      sql`search_key(last_name || ' ' || first_name || ' ' || coalesce(birth_name, '') || ' ' || coalesce(commune_name, ''))`,
    ),
    sortLast: text('sort_last').generatedAlwaysAs(sql`search_key(last_name)`),
    sortFirst: text('sort_first').generatedAlwaysAs(sql`search_key(first_name)`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => {
    // Lists and search only ever show live files (not merged, not erased): the list indexes are
    // partial on that (ADR 0020). The migration adds INCLUDE columns by hand.
    const live = sql`${t.mergedIntoId} is null and ${t.erasedAt} is null`;
    const sortKeys = [t.sortLast, t.sortFirst, t.id];
    return [
      index('people_org').on(t.organisationId),
      index('people_search')
        .using('gin', sql`${t.searchText} gin_trgm_ops`)
        .where(live),
      index('people_phones')
        .using('gin', sql`(${t.phones}::text) gin_trgm_ops`)
        .where(live),
      // The total of a list without search: counted from this narrow index alone.
      index('people_count').on(t.organisationId, t.localServiceId).where(live),
      index('people_list')
        .on(t.organisationId, ...sortKeys)
        .where(live),
      index('people_list_service')
        .on(t.organisationId, t.localServiceId, ...sortKeys)
        .where(live),
      index('people_list_status')
        .on(t.organisationId, t.currentStatus, ...sortKeys)
        .where(live),
      index('people_birth_date').on(t.organisationId, t.birthDate),
      uniqueIndex('people_import_key').on(t.organisationId, t.importKey),
      check('people_gir_range', sql`${t.gir} is null or ${t.gir} between 1 and 6`),
      check('people_form_of_address', sql`${t.formOfAddress} in ('madame', 'monsieur')`),
      check('people_visits_per_week', sql`${t.visitsPerWeek} between 1 and 7`),
      check('people_visit_minutes', sql`${t.visitMinutes} between 15 and 480`),
    ];
  },
);

export const personContacts = pgTable(
  'person_contacts',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** child | spouse | sibling | grandchild | neighbour | friend | carer | guardian | doctor | other */
    relationship: text('relationship').notNull(),
    phone: text('phone'),
    email: text('email'),
    isEmergencyContact: boolean('is_emergency_contact').notNull().default(false),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [
    index('person_contacts_person').on(t.personId),
    // The incoming-call screen's search by number (migration 0028).
    index('person_contacts_phone')
      .on(t.phone)
      .where(sql`${t.phone} is not null`),
  ],
);

/** The status history is the truth; the current status is its latest row. */
export const statusChanges = pgTable(
  'status_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    until: date('until'),
    effectiveDate: date('effective_date').notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('status_changes_person').on(t.personId, t.id)],
);

export const evaluations = pgTable(
  'evaluations',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    evaluatedOn: date('evaluated_on').notNull(),
    evaluatorUserId: uuid('evaluator_user_id').references(() => users.id),
    evaluatorName: text('evaluator_name').notNull(),
    /** The six LSNS-6 answers, 0-5 each; the total is computed, never stored. */
    lsnsFamilySeen: smallint('lsns_family_seen').notNull(),
    lsnsFamilyTalkPrivate: smallint('lsns_family_talk_private').notNull(),
    lsnsFamilyHelp: smallint('lsns_family_help').notNull(),
    lsnsFriendsSeen: smallint('lsns_friends_seen').notNull(),
    lsnsFriendsTalkPrivate: smallint('lsns_friends_talk_private').notNull(),
    lsnsFriendsHelp: smallint('lsns_friends_help').notNull(),
    livesAlone: boolean('lives_alone'),
    /** favorable | defavorable | null: the evaluator's own opinion */
    evaluatorOpinion: text('evaluator_opinion'),
    notes: text('notes'),
    /** The rule in force when the decision was taken, and the decision itself: a record of what
     * was decided, which must not change when the organisation later edits its rule. */
    ruleApplied: jsonb('rule_applied').notNull(),
    decision: text('decision').notNull(),
    decisionReasons: jsonb('decision_reasons').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('evaluations_person').on(t.personId, t.evaluatedOn),
    check(
      'evaluations_lsns_range',
      sql`${t.lsnsFamilySeen} between 0 and 5 and ${t.lsnsFamilyTalkPrivate} between 0 and 5 and ${t.lsnsFamilyHelp} between 0 and 5 and ${t.lsnsFriendsSeen} between 0 and 5 and ${t.lsnsFriendsTalkPrivate} between 0 and 5 and ${t.lsnsFriendsHelp} between 0 and 5`,
    ),
  ],
);

export const consents = pgTable(
  'consents',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    givenOn: date('given_on').notNull(),
    /** oral | written | phone | electronic */
    method: text('method').notNull(),
    /** person | carer | legal_guardian */
    givenBy: text('given_by').notNull(),
    givenByName: text('given_by_name'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    scopeVisits: boolean('scope_visits').notNull(),
    scopeDataSharing: boolean('scope_data_sharing').notNull(),
    scopeHeatwaveRegister: boolean('scope_heatwave_register').notNull(),
    withdrawnOn: date('withdrawn_on'),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [index('consents_person').on(t.personId)],
);

// ---------------------------------------------------------------- visitors and pairs

export const visitors = pgTable(
  'visitors',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    /** employed_young | volunteer | civic_service */
    kind: text('kind').notNull(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    gender: text('gender'),
    email: text('email'),
    phone: text('phone'),
    commitmentStart: date('commitment_start'),
    commitmentEnd: date('commitment_end'),
    charterSignedOn: date('charter_signed_on'),
    insuranceProvider: text('insurance_provider'),
    insuranceValidUntil: date('insurance_valid_until'),
    street: text('street'),
    postalCode: text('postal_code'),
    communeName: text('commune_name'),
    inseeCode: text('insee_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    locationStatus: text('location_status').notNull().default('to_locate'),
    locationPrecision: text('location_precision'),
    locationNote: text('location_note'),
    /** foot | bike | public_transport | car */
    mobility: text('mobility').notNull(),
    maxTripMinutes: integer('max_trip_minutes').notNull(),
    /** People a volunteer visiting alone can follow at once (a pair's is on the pair). */
    capacity: smallint('capacity').notNull().default(3),
    interests: text('interests')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    endedOn: date('ended_on'),
    importKey: text('import_key'),
    /**
     * The journey (migration 0021): applied | interview | checks | training | active | suspended
     * | ended. Only an active visitor with every required document can be proposed or planned;
     * the history is in `visitor_journey_steps`.
     */
    journeyStage: text('journey_stage').notNull().default('active'),
    appliedOn: date('applied_on'),
    /** web | staff */
    applicationSource: text('application_source'),
    applicationNote: text('application_note'),
    suspendedReason: text('suspended_reason'),
    suspendedUntil: date('suspended_until'),
    endedReason: text('ended_reason'),
    /** Employed young visitors: the contract's type (dates: commitment_start, commitment_end). */
    contractType: text('contract_type'),
    /** Their outcome at the end: job | training | other, with its date (reported to funders). */
    exitOutcome: text('exit_outcome'),
    exitOutcomeOn: date('exit_outcome_on'),
    exitOutcomeNote: text('exit_outcome_note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * What the visitor does (migration 0027): 'visits' (proposed by the matching and planned) and
     * 'neighbour_help' (an active neighbour, issue 13). A neighbour-only volunteer is never a
     * candidate of the visit matching nor of the weekly planning.
     */
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{visits}'::text[]`),
  },
  (t) => {
    // The visitors list: its search and sort expressions (src/server/visitors/queries.ts, ADR 0020).
    const sortKeys = [sql`search_key(${t.lastName})`, sql`search_key(${t.firstName})`, t.id];
    return [
      index('visitors_org').on(t.organisationId),
      uniqueIndex('visitors_import_key').on(t.organisationId, t.importKey),
      index('visitors_list').on(t.organisationId, ...sortKeys),
      index('visitors_list_service').on(t.organisationId, t.localServiceId, ...sortKeys),
      index('visitors_search').using(
        'gin',
        sql`search_key(${t.lastName} || ' ' || ${t.firstName} || ' ' || coalesce(${t.communeName}, '') || ' ' || coalesce(${t.email}, '')) gin_trgm_ops`,
      ),
      index('visitors_phone').using('gin', sql`coalesce(${t.phone}, '') gin_trgm_ops`),
      index('visitors_neighbours')
        .on(t.organisationId)
        .where(sql`'neighbour_help' = any(${t.roles})`),
      check(
        'visitors_roles',
        sql`cardinality(${t.roles}) >= 1 and ${t.roles} <@ array['visits', 'neighbour_help']::text[]`,
      ),
    ];
  },
);

export const visitorAvailability = pgTable(
  'visitor_availability',
  {
    id: id(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    /** ISO weekday, 1 = Monday */
    weekday: smallint('weekday').notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
  },
  (t) => [
    index('visitor_availability_visitor').on(t.visitorId),
    check('visitor_availability_order', sql`${t.startTime} < ${t.endTime}`),
    check('visitor_availability_weekday', sql`${t.weekday} between 1 and 7`),
  ],
);

/** Dated unavailabilities: training days, leave, sickness. */
export const visitorAbsences = pgTable(
  'visitor_absences',
  {
    id: id(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    /** training | leave | sick | other */
    kind: text('kind').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('visitor_absences_visitor').on(t.visitorId, t.startsOn),
    check('visitor_absences_order', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** Binômes, with their history: a dissolved pair keeps its row. */
export const pairs = pgTable(
  'pairs',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    visitorAId: uuid('visitor_a_id')
      .notNull()
      .references(() => visitors.id),
    visitorBId: uuid('visitor_b_id')
      .notNull()
      .references(() => visitors.id),
    formedOn: date('formed_on').notNull(),
    dissolvedOn: date('dissolved_on'),
    dissolutionReason: text('dissolution_reason'),
    /** People the pair can follow at once. */
    capacity: smallint('capacity').notNull().default(12),
    createdAt: createdAt(),
  },
  (t) => [
    index('pairs_org').on(t.organisationId),
    uniqueIndex('pairs_active_a')
      .on(t.visitorAId)
      .where(sql`${t.dissolvedOn} is null`),
    uniqueIndex('pairs_active_b')
      .on(t.visitorBId)
      .where(sql`${t.dissolvedOn} is null`),
    check('pairs_distinct', sql`${t.visitorAId} <> ${t.visitorBId}`),
  ],
);

/** Who visits whom: a person is followed by a pair or by a volunteer alone. */
export const assignments = pgTable(
  'assignments',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    pairId: uuid('pair_id').references(() => pairs.id),
    visitorId: uuid('visitor_id').references(() => visitors.id),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /**
     * The rhythm of the visits (planning). Visits per week and length: null means the person's own
     * (`people.visits_per_week`, `visit_minutes`); days are ISO weekdays (1 = Monday).
     */
    visitsPerWeek: smallint('visits_per_week'),
    visitMinutes: smallint('visit_minutes'),
    preferredDays: smallint('preferred_days')
      .array()
      .notNull()
      .default(sql`'{}'::smallint[]`),
    /** morning | afternoon */
    preferredPeriods: text('preferred_periods')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** home | walk | errands | club */
    place: text('place').notNull().default('home'),
    /**
     * The life of the match (migration 0021): accepted | announced (both sides called) |
     * first_visit_planned | trial | confirmed | ended; every step is a `match_steps` row.
     */
    stage: text('stage').notNull().default('confirmed'),
    stageSince: date('stage_since'),
    /** The first visit, with the coordinator present. */
    firstVisitId: uuid('first_visit_id').references((): AnyPgColumn => visits.id, {
      onDelete: 'set null',
    }),
    trialEndsOn: date('trial_ends_on'),
    nextReviewOn: date('next_review_on'),
    endReason: text('end_reason'),
    endComment: text('end_comment'),
  },
  (t) => [
    check(
      'assignments_stage',
      sql`${t.stage} in ('accepted', 'announced', 'first_visit_planned', 'trial', 'confirmed', 'ended')`,
    ),
    index('assignments_due')
      .on(t.organisationId, t.stage)
      .where(sql`${t.endedOn} is null`),
    check(
      'assignments_visits_per_week',
      sql`${t.visitsPerWeek} is null or ${t.visitsPerWeek} between 1 and 7`,
    ),
    check(
      'assignments_visit_minutes',
      sql`${t.visitMinutes} is null or ${t.visitMinutes} between 15 and 480`,
    ),
    index('assignments_person').on(t.personId),
    index('assignments_pair').on(t.pairId),
    index('assignments_visitor').on(t.visitorId),
    check('assignments_one_unit', sql`(${t.pairId} is null) <> (${t.visitorId} is null)`),
  ],
);

// ---------------------------------------------------------------- referrals

export const referrals = pgTable(
  'referrals',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    partnerName: text('partner_name').notNull(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    birthDate: date('birth_date'),
    street: text('street'),
    postalCode: text('postal_code'),
    communeName: text('commune_name'),
    phone: text('phone'),
    reason: text('reason').notNull(),
    /** low | normal | urgent */
    urgency: text('urgency').notNull(),
    /** person_agreed | carer_agreed | not_asked */
    contactConsent: text('contact_consent').notNull(),
    /** submitted | in_review | accepted | declined | closed */
    status: text('status').notNull().default('submitted'),
    statusNote: text('status_note'),
    personId: uuid('person_id').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The referrals list: newest first, then by id; by status; a partner's own (ADR 0020).
    index('referrals_list').on(t.organisationId, t.createdAt.desc(), t.id),
    index('referrals_list_status').on(t.organisationId, t.status, t.createdAt.desc(), t.id),
    index('referrals_list_submitter').on(t.organisationId, t.submittedBy, t.createdAt.desc(), t.id),
  ],
);

// ---------------------------------------------------------------- imports

export const imports = pgTable(
  'imports',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    userId: uuid('user_id').references(() => users.id),
    /** people | visitors */
    target: text('target').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    mode: text('mode').notNull(),
    created: integer('created').notNull(),
    skipped: integer('skipped').notNull(),
    rejected: integer('rejected').notNull(),
    /** pending | running | done | failed: an import is written by a job, in slices (ADR 0018). */
    status: text('status').notNull().default('done'),
    /** Rows to write, rows written so far (the progress the import screen shows). */
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    /** Records created whose address could not be located. */
    toLocate: integer('to_locate').notNull().default(0),
    /** The valid rows to write, as read from the file; emptied when the import ends. */
    payload: jsonb('payload'),
    /** The user's answers to "which commune?" (choice key → "dept|postal code|name"), kept. */
    communeChoices: jsonb('commune_choices'),
    /** French, shown to the user, when the import failed. */
    error: text('error'),
    /** Kept fresh by the process writing it: an old one means that process stopped (job.ts). */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  // The import history, newest first (ADR 0020).
  (t) => [index('imports_org').on(t.organisationId, t.createdAt, t.id)],
);

// ---------------------------------------------------------------- planning and visits

/** Days a service holds no visits besides public holidays (closures, staff days). */
export const serviceClosures = pgTable(
  'service_closures',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** null: the whole organisation closes. */
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    date: date('date').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('service_closures_org_date').on(t.organisationId, t.date)],
);

/** One generation of a week for a local service, with its progress and outcome. */
export const planRuns = pgTable(
  'plan_runs',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id')
      .notNull()
      .references(() => localServices.id),
    weekStart: date('week_start').notNull(),
    /** running | done | failed */
    status: text('status').notNull().default('running'),
    progress: doublePrecision('progress').notNull().default(0),
    /** { planned, unplanned: [{ personId, reason, message }], travelMinutes, … } */
    summary: jsonb('summary'),
    error: text('error'),
    startedBy: uuid('started_by').references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /**
     * Touched every few seconds by the process computing the run: a running run whose heartbeat
     * is too old belongs to a server that stopped, and is failed (ADR 0017).
     */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    /** The week's revision (planning_weeks) when the run read it; compared when it writes. */
    weekRevision: integer('week_revision'),
  },
  (t) => [
    index('plan_runs_service_week').on(t.localServiceId, t.weekStart),
    // One generation at a time per service and week, whatever the number of servers.
    uniqueIndex('plan_runs_one_running')
      .on(t.localServiceId, t.weekStart)
      .where(sql`${t.status} = 'running'`),
  ],
);

/**
 * One row per local service and week that was ever changed: its lock and its revision. Every
 * change of the week's visits (a move, a cancellation, a repair, a closure, a generation) locks
 * the row first, so two changes of one week are serialised, and bumps `revision`, so a
 * generation can tell that the week changed while it computed (ADR 0017).
 */
export const planningWeeks = pgTable(
  'planning_weeks',
  {
    localServiceId: uuid('local_service_id')
      .notNull()
      .references(() => localServices.id, { onDelete: 'cascade' }),
    weekStart: date('week_start').notNull(),
    revision: integer('revision').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.localServiceId, t.weekStart] })],
);

/**
 * A planned visit: one row per occurrence, never recomputed from rules at read time, so each one
 * can be moved, cancelled or replaced on its own.
 */
export const visits = pgTable(
  'visits',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    assignmentId: uuid('assignment_id').references(() => assignments.id),
    /** Monday of the week it belongs to, and its rank in that week for the person (stability). */
    weekStart: date('week_start').notNull(),
    rank: smallint('rank').notNull().default(1),
    date: date('date').notNull(),
    startTime: time('start_time').notNull(),
    durationMinutes: smallint('duration_minutes').notNull(),
    /** home | walk | errands | club */
    place: text('place').notNull().default('home'),
    /** pair | volunteer | solo | substitute */
    crew: text('crew').notNull(),
    /** planned | done | not_done | cancelled */
    status: text('status').notNull().default('planned'),
    cancelReason: text('cancel_reason'),
    /** The visit this one replaces (a cancelled visit given another slot). */
    replacesId: uuid('replaces_id'),
    planRunId: uuid('plan_run_id').references(() => planRuns.id),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    /** A member of staff attending (the coordinator at a match's first visit), and why. */
    staffUserId: uuid('staff_user_id').references(() => users.id),
    /** first_meeting | null */
    purpose: text('purpose'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('visits_staff')
      .on(t.staffUserId, t.date)
      .where(sql`${t.staffUserId} is not null`),
    index('visits_org_date').on(t.organisationId, t.date),
    index('visits_person_date').on(t.personId, t.date),
    index('visits_week').on(t.localServiceId, t.weekStart),
    check('visits_duration', sql`${t.durationMinutes} between 15 and 480`),
  ],
);

/** Who goes on a visit: pair members, a volunteer, a substitute. */
export const visitVisitors = pgTable(
  'visit_visitors',
  {
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id),
    /** member | substitute */
    role: text('role').notNull().default('member'),
    /** The visit's date, copied and kept by triggers (migration 0017): a visitor's day by index. */
    visitDate: date('visit_date'),
  },
  (t) => [
    uniqueIndex('visit_visitors_pk').on(t.visitId, t.visitorId),
    index('visit_visitors_visitor').on(t.visitorId),
    index('visit_visitors_day').on(t.visitorId, t.visitDate, t.visitId),
  ],
);

/** What the visitor reports after a visit (one per visit). */
export const visitReports = pgTable(
  'visit_reports',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    /** Chosen by the phone when the report is written: a report queued offline and sent twice is stored once. */
    clientId: uuid('client_id').notNull(),
    /** done | absent | refused | hospital | no_answer */
    outcome: text('outcome').notNull(),
    durationMinutes: smallint('duration_minutes'),
    activities: text('activities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** good | average | low */
    mood: text('mood'),
    observations: text('observations'),
    concern: text('concern'),
    /** low | medium | high */
    concernSeverity: text('concern_severity'),
    /** When the visitor wrote it (the phone's clock), and when it arrived. */
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('visit_reports_visit').on(t.visitId),
    uniqueIndex('visit_reports_client').on(t.clientId),
  ],
);

/** Something a coordinator must look at: a concern, nobody answering, a silence. */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    /** concern | no_answer | silent_person | unreported_visits */
    kind: text('kind').notNull(),
    /** low | medium | high | urgent */
    severity: text('severity').notNull(),
    /** open | in_progress | closed */
    status: text('status').notNull().default('open'),
    title: text('title').notNull(),
    details: text('details'),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id').references(() => visitors.id),
    visitId: uuid('visit_id').references(() => visits.id),
    ownerId: uuid('owner_id').references(() => users.id),
    /** The protocol, for urgent alerts: [{ key, label, doneAt, doneBy }] */
    checklist: jsonb('checklist').notNull().default([]),
    outcome: text('outcome'),
    /** Silence alerts are raised once while open: the same key is not raised twice. */
    dedupeKey: text('dedupe_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('alerts_org_status').on(t.organisationId, t.status, t.createdAt),
    uniqueIndex('alerts_open_dedupe')
      .on(t.organisationId, t.dedupeKey)
      .where(sql`${t.status} <> 'closed' and ${t.dedupeKey} is not null`),
  ],
);

/** Everything that happened to an alert, in order. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id),
    /** created | assigned | status | checklist | note | closed */
    kind: text('kind').notNull(),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('alert_events_alert').on(t.alertId, t.at)],
);

/** Every notification sent (or that failed), for the record. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    visitorId: uuid('visitor_id').references(() => visitors.id),
    /** plan_change | … */
    kind: text('kind').notNull(),
    channel: text('channel').notNull().default('email'),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** sent | failed */
    status: text('status').notNull(),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_org').on(t.organisationId, t.createdAt)],
);

/**
 * E-mails to send (the outbox, ADR 0015): written in the transaction of the change that causes
 * them, sent afterwards by the `mail-send` job with retries. The bodies hold sign-in links and
 * personal data: they are emptied once the e-mail is sent, and the row itself is deleted 30 days
 * later (src/domain/retention/rules.ts).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** invitation | password_reset | plan_change */
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /** The visitor notification this e-mail carries (plan changes): its status follows. */
    notificationId: uuid('notification_id').references(() => notifications.id, {
      onDelete: 'set null',
    }),
    /** pending | sending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When a sender took it (status `sending`): a stale claim (crashed sender) may be taken again. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_status').on(t.status, t.createdAt),
    check('mail_outbox_status_check', sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
  ],
);

/** A visitor's private calendar link: only a hash of the secret is kept; revoking ends it. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token').on(t.tokenHash),
    index('calendar_feeds_visitor').on(t.visitorId),
  ],
);

/**
 * Jobs that must run once per day across every server process (the retention job): the process
 * whose insert of (job, day) succeeds runs it; the others see the row and skip.
 */
export const scheduledRuns = pgTable(
  'scheduled_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    day: date('day').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** What the run did (counts), or its error. */
    result: jsonb('result'),
  },
  (t) => [uniqueIndex('scheduled_runs_job_day').on(t.job, t.day)],
);

// ---------------------------------------------------------------- follow-up (issue 12, migration 0021)

/**
 * The contact log: every call, message, letter or meeting with a person (or one of their carers),
 * a visitor or a volunteer. A `callback_on` date not yet done puts it on its owner's worklist.
 */
export const contactLog = pgTable(
  'contact_log',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    /** Exactly one of the person (with, for a carer, the carer's row) or the visitor. */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    personContactId: uuid('person_contact_id').references(() => personContacts.id, {
      onDelete: 'set null',
    }),
    visitorId: uuid('visitor_id').references(() => visitors.id),
    /** The match the contact is about (announcing it, the trial's check-in call…). */
    assignmentId: uuid('assignment_id').references(() => assignments.id),
    /** call_out | call_in | voicemail | sms | email | letter | home_visit | meeting */
    channel: text('channel').notNull(),
    /** reached | no_answer | message_left | wrong_number | sent | other */
    outcome: text('outcome').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** match_announcement | trial_check | review | journey | null */
    purpose: text('purpose'),
    note: text('note'),
    callbackOn: date('callback_on'),
    callbackOwnerId: uuid('callback_owner_id').references(() => users.id),
    callbackDoneAt: timestamp('callback_done_at', { withTimezone: true }),
    callbackDoneBy: uuid('callback_done_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('contact_log_person').on(t.personId, t.occurredAt),
    index('contact_log_visitor').on(t.visitorId, t.occurredAt),
    index('contact_log_assignment').on(t.assignmentId),
    index('contact_log_callbacks')
      .on(t.organisationId, t.callbackOwnerId, t.callbackOn)
      .where(sql`${t.callbackOn} is not null and ${t.callbackDoneAt} is null`),
    check('contact_log_one_subject', sql`(${t.personId} is null) <> (${t.visitorId} is null)`),
    check(
      'contact_log_carer_of_person',
      sql`${t.personContactId} is null or ${t.personId} is not null`,
    ),
    check(
      'contact_log_channel',
      sql`${t.channel} in ('call_out', 'call_in', 'voicemail', 'sms', 'email', 'letter', 'home_visit', 'meeting')`,
    ),
  ],
);

/** Every step of a match, dated and by whom. */
export const matchSteps = pgTable(
  'match_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    changedBy: uuid('changed_by').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('match_steps_assignment').on(t.assignmentId, t.id)],
);

/** A periodic review of a match: satisfaction of both sides, the LSNS-6 again, the decision. */
export const matchReviews = pgTable(
  'match_reviews',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    heldOn: date('held_on').notNull(),
    /** 1 (pas du tout satisfait) to 5 (très satisfait). */
    personSatisfaction: smallint('person_satisfaction'),
    visitorSatisfaction: smallint('visitor_satisfaction'),
    lsnsFamilySeen: smallint('lsns_family_seen'),
    lsnsFamilyTalkPrivate: smallint('lsns_family_talk_private'),
    lsnsFamilyHelp: smallint('lsns_family_help'),
    lsnsFriendsSeen: smallint('lsns_friends_seen'),
    lsnsFriendsTalkPrivate: smallint('lsns_friends_talk_private'),
    lsnsFriendsHelp: smallint('lsns_friends_help'),
    /** continue | change_rhythm | end */
    decision: text('decision').notNull(),
    newVisitsPerWeek: smallint('new_visits_per_week'),
    comment: text('comment'),
    heldBy: uuid('held_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('match_reviews_assignment').on(t.assignmentId, t.heldOn),
    check(
      'match_reviews_satisfaction',
      sql`(${t.personSatisfaction} is null or ${t.personSatisfaction} between 1 and 5) and (${t.visitorSatisfaction} is null or ${t.visitorSatisfaction} between 1 and 5)`,
    ),
    check(
      'match_reviews_lsns_range',
      sql`coalesce(${t.lsnsFamilySeen}, 0) between 0 and 5 and coalesce(${t.lsnsFamilyTalkPrivate}, 0) between 0 and 5 and coalesce(${t.lsnsFamilyHelp}, 0) between 0 and 5 and coalesce(${t.lsnsFriendsSeen}, 0) between 0 and 5 and coalesce(${t.lsnsFriendsTalkPrivate}, 0) between 0 and 5 and coalesce(${t.lsnsFriendsHelp}, 0) between 0 and 5`,
    ),
    check('match_reviews_decision', sql`${t.decision} in ('continue', 'change_rhythm', 'end')`),
  ],
);

/** Every step of a visitor's or volunteer's journey, dated and by whom. */
export const visitorJourneySteps = pgTable(
  'visitor_journey_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    effectiveOn: date('effective_on').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    changedBy: uuid('changed_by').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('visitor_journey_steps_visitor').on(t.visitorId, t.id)],
);

/** The interview before a volunteer is taken on: when, by whom, the outcome and a short reason. */
export const visitorInterviews = pgTable(
  'visitor_interviews',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    heldOn: date('held_on').notNull(),
    interviewerId: uuid('interviewer_id').references(() => users.id),
    interviewerName: text('interviewer_name'),
    /** favourable | unfavourable | to_continue */
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('visitor_interviews_visitor').on(t.visitorId, t.heldOn),
    check(
      'visitor_interviews_outcome',
      sql`${t.outcome} in ('favourable', 'unfavourable', 'to_continue')`,
    ),
  ],
);

/**
 * Documents the organisation requires, as received: the charter (with the version signed), the
 * civil-liability insurance (with its expiry), any other its settings list. The latest of a kind
 * counts; older rows are the history.
 */
export const visitorDocuments = pgTable(
  'visitor_documents',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    /** charter | insurance | a key of the organisation's settings */
    kind: text('kind').notNull(),
    /** A document outside the required list (kind 'other'): its name (migration 0024). */
    label: text('label'),
    version: text('version'),
    provider: text('provider'),
    receivedOn: date('received_on').notNull(),
    expiresOn: date('expires_on'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('visitor_documents_visitor').on(t.visitorId, t.kind, t.receivedOn),
    index('visitor_documents_expiry')
      .on(t.organisationId, t.expiresOn)
      .where(sql`${t.expiresOn} is not null`),
    check(
      'visitor_documents_order',
      sql`${t.expiresOn} is null or ${t.expiresOn} >= ${t.receivedOn}`,
    ),
    check('visitor_documents_other_label', sql`${t.kind} <> 'other' or ${t.label} is not null`),
  ],
);

/**
 * Training modules, the yearly seminar, practice-analysis sessions, qualifying training days and
 * tutoring meetings: dated sessions and who attended; never what was said.
 */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    /** module | seminar | practice_analysis | qualifying_training | tutoring */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on').notNull(),
    startTime: time('start_time'),
    endTime: time('end_time'),
    place: text('place'),
    ledBy: text('led_by'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    /** Cancelled (migration 0025): still listed and dated; its marks can no longer change. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('training_sessions_org').on(t.organisationId, t.heldOn),
    check(
      'training_sessions_kind',
      sql`${t.kind} in ('module', 'seminar', 'practice_analysis', 'qualifying_training', 'tutoring')`,
    ),
    check(
      'training_sessions_order',
      sql`${t.startTime} is null or ${t.endTime} is null or ${t.startTime} < ${t.endTime}`,
    ),
  ],
);

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    /** registered | attended | absent | excused */
    status: text('status').notNull().default('registered'),
  },
  (t) => [
    primaryKey({ name: 'training_attendance_pk', columns: [t.sessionId, t.visitorId] }),
    index('training_attendance_visitor').on(t.visitorId),
    check(
      'training_attendance_status',
      sql`${t.status} in ('registered', 'attended', 'absent', 'excused')`,
    ),
  ],
);

/**
 * SMS to send (issue 13, ADR 0032): written in the transaction of the change that causes them,
 * sent over SMPP by the `sms-send` job (claimed once, as `mail_outbox`), with the operator's
 * delivery receipt. `replyKey`: the SMS asks a question; the next SMS from that number goes to
 * the reply handler the key names (src/server/sms/replies.ts).
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** What the SMS is for (a free code of the caller: `neighbour_ask`, `test`…). */
    kind: text('kind').notNull(),
    /** E.164. */
    recipient: text('recipient').notNull(),
    text: text('text').notNull(),
    /** Who the SMS is to, when it is someone's (the contact log records it once sent). */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id').references(() => visitors.id, { onDelete: 'cascade' }),
    /** `<handler>:<id>`: a reply is awaited and goes to that handler; null: no reply expected. */
    replyKey: text('reply_key'),
    /** When the awaited reply came (no later SMS from that number goes to this one). */
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    /** pending | sending | sent | failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The SMSC's message id (submit_sm_resp): receipts name it. */
    messageId: text('message_id'),
    /** From the receipt: delivered | undeliverable | expired | deleted | rejected | accepted | enroute | unknown */
    deliveryStatus: text('delivery_status'),
    /** The receipt's error code (`err:`), as the operator gave it. */
    deliveryError: text('delivery_error'),
    /** When the operator says the status was reached (`done date`), or the receipt came. */
    receiptAt: timestamp('receipt_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('sms_outbox_status').on(t.status, t.createdAt),
    index('sms_outbox_message').on(t.messageId),
    index('sms_outbox_recipient').on(t.recipient, t.createdAt),
    index('sms_outbox_person').on(t.personId),
    index('sms_outbox_visitor').on(t.visitorId),
    check('sms_outbox_status_check', sql`${t.status} in ('pending', 'sending', 'sent', 'failed')`),
    check('sms_outbox_one_subject', sql`${t.personId} is null or ${t.visitorId} is null`),
  ],
);

/**
 * SMS received (issue 13, ADR 0032): replies to our SMS and anything else sent to our number.
 * The organisation is the one that last wrote to the sender; none: `unmatched`.
 */
export const smsInbound = pgTable(
  'sms_inbound',
  {
    id: id(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** E.164 when it reads as a phone number, otherwise as the operator gave it. */
    sender: text('sender').notNull(),
    /** Our number it was sent to. */
    recipient: text('recipient').notNull(),
    text: text('text').notNull(),
    /** The SMS it answers (the latest awaiting a reply from that number). */
    outboxId: uuid('outbox_id').references(() => smsOutbox.id, { onDelete: 'set null' }),
    replyKey: text('reply_key'),
    /** unmatched | not_awaited | no_handler | handled | refused | failed */
    dispatch: text('dispatch').notNull(),
    /** What the handler said (refused: why), or the error (failed); for operators. */
    dispatchNote: text('dispatch_note'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sms_inbound_sender').on(t.sender, t.receivedAt),
    index('sms_inbound_outbox').on(t.outboxId),
    check(
      'sms_inbound_dispatch',
      sql`${t.dispatch} in ('unmatched', 'not_awaited', 'no_handler', 'handled', 'refused', 'failed')`,
    ),
  ],
);
// ---------------------------------------------------------------- professionals (issue 13, migration 0029)

/**
 * The professionals' directory ("voisins pro actifs", ADR 0035): paid services, kept apart from
 * volunteers (no link to `visitors`). `trade` is a code of src/domain/professionals/values.ts;
 * `hours` the weekly opening slots ({weekday 0 = Monday, start, end}).
 */
export const professionals = pgTable(
  'professionals',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    trade: text('trade').notNull(),
    businessName: text('business_name').notNull(),
    contactName: text('contact_name'),
    /** E.164. */
    phone: text('phone').notNull(),
    email: text('email'),
    website: text('website'),
    street: text('street'),
    postalCode: text('postal_code'),
    communeName: text('commune_name'),
    hours: jsonb('hours')
      .$type<{ weekday: number; start: string; end: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    worksPublicHolidays: boolean('works_public_holidays').notNull().default(false),
    lastCheckedOn: date('last_checked_on'),
    /** The staff member who checked; null when the professional confirmed by the link. */
    checkedBy: uuid('checked_by').references(() => users.id),
    /** staff | link */
    checkedVia: text('checked_via'),
    notes: text('notes'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('professionals_org_trade').on(t.organisationId, t.trade, t.businessName),
    index('professionals_check_due')
      .on(t.lastCheckedOn)
      .where(sql`${t.active} and ${t.email} is not null`),
    check(
      'professionals_checked_via',
      sql`${t.checkedVia} is null or ${t.checkedVia} in ('staff', 'link')`,
    ),
  ],
);

/**
 * The communes a professional serves, as the gazetteer names them: a commune is its department
 * and official name (the gazetteer has no INSEE code); the postal code is the one entered.
 */
export const professionalCommunes = pgTable(
  'professional_communes',
  {
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    departmentCode: text('department_code').notNull(),
    communeName: text('commune_name').notNull(),
    postalCode: text('postal_code').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'professional_communes_pk',
      columns: [t.professionalId, t.departmentCode, t.communeName],
    }),
    index('professional_communes_commune').on(t.organisationId, t.departmentCode, t.communeName),
  ],
);

/** The yearly "is this still right?" links e-mailed to professionals (hash only, with expiry). */
export const professionalChecks = pgTable(
  'professional_checks',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => professionals.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    recipient: text('recipient').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** confirmed | corrected */
    answer: text('answer'),
  },
  (t) => [
    uniqueIndex('professional_checks_token').on(t.tokenHash),
    index('professional_checks_professional').on(t.professionalId, t.createdAt),
    check(
      'professional_checks_answer',
      sql`${t.answer} is null or ${t.answer} in ('confirmed', 'corrected')`,
    ),
  ],
);

// ---------------------------------------------------------------- neighbour help (issue 13, migration 0028)

/**
 * A request for neighbour help: for a senior (a person's file; before staff link it, only the
 * name typed on the public page), posted by them, a carer or staff, on the web, on the phone or
 * at the desk; one-off or weekly. Open (published) only with the person's agreement to be put in
 * touch with a neighbour. The kind is a code (`isKnownHelpKind`, src/domain/help-requests).
 */
export const helpRequests = pgTable(
  'help_requests',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    localServiceId: uuid('local_service_id').references(() => localServices.id),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    /** pending (public page, to link to a file) | open | closed | cancelled */
    status: text('status').notNull().default('open'),
    /** web | phone | staff */
    channel: text('channel').notNull(),
    /** person | carer | staff */
    postedBy: text('posted_by').notNull(),
    /** As typed on the public page, before staff link the request to a file. */
    seniorName: text('senior_name'),
    seniorPhone: text('senior_phone'),
    /** The carer who asked: one of the person's contacts, or as they gave themselves. */
    personContactId: uuid('person_contact_id').references(() => personContacts.id, {
      onDelete: 'set null',
    }),
    carerName: text('carer_name'),
    carerPhone: text('carer_phone'),
    carerRelationship: text('carer_relationship'),
    /** Who took the call (phone). */
    takenByUserId: uuid('taken_by_user_id').references(() => users.id),
    /** « La personne est d’accord pour être mise en relation », who recorded it and when. */
    consentToContact: boolean('consent_to_contact').notNull().default(false),
    consentRecordedBy: uuid('consent_recorded_by').references(() => users.id),
    consentRecordedAt: timestamp('consent_recorded_at', { withTimezone: true }),
    helpKind: text('help_kind').notNull(),
    description: text('description'),
    /** home | other: at the person's home, or at the address given here. */
    place: text('place').notNull().default('home'),
    street: text('street'),
    postalCode: text('postal_code'),
    communeName: text('commune_name'),
    /** Where a lift or an accompaniment goes. */
    destination: text('destination'),
    /** normal | soon | urgent */
    urgency: text('urgency').notNull().default('normal'),
    /** once | weekly */
    recurrence: text('recurrence').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    /** ISO weekday of a weekly request, 1 = Monday. */
    weekday: smallint('weekday'),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    /** The last day whose occurrence exists (the daily job extends the horizon from there). */
    generatedUntil: date('generated_until'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('help_requests_list').on(t.organisationId, t.status, t.createdAt),
    index('help_requests_person').on(t.personId),
    index('help_requests_horizon')
      .on(t.generatedUntil)
      .where(sql`${t.status} = 'open' and ${t.recurrence} = 'weekly'`),
    check('help_requests_status', sql`${t.status} in ('pending', 'open', 'closed', 'cancelled')`),
    check('help_requests_channel', sql`${t.channel} in ('web', 'phone', 'staff')`),
    check('help_requests_posted_by', sql`${t.postedBy} in ('person', 'carer', 'staff')`),
    check('help_requests_urgency', sql`${t.urgency} in ('normal', 'soon', 'urgent')`),
    check('help_requests_recurrence', sql`${t.recurrence} in ('once', 'weekly')`),
    check('help_requests_place', sql`${t.place} in ('home', 'other')`),
    check('help_requests_weekday', sql`${t.weekday} is null or ${t.weekday} between 1 and 7`),
    check('help_requests_times', sql`${t.startTime} < ${t.endTime}`),
    check('help_requests_dates', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
    check(
      'help_requests_open_consent',
      sql`${t.status} <> 'open' or (${t.consentToContact} and ${t.personId} is not null)`,
    ),
  ],
);

/** One date of a request: open, cancelled alone (with its reason), done or no-show. */
export const helpOccurrences = pgTable(
  'help_occurrences',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    requestId: uuid('request_id')
      .notNull()
      .references(() => helpRequests.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    /** open | cancelled | done | no_show */
    status: text('status').notNull().default('open'),
    /** A code (not_needed, person_away, no_helper, weather, other, series_ended). */
    cancelReason: text('cancel_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('help_occurrences_request_date').on(t.requestId, t.date),
    check('help_occurrences_status', sql`${t.status} in ('open', 'cancelled', 'done', 'no_show')`),
  ],
);

// ---------------------------------------------------------------- neighbour help (issue 13)

/**
 * The kinds of help of an organisation (shopping, a lift to an appointment…): the defaults of
 * issue 13 for every organisation, which its administrator extends, renames and deactivates. A
 * code is never reused nor deleted: profiles and requests keep naming it.
 */
export const helpKinds = pgTable(
  'help_kinds',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    code: text('code').notNull(),
    label: text('label').notNull(),
    active: boolean('active').notNull().default(true),
    position: smallint('position').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('help_kinds_org_code').on(t.organisationId, t.code),
    check('help_kinds_code', sql`${t.code} ~ '^[a-z][a-z0-9_]{1,39}$'`),
  ],
);

/**
 * An active neighbour's offer: the help-kind codes, how far from home (the visitor's located
 * address) they go, how many helps a week at most, how they want to be told. Their weekly
 * availability is the visitor's (`visitor_availability`); their journey, the visitor's.
 */
export const neighbourProfiles = pgTable(
  'neighbour_profiles',
  {
    visitorId: uuid('visitor_id')
      .primaryKey()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    offers: text('offers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    maxDistanceKm: smallint('max_distance_km').notNull(),
    weeklyLimit: smallint('weekly_limit').notNull().default(2),
    /** email | sms | phone_call */
    notifyBy: text('notify_by').notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('neighbour_profiles_org').on(t.organisationId),
    index('neighbour_profiles_offers').using('gin', t.offers),
    check('neighbour_profiles_distance', sql`${t.maxDistanceKm} between 1 and 50`),
    check('neighbour_profiles_weekly_limit', sql`${t.weeklyLimit} between 1 and 21`),
    check('neighbour_profiles_notify_by', sql`${t.notifyBy} in ('email', 'sms', 'phone_call')`),
  ],
);
