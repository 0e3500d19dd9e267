/**
 * Input schemas of training sessions, attendance, and the young visitors' contracts and outcomes
 * (issue 12). Shared by the API and the web app; messages in French, shown to users.
 */
import { z } from 'zod';
import {
  isoDate,
  pagination,
  optionalText,
  shortText,
  timeOfDay,
  uuid,
} from '../common/schemas.js';
import { ATTENDANCE_STATUSES, CONTRACT_TYPES, EXIT_OUTCOMES, SESSION_KINDS } from './values.js';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

const kind = z.enum(SESSION_KINDS, {
  message:
    'Type de séance attendu : module de formation, séminaire, analyse de la pratique, formation qualifiante ou tutorat.',
});

const sessionFields = {
  kind,
  title: shortText(200),
  heldOn: isoDate,
  startTime: nullable(timeOfDay),
  endTime: nullable(timeOfDay),
  place: optionalText(200),
  ledBy: optionalText(200),
  localServiceId: nullable(uuid),
};

export const sessionCreateSchema = z.object(sessionFields);
export type SessionCreateInput = z.output<typeof sessionCreateSchema>;

export const sessionUpdateSchema = z
  .object(sessionFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'Indiquez au moins un champ à modifier.',
  });
export type SessionUpdateInput = z.output<typeof sessionUpdateSchema>;

export const sessionCancelSchema = z.object({ reason: optionalText(500) });

const attendanceStatus = z.enum(ATTENDANCE_STATUSES, {
  message: 'Statut attendu : inscription, présence, absence ou absence excusée.',
});

/** The session's whole list: who is on it and how it went (it replaces the list as it was). */
export const attendanceSchema = z.object({
  attendance: z
    .array(z.object({ visitorId: uuid, status: attendanceStatus }))
    .max(300, '300 visiteurs au maximum par séance.'),
});
export type AttendanceInput = z.output<typeof attendanceSchema>;

export const sessionListQuery = pagination.extend({
  kind: kind.optional(),
  year: z.coerce
    .number({ message: 'Année attendue (ex. 2026).' })
    .int()
    .min(2000, 'Année attendue entre 2000 et 2100.')
    .max(2100, 'Année attendue entre 2000 et 2100.')
    .optional(),
  localServiceId: uuid.optional(),
});
export type SessionListQuery = z.output<typeof sessionListQuery>;

export const contractSchema = z.object({
  contractType: z.enum(CONTRACT_TYPES, {
    message:
      'Type de contrat attendu : CDD, CDD d’insertion, service civique, apprentissage ou autre.',
  }),
  start: isoDate,
  end: isoDate,
});
export type ContractInput = z.output<typeof contractSchema>;

export const exitOutcomeSchema = z.object({
  outcome: z.enum(EXIT_OUTCOMES, { message: 'Sortie attendue : emploi, formation ou autre.' }),
  on: isoDate,
  note: optionalText(1000),
});
export type ExitOutcomeInput = z.output<typeof exitOutcomeSchema>;

export const youngVisitorsReportQuery = z.object({
  year: z.coerce
    .number({ message: 'Année attendue (ex. 2026).' })
    .int()
    .min(2000, 'Année attendue entre 2000 et 2100.')
    .max(2100, 'Année attendue entre 2000 et 2100.')
    .optional(),
});
