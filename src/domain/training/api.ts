/** What the training and young-visitors routes answer (their `schema.response`, ADR 0019). */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';

export const sessionListItem = z.object({
  id,
  kind: z.string().describe('module, seminar, practice_analysis, qualifying_training ou tutoring'),
  title: z.string(),
  heldOn: day,
  startTime: z.string().nullable().describe('HH:MM'),
  endTime: z.string().nullable().describe('HH:MM'),
  place: z.string().nullable(),
  ledBy: z.string().nullable(),
  localServiceId: id.nullable(),
  cancelledAt: timestamp.nullable(),
  registeredCount: z.number().int().describe('Visiteurs sur la liste'),
  attendedCount: z.number().int().describe('Visiteurs présents'),
});
export type SessionListItem = WireOf<typeof sessionListItem>;

const attendanceLine = z.object({
  visitorId: id,
  firstName: z.string(),
  lastName: z.string(),
  gender: z.string().nullable(),
  kind: z.string().describe('employed_young, volunteer ou civic_service'),
  status: z.string().describe('registered, attended, absent ou excused'),
});

export const sessionDetail = sessionListItem.extend({
  cancelReason: z.string().nullable(),
  attendance: z.array(attendanceLine),
});
export type SessionDetail = WireOf<typeof sessionDetail>;

export const attendanceView = z.object({
  id,
  registeredCount: z.number().int(),
  attendedCount: z.number().int(),
});

export const sessionCancelledView = z.object({ id, cancelledAt: timestamp });

const kindCounts = z.object({
  module: z.number().int(),
  seminar: z.number().int(),
  practice_analysis: z.number().int(),
  qualifying_training: z.number().int(),
  tutoring: z.number().int(),
});

export const trainingRecordView = z.object({
  visitor: z.object({
    id,
    kind: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    gender: z.string().nullable(),
    contractType: z.string().nullable(),
    commitmentStart: day.nullable(),
    commitmentEnd: day.nullable(),
    exitOutcome: z.string().nullable(),
    exitOutcomeOn: day.nullable(),
    exitOutcomeNote: z.string().nullable(),
  }),
  record: z.object({
    attendedByKind: kindCounts,
    lastSeminarOn: day.nullable(),
    lastPracticeAnalysisOn: day.nullable(),
    qualifyingDaysPlanned: z.number().int(),
    qualifyingDaysAttended: z.number().int(),
    tutoringMeetingsHeld: z.number().int(),
    nextSessionOn: day.nullable(),
  }),
  sessions: z
    .array(
      z.object({
        sessionId: id,
        kind: z.string(),
        title: z.string(),
        heldOn: day,
        status: z.string(),
        cancelled: z.boolean(),
      }),
    )
    .describe('Les 50 dernières séances sur lesquelles le visiteur figure'),
});
export type TrainingRecordView = WireOf<typeof trainingRecordView>;

export const contractView = z.object({
  id,
  contractType: z.string().nullable(),
  commitmentStart: day.nullable(),
  commitmentEnd: day.nullable(),
});

export const exitOutcomeView = z.object({
  id,
  exitOutcome: z.string().nullable(),
  exitOutcomeOn: day.nullable(),
});

const byType = z.object({
  cdd: z.number().int(),
  cdd_insertion: z.number().int(),
  civic_service: z.number().int(),
  apprenticeship: z.number().int(),
  other: z.number().int(),
  unknown: z.number().int(),
});

const yearFiguresView = z.object({
  year: z.number().int(),
  endedContracts: z.number().int(),
  byContractType: byType,
  outcomes: z.object({
    job: z.number().int(),
    training: z.number().int(),
    other: z.number().int(),
    unknown: z.number().int(),
  }),
  trainingDaysAttended: z.number().int(),
  qualifyingTrainingDaysAttended: z.number().int(),
  tutoringMeetingsHeld: z.number().int(),
});

export const youngVisitorsReportView = z.object({
  year: z.number().int(),
  years: z.array(z.number().int()).describe('Les années où des contrats ont pris fin'),
  figures: yearFiguresView,
});
export type YoungVisitorsReport = WireOf<typeof youngVisitorsReportView>;
