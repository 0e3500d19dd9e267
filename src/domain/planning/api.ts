/** What the planning routes answer (their `schema.response`): the week, runs, closures, absence repairs. */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';

const named = z.object({ id, name: z.string() });

/** One visit of the week (planned, done or not done; the cancelled ones are only counted). */
const weekVisit = z.object({
  id,
  date: day,
  startTime: z.string().describe('HH:MM'),
  endTime: z.string().describe('HH:MM'),
  durationMinutes: z.number().int(),
  status: z.string().describe('planned, done ou not_done'),
  crew: z.string().describe('pair, volunteer, solo ou substitute'),
  place: z.string().describe('home, walk, errands ou club'),
  person: z.object({ id, name: z.string(), communeName: z.string().nullable() }),
  visitors: z.array(
    z.object({ id, name: z.string(), role: z.string().describe('member ou substitute') }),
  ),
});
/** Visitors the planner could not use on some days of the week, and why. */
const leftOutVisitors = z
  .array(
    z.object({
      visitorId: id,
      name: z.string(),
      dates: z.array(day).describe('Jours de la semaine où il ne peut être planifié'),
      reasons: z.array(z.string()),
    }),
  )
  .describe('Visiteurs non planifiés certains jours (parcours, suspension, documents)');

export const weekView = z.object({
  localServiceId: id,
  weekStart: day,
  days: z.array(
    z.object({
      date: day,
      closedReason: z.string().nullable().describe('Jour fermé (férié ou fermeture) : sa raison'),
    }),
  ),
  pairs: z.array(z.object({ id, memberIds: z.array(id), label: z.string() })),
  visitors: z.array(named),
  visits: z.array(weekVisit),
  cancelledCount: z.number().int(),
  lastRunId: id.nullable(),
  leftOut: leftOutVisitors,
});

/** The outcome of a generation (plan_runs.summary), once it is done. */
const runSummary = z.object({
  planned: z.number().int(),
  kept: z.number().int().describe('Visites gardées telles quelles (passées, faites, commencées)'),
  unplanned: z.array(
    z.object({
      demandId: z.string(),
      personId: id.nullable(),
      personName: z.string(),
      reason: z.string(),
      message: z.string(),
    }),
  ),
  notPlannable: z.array(z.object({ personId: id, name: z.string(), reason: z.string() })),
  travelMinutes: z.number(),
  changedFromPrevious: z.number(),
  preferenceMisses: z.number(),
  elapsedMs: z.number(),
  /** Absent from the summaries of generations run before it was recorded. */
  leftOut: leftOutVisitors.optional(),
});
export const runView = z.object({
  id,
  localServiceId: id,
  weekStart: day,
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().describe('De 0 à 1'),
  summary: runSummary.nullable(),
  error: z.string().nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});

export const closureView = z.object({
  id,
  organisationId: id,
  localServiceId: id.nullable().describe('null : toute l’organisation'),
  date: day,
  reason: z.string(),
  createdBy: id.nullable(),
  createdAt: timestamp,
});
export const closureList = z.object({
  items: z.array(
    z.object({
      id,
      date: day,
      reason: z.string(),
      localServiceId: id.nullable(),
      localServiceName: z.string().nullable(),
    }),
  ),
});

const toTell = z.object({
  people: z.array(z.object({ id, name: z.string(), phone: z.string().nullable() })),
  visitors: z.array(
    z.object({
      id,
      name: z.string(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      formOfAddress: z.string().nullable().optional().describe('madame | monsieur | null'),
    }),
  ),
});
export const repairProposal = z.object({
  changes: z.array(
    z.object({
      visitId: id,
      person: named,
      before: z.object({ date: day, startTime: z.string(), visitors: z.array(named) }),
      after: z
        .object({
          date: day,
          startTime: z.string(),
          visitorIds: z.array(id),
          visitors: z.array(named),
          crew: z.string(),
        })
        .nullable()
        .describe('null : la visite est retirée'),
      reason: z.string().nullable(),
      makesRoomFor: named
        .nullable()
        .describe(
          'Visite non touchée par l’absence, déplacée pour faire place à celle de cette personne',
        ),
    }),
  ),
  toTell: toTell.describe('Qui prévenir'),
  elapsedMs: z.number(),
});

export const runStartedView = z.object({ runId: id, status: z.literal('running') });

export const visitMovedView = z.object({
  id: id.describe('La visite déplacée, ou celle qui la remplace'),
});

export const visitCancelledView = z.object({ id, status: z.literal('cancelled') });

export const closureDeletedView = z.object({ id, deleted: z.boolean() });

export const absenceAcceptedView = z.object({
  absenceId: id,
  changes: z.number().int().describe('Nombre de visites changées'),
  toTell,
});

// ---------------------------------------------------------------- what the web app reads

export type Week = WireOf<typeof weekView>;
export type WeekVisit = Week['visits'][number];
export type Run = WireOf<typeof runView>;
export type ClosureList = WireOf<typeof closureList>;
export type RepairProposal = WireOf<typeof repairProposal>;
export type RunStarted = WireOf<typeof runStartedView>;
export type AbsenceAccepted = WireOf<typeof absenceAcceptedView>;
