/**
 * What the people routes answer (their `schema.response`). The serializer sends only the fields
 * named here: the person file lists what the web app reads (the types at the end) and what an
 * API client needs, and leaves out internal columns (`importKey`, `mergedIntoId`, `erasedAt`,
 * `birthYearBand`, `legalHoldBy`, `legalHoldReason`, the raw LSNS-6 columns, who recorded a row).
 */
import { z } from 'zod';
import { PERSON_STATUSES } from '../admission/lifecycle.js';
import { day, id, timestamp, type WireOf } from '../common/api.js';

const status = z.enum(PERSON_STATUSES);

/** `{ number (E.164), label }`, as stored in `people.phones` (jsonb). */
const phoneView = z.object({ number: z.string(), label: z.string().nullish() });

/** `people.preferences` (jsonb): every key optional (an erased or imported file may have none). */
const preferencesView = z.object({
  days: z.array(z.number().int()).optional().describe('Jours ISO, 1 = lundi'),
  periods: z.array(z.string()).optional().describe('morning | afternoon'),
  visitorGender: z.string().nullish(),
  notes: z.string().nullish(),
});
/** The jsonb columns of a person, typed as the schema describes them (the driver gives `unknown`). */
export type StoredPersonJson = {
  phones: z.input<typeof phoneView>[];
  preferences: z.input<typeof preferencesView>;
};

/**
 * The person: every field for staff; a visitor gets only what a visit needs (id, names, address
 * and position, phones, interests, languages, preferences, practical notes), so the other fields
 * are optional — absent, not null, in the visitor's view (the web app tells them apart).
 */
