/**
 * What the data-rights routes answer (their `schema.response`): the access export (JSON and
 * PDF), erasure, legal holds, retention settings.
 *
 * The JSON access export is the person's copy of everything held about them (RGPD art. 15): a
 * field left out of its schema would silently vanish from it. So the schema names every field
 * `buildAccessExport` gives, and `coversEveryField` below makes TypeScript refuse a field added
 * there and not here.
 */
import { z } from 'zod';
import type { AccessExport } from './access-export.js';
import { day, id } from '../common/api.js';

const label = z.string().nullable().describe('Libellé en français du code voisin');
const instant = z.string().describe('Date et heure ISO 8601');

export const accessExportView = z.object({
  format: z.string().describe('convivialite.access-export'),
  version: z.number().int(),
  exportedAt: instant,
  exportedBy: z.object({ id, name: z.string() }),
  organisation: z.object({ id, name: z.string() }),
  person: z.object({
    id,
    lastName: z.string(),
    birthName: z.string().nullable(),
    firstName: z.string(),
    birthDate: day.nullable(),
    gender: z.string().nullable(),
    genderLabel: label,
    email: z.string().nullable(),
    phones: z.array(
      z.object({ number: z.string(), display: z.string(), label: z.string().nullable() }),
    ),
    address: z.object({
      street: z.string().nullable(),
      complement: z.string().nullable(),
      postalCode: z.string().nullable(),
      communeName: z.string().nullable(),
      inseeCode: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      locationStatus: z.string(),
      locationStatusLabel: label,
    }),
    localServiceName: z.string().nullable(),
    livesAlone: z.boolean().nullable(),
    apa: z.boolean().nullable(),
    gir: z.number().int().nullable(),
    teleAssistance: z.boolean().nullable(),
    interests: z.array(z.string()),
    languages: z.array(z.string()),
    preferences: z.object({
      days: z.array(z.number()),
      dayLabels: z.array(z.string()),
      periods: z.array(z.string()),
      periodLabels: z.array(z.string()),
      visitorGender: z.string().nullable(),
      visitorGenderLabel: label,
      notes: z.string().nullable(),
    }),
    visitsPerWeek: z.number().int(),
    visitMinutes: z.number().int(),
    practicalNotes: z.string().nullable(),
    referralSource: z.string().nullable(),
    status: z.string(),
    statusLabel: label,
    mergedRecordIds: z.array(z.string()),
    createdAt: instant.nullable(),
    updatedAt: instant.nullable(),
  }),
  contacts: z.array(
    z.object({
      name: z.string(),
      relationship: z.string(),
      relationshipLabel: label,
      phone: z.string().nullable(),
      phoneDisplay: z.string().nullable(),
      email: z.string().nullable(),
      isEmergencyContact: z.boolean(),
      notes: z.string().nullable(),
    }),
  ),
  statusHistory: z.array(
    z.object({
      effectiveDate: day,
      fromStatus: z.string().nullable(),
      fromStatusLabel: label,
      toStatus: z.string(),
      toStatusLabel: label,
      reason: z.string().nullable(),
      reasonLabel: label,
      comment: z.string().nullable(),
      until: day.nullable(),
      changedBy: z.string().nullable(),
      recordedAt: instant.nullable(),
    }),
  ),
  evaluations: z.array(
    z.object({
      id,
      evaluatedOn: day,
      evaluatorName: z.string(),
      lsns6: z.object({
        answers: z.array(
          z.object({
            item: z.string(),
            question: z.string(),
            shortLabel: z.string(),
            value: z.number().int(),
            answerLabel: z.string(),
          }),
        ),
        total: z.number().int(),
        familySubscale: z.number().int(),
        friendsSubscale: z.number().int(),
        threshold: z.number().int(),
        isolated: z.boolean(),
        summary: z.string(),
      }),
      livesAlone: z.boolean().nullable(),
      evaluatorOpinion: z.string().nullable(),
      evaluatorOpinionLabel: label,
      decision: z.string(),
      decisionLabel: label,
      decisionReasons: z.array(
        z.object({ kind: z.string(), met: z.boolean().nullable(), message: z.string() }),
      ),
      notes: z.string().nullable(),
      recordedAt: instant.nullable(),
    }),
  ),
  consents: z.array(
    z.object({
      id,
      givenOn: day,
      method: z.string(),
      methodLabel: label,
      givenBy: z.string(),
      givenByLabel: label,
      givenByName: z.string().nullable(),
      scopes: z.object({
        visits: z.boolean(),
        dataSharing: z.boolean(),
        heatwaveRegister: z.boolean(),
      }),
      scopeLabels: z.array(z.string()),
      withdrawnOn: day.nullable(),
      inForce: z.boolean(),
      notes: z.string().nullable(),
      recordedBy: z.string().nullable(),
    }),
  ),
  assignments: z.array(
    z.object({
      id,
      startedOn: day,
      endedOn: day.nullable(),
      visitors: z.array(z.string()),
      stage: z.string(),
      stageLabel: label,
      endReason: z.string().nullable(),
      endReasonLabel: label,
      endComment: z.string().nullable(),
      steps: z.array(
        z.object({
          effectiveOn: day,
          stage: z.string(),
          stageLabel: label,
          comment: z.string().nullable(),
          by: z.string().nullable(),
        }),
      ),
      reviews: z.array(
        z.object({
          heldOn: day,
          decision: z.string(),
          decisionLabel: label,
          personSatisfaction: z.number().int().nullable(),
          visitorSatisfaction: z.number().int().nullable(),
          newVisitsPerWeek: z.number().int().nullable(),
          comment: z.string().nullable(),
          by: z.string().nullable(),
        }),
      ),
    }),
  ),
  visits: z.array(
    z.object({
      id,
      date: day,
      startTime: z.string().describe('HH:MM'),
      durationMinutes: z.number().int(),
      place: z.string(),
      placeLabel: label,
      crew: z.string(),
      crewLabel: label,
      visitors: z.array(z.string()),
      status: z.string(),
      statusLabel: label,
      cancelReason: z.string().nullable(),
      checkedInAt: instant.nullable(),
      checkedOutAt: instant.nullable(),
      report: z
        .object({
          outcome: z.string(),
          outcomeLabel: label,
          durationMinutes: z.number().int().nullable(),
          activities: z.array(z.string()),
          activityLabels: z.array(z.string()),
          mood: z.string().nullable(),
          moodLabel: label,
          observations: z.string().nullable(),
          concern: z.string().nullable(),
          concernSeverity: z.string().nullable(),
          concernSeverityLabel: label,
          writtenAt: instant.nullable(),
          writtenBy: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  alerts: z.array(
    z.object({
      id,
      createdAt: instant.nullable(),
      kind: z.string(),
      kindLabel: label,
      severity: z.string(),
      severityLabel: label,
      status: z.string(),
      statusLabel: label,
      title: z.string(),
      details: z.string().nullable(),
      outcome: z.string().nullable(),
      closedAt: instant.nullable(),
      events: z.array(
        z.object({
          at: instant.nullable(),
          kind: z.string(),
          kindLabel: label,
          by: z.string().nullable(),
          text: z.string().nullable(),
        }),
      ),
    }),
  ),
  referrals: z.array(
    z.object({
      id,
      createdAt: instant.nullable(),
      partnerName: z.string(),
      submittedBy: z.string().nullable(),
      identityAsSent: z.object({
        lastName: z.string(),
        firstName: z.string(),
        birthDate: day.nullable(),
        street: z.string().nullable(),
        postalCode: z.string().nullable(),
        communeName: z.string().nullable(),
        phone: z.string().nullable(),
      }),
      reason: z.string(),
      urgency: z.string(),
      urgencyLabel: label,
      contactConsent: z.string(),
      contactConsentLabel: label,
      status: z.string(),
      statusLabel: label,
      statusNote: z.string().nullable(),
    }),
  ),
  contactLog: z.array(
    z.object({
      occurredAt: instant.nullable(),
      channel: z.string(),
      channelLabel: label,
      outcome: z.string(),
      outcomeLabel: label,
      withWhom: z.string().nullable().describe('Le proche joint, quand ce n’est pas la personne'),
      note: z.string().nullable(),
      callbackOn: day.nullable(),
      by: z.string().nullable(),
    }),
  ),
  helpRequests: z.array(
    z.object({
      createdAt: instant.nullable(),
      helpKind: z.string(),
      helpKindLabel: label,
      status: z.string(),
      statusLabel: label,
      weekly: z.boolean(),
      startsOn: day,
      endsOn: day.nullable(),
      startTime: z.string(),
      endTime: z.string(),
      description: z.string().nullable(),
      destination: z.string().nullable(),
      askedBy: z.string().nullable().describe('Le proche qui a fait la demande'),
      consentToContact: z.boolean(),
    }),
  ),
  accessLog: z.array(
    z.object({
      at: instant.nullable(),
      who: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      action: z.string(),
      actionLabel: z.string(),
      entityType: z.string(),
      entityLabel: label,
      entityId: z.string().nullable(),
    }),
  ),
});

/**
 * True when every key of `Actual`, at every depth (through arrays and nullable values), is
 * named by `Described`; `false` (so `boolean` once distributed) as soon as one is not.
 */
type Covers<Actual, Described> = CoversDefined<NonNullable<Actual>, NonNullable<Described>>;
type CoversDefined<Actual, Described> = Actual extends readonly (infer Item)[]
  ? Described extends readonly (infer DescribedItem)[]
    ? Covers<Item, DescribedItem>
    : false
  : Actual extends Date | string | number | boolean | bigint
    ? true
    : Actual extends object
      ? [Exclude<keyof Actual, keyof Described>] extends [never]
        ? false extends {
            [K in keyof Actual]-?: K extends keyof Described
              ? Covers<Actual[K], Described[K]>
              : false;
          }[keyof Actual]
          ? false
          : true
        : false
      : true;
/** Compiles only when `T` is exactly `true`. */
function coversEveryField<T extends true>(): T | void {}
// A field of the export missing from `accessExportView` fails the type check here.
coversEveryField<Covers<AccessExport, z.output<typeof accessExportView>>>();

/**
 * The PDF of the access export, under its own content type. The body is a Buffer, which Fastify
 * sends as it is (no serializer runs); the schema types it for the handler and shows the OpenAPI
 * document a binary file (`type: string, format: binary`: a Buffer has no JSON Schema of its own).
 */
export const accessPdfResponse = {
  description: 'Document PDF à remettre à la personne (en-tête Content-Disposition : attachment)',
  content: {
    'application/pdf': {
      schema: z
        .instanceof(Buffer)
        .meta({ type: 'string', format: 'binary', description: 'Fichier PDF' }),
    },
  },
};

export const erasureView = z.object({
  id,
  erased: z
    .record(z.string(), z.number().int())
    .describe('Ce qui a été effacé ou anonymisé, par nature, avec son nombre'),
});

export const legalHoldView = z.object({
  id,
  legalHold: z
    .object({ kind: z.string(), since: day })
    .nullable()
    .describe('null une fois le gel levé'),
});

export const retentionView = z.object({
  settings: z.object({
    activeMonths: z.number().int(),
    archiveMonths: z.number().int(),
    reason: z.string().nullable(),
  }),
  legal: z.object({
    activeMonths: z.number().int(),
    archiveMonths: z.number().int(),
    source: z.string(),
  }),
});
