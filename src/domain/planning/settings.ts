/**
 * A service's planning and alert settings, as the administrator sets them. One Zod schema gives
 * the defaults, the validation (French messages) and the OpenAPI document.
 */
import { z } from 'zod';
import { minutesOfTime, timeOfMinutes } from '../common/calendar.js';
import { timeOfDay } from '../common/schemas.js';
import { DEFAULT_PLANNING_SETTINGS, type PlanningSettings } from './week/model.js';

const hhmm = timeOfMinutes;

export const planningSettingsSchema = z
  .object({
    dayStart: timeOfDay.default(hhmm(DEFAULT_PLANNING_SETTINGS.dayStart)),
    dayEnd: timeOfDay.default(hhmm(DEFAULT_PLANNING_SETTINGS.dayEnd)),
    /** null: no break. */
    breakStart: timeOfDay.nullable().default(hhmm(DEFAULT_PLANNING_SETTINGS.breakStart!)),
    breakEnd: timeOfDay.nullable().default(hhmm(DEFAULT_PLANNING_SETTINGS.breakEnd!)),
    allowSoloVisits: z
      .boolean({ error: '« Visite seul autorisée » doit valoir oui ou non.' })
      .default(false),
    maxVisitsPerVisitorPerDay: z
      .int({ error: 'Le nombre de visites par jour doit être un entier.' })
      .min(1, { error: 'Au moins une visite par jour.' })
      .max(8, { error: 'Huit visites par jour au plus.' })
      .default(DEFAULT_PLANNING_SETTINGS.maxVisitsPerVisitorPerDay),
    /** An active person with no visit done for this many days raises an alert. */
    silenceDays: z
      .int({ error: 'Le délai de silence doit être un nombre entier de jours.' })
      .min(3, { error: 'Le délai de silence doit être d’au moins 3 jours.' })
      .max(90, { error: 'Le délai de silence ne peut dépasser 90 jours.' })
      .default(14),
    /** A planned visit still unreported this many days after its date raises an alert. */
    unreportedAfterDays: z
      .int({ error: 'Le délai de compte rendu doit être un nombre entier de jours.' })
      .min(1, { error: 'Le délai de compte rendu doit être d’au moins 1 jour.' })
      .max(30, { error: 'Le délai de compte rendu ne peut dépasser 30 jours.' })
      .default(2),
  })
  .refine((s) => minutesOfTime(s.dayStart) < minutesOfTime(s.dayEnd), {
    message: 'La fin de journée doit suivre son début.',
    path: ['dayEnd'],
  })
  .refine((s) => (s.breakStart === null) === (s.breakEnd === null), {
    message: 'La pause a un début et une fin, ou aucun des deux.',
    path: ['breakEnd'],
  })
  .refine(
    (s) =>
      s.breakStart === null ||
      s.breakEnd === null ||
      minutesOfTime(s.breakStart) < minutesOfTime(s.breakEnd),
    {
      message: 'La fin de la pause doit suivre son début.',
      path: ['breakEnd'],
    },
  );

export type PlanningSettingsInput = z.infer<typeof planningSettingsSchema>;

/** The planner's settings from the stored ones. */
export function plannerSettings(settings: PlanningSettingsInput): PlanningSettings {
  return {
    dayStart: minutesOfTime(settings.dayStart),
    dayEnd: minutesOfTime(settings.dayEnd),
    breakStart: settings.breakStart === null ? null : minutesOfTime(settings.breakStart),
    breakEnd: settings.breakEnd === null ? null : minutesOfTime(settings.breakEnd),
    slotStepMinutes: DEFAULT_PLANNING_SETTINGS.slotStepMinutes,
    allowSoloVisits: settings.allowSoloVisits,
    maxVisitsPerVisitorPerDay: settings.maxVisitsPerVisitorPerDay,
  };
}