const personView = z.object({
  id,
  organisationId: z.string().optional(),
  localServiceId: z.string().nullable().optional(),
  lastName: z.string(),
  birthName: z.string().nullable().optional(),
  firstName: z.string(),
  birthDate: day.nullable().optional(),
  gender: z.string().nullable().optional(),
  formOfAddress: z.string().nullable().optional().describe('madame | monsieur | null (neutre)'),
  street: z.string().nullable(),
  addressComplement: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  inseeCode: z.string().nullable().optional(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  locationStatus: z.string().optional().describe('located | to_locate'),
  locationPrecision: z.string().nullable().optional(),
  locationNote: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phones: z.array(phoneView),
  livesAlone: z.boolean().nullable().optional(),
  apa: z.boolean().nullable().optional(),
  gir: z.number().int().nullable().optional(),
  teleAssistance: z.boolean().nullable().optional(),
  interests: z.array(z.string()),
  languages: z.array(z.string()),
  preferences: preferencesView,
  visitsPerWeek: z.number().int().optional(),
  visitMinutes: z.number().int().optional(),
  practicalNotes: z.string().nullable(),
  referralSource: z.string().nullable().optional(),
  archivedAt: timestamp
    .nullable()
    .optional()
    .describe('Fiche passée en archive intermédiaire (conservation)'),
  legalHoldKind: z.string().nullable().optional().describe('Gel juridique en cours : son motif'),
  legalHoldSince: day.nullable().optional(),
  consentPendingReason: z
    .string()
    .nullable()
    .optional()
    .describe('Consentement aux visites pas encore recueilli : pourquoi'),
  consentPendingSince: day.nullable().optional(),
  waitingPrioritySince: day
    .nullable()
    .optional()
    .describe('Prioritaire sur la liste d’attente depuis (appariement arrêté faute d’affinité)'),
  waitingPriorityReason: z.string().nullable().optional().describe('no_affinity'),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
});

const contactView = z.object({
  id,
  name: z.string(),
  relationship: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isEmergencyContact: z.boolean(),
  notes: z.string().nullable(),
  createdAt: timestamp,
});

const assignmentView = z.object({
  id,
  pairId: z.string().nullable(),
  visitorId: z.string().nullable(),
  startedOn: day,
  endedOn: day.nullable(),
  visitsPerWeek: z.number().int().nullable(),
  visitMinutes: z.number().int().nullable(),
  preferredDays: z.array(z.number().int()),
  preferredPeriods: z.array(z.string()),
  place: z.string(),
  createdAt: timestamp,
  visitors: z.array(
    z.object({ id, firstName: z.string(), lastName: z.string(), phone: z.string().nullable() }),
  ),
});

const statusChangeView = z.object({
  id: z.number().int(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  reason: z.string().nullable(),
  comment: z.string().nullable(),
  until: day.nullable(),
  effectiveDate: day,
  at: timestamp,
  changedByName: z.string().nullable(),
});

const lsns6ScoreView = z.object({
  total: z.number().int(),
  familySubscale: z.number().int(),
  friendsSubscale: z.number().int(),
  threshold: z.number().int(),
  isolated: z.boolean(),
  riskFamily: z.boolean(),
  riskFriends: z.boolean(),
  summary: z.string(),
});

/** One reason of an eligibility decision (stored with the evaluation, jsonb). */
const decisionReasonView = z.object({
  code: z.string(),
  kind: z.string().optional().describe('criterion | context'),
  met: z.boolean().nullable(),
  message: z.string(),
});

/** `evaluations.decision_reasons` (jsonb), typed as described. */
export type StoredDecisionReasons = z.input<typeof decisionReasonView>[];

const evaluationView = z.object({
  id,
  evaluatedOn: day,
  evaluatorName: z.string(),
  answers: z.object({
    family_seen: z.number().int(),
    family_talk_private: z.number().int(),
    family_help: z.number().int(),
    friends_seen: z.number().int(),
    friends_talk_private: z.number().int(),
    friends_help: z.number().int(),
  }),
  score: lsns6ScoreView,
  livesAlone: z.boolean().nullable(),
  evaluatorOpinion: z.string().nullable().describe('favorable | defavorable'),
  notes: z.string().nullable(),
  decision: z.string().describe('eligible | not_eligible | incomplete'),
  decisionReasons: z.array(decisionReasonView),
  createdAt: timestamp,
});

const consentView = z.object({
  id,
  givenOn: day,
  method: z.string(),
  givenBy: z.string(),
  givenByName: z.string().nullable(),
  scopeVisits: z.boolean(),
  scopeDataSharing: z.boolean(),
  scopeHeatwaveRegister: z.boolean(),
  withdrawnOn: day.nullable(),
  notes: z.string().nullable(),
  createdAt: timestamp,
});

const eligibilityRuleView = z.object({
  minimumAge: z.number().int(),
  isolationThreshold: z.number().int(),
  requireIsolation: z.boolean(),
  allowedDepartmentCodes: z.array(z.string()).nullable(),
});

const transitionView = z.object({
  to: status,
  statusLabel: z.string(),
  actionLabel: z.string(),
  possible: z.boolean(),
  code: z.string().optional(),
  whyNot: z.string().optional(),
  requires: z.object({ reason: z.enum(['pause', 'end']).nullable(), untilAllowed: z.boolean() }),
});

/** GET /api/people/:id: the file as the screens show it (a visitor's view is narrower). */
export const personFileView = z.object({
  person: personView,
  status: status.nullable(),
  contacts: z.array(contactView),
  assignment: assignmentView.nullable(),
  statusHistory: z.array(statusChangeView).describe('Vide sans le droit de lire le suivi social'),
  evaluations: z.array(evaluationView).describe('Vide sans le droit de lire les évaluations'),
  consents: z.array(consentView).describe('Vide sans le droit de lire les consentements'),
  eligibilityRule: eligibilityRuleView.nullable(),
  transitions: z.array(transitionView),
});

export const duplicatesView = z.object({
  candidates: z.array(
    z.object({
      id,
      lastName: z.string(),
      firstName: z.string(),
      birthDate: day.nullable(),
      formOfAddress: z.string().nullable().describe('madame | monsieur | null (neutre)'),
      communeName: z.string().nullable(),
      reasons: z.array(
        z.enum(['same_name_and_birth_date', 'same_phone', 'same_birth_name_and_birth_date']),
      ),
    }),
  ),
});

export const evaluationResultView = z.object({
  id,
  score: lsns6ScoreView,
  decision: z.object({
    decision: z.enum(['eligible', 'not_eligible', 'incomplete']),
    reasons: z.array(decisionReasonView),
    missing: z.array(z.string()).describe('birth_date | lsns6 | department'),
    age: z.number().int().nullable(),
    summary: z.string(),
    rule: eligibilityRuleView,
  }),
  statusChanged: status.nullable(),
});

export const transitionResultView = z.object({ id: z.number().int(), status: z.string() });

export const consentWithdrawalView = z.object({
  id,
  withdrawnOn: day.nullable(),
  effects: z.array(z.string()).describe('Ce que le retrait a changé, en français'),
});

/** GET /api/people/:id/views: one row of the person's audit trail. */
export const personViewsView = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      at: timestamp,
      kind: z.string().describe('write (modification) ou read (consultation)'),
      action: z.string(),
      entityType: z.string(),
      entityId: z.string().nullable(),
      source: z.string().nullable().describe('Traitement sans utilisateur : job:…, cli:…'),
      userName: z.string().nullable(),
      diff: z
        .unknown()
        .describe(
          'Pour une écriture : { champ: [avant, après] }, déjà masqué ; null pour une lecture',
        ),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** A line of the people list. */
export const personListItem = z.object({
  id: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  birthName: z.string().nullable(),
  birthDate: z.string().nullable(),
  formOfAddress: z.string().nullable().describe('madame | monsieur | null (neutre)'),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  localServiceId: z.string().nullable(),
  locationStatus: z.string(),
  status: z.enum(PERSON_STATUSES).nullable(),
});

// ---------------------------------------------------------------- what the web app reads

export type PersonListItem = WireOf<typeof personListItem>;
export type PersonFile = WireOf<typeof personFileView>;
export type Transition = PersonFile['transitions'][number];
export type Consent = PersonFile['consents'][number];
export type DecisionReason = WireOf<typeof decisionReasonView>;
export type Lsns6Score = WireOf<typeof lsns6ScoreView>;
export type DuplicateCandidate = WireOf<typeof duplicatesView>['candidates'][number];
export type EvaluationResult = WireOf<typeof evaluationResultView>;
export type PersonViews = WireOf<typeof personViewsView>;
export type ConsentWithdrawal = WireOf<typeof consentWithdrawalView>;
