/** What the organisation routes answer (their `schema.response`): settings, local services, territories, figures. */
import { z } from 'zod';
import type { WireOf } from '../common/api.js';

/** The settings as applied (the defaults where the organisation set none). */
export const settingsView = z.object({
  eligibility: z.object({
    minimumAge: z.number().int(),
    isolationThreshold: z.number().int(),
    requireIsolation: z.boolean(),
    allowedDepartmentCodes: z.array(z.string()).nullable(),
  }),
  planning: z.object({
    dayStart: z.string(),
    dayEnd: z.string(),
    breakStart: z.string().nullable(),
    breakEnd: z.string().nullable(),
    allowSoloVisits: z.boolean(),
    maxVisitsPerVisitorPerDay: z.number().int(),
    silenceDays: z.number().int(),
    unreportedAfterDays: z.number().int(),
  }),
  followUp: z.object({
    trialWeeks: z.number().int(),
    reviewMonths: z.number().int(),
    expiryWarningDays: z.number().int(),
    requiredDocuments: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        expires: z.boolean(),
        currentVersion: z.string().nullable(),
      }),
    ),
  }),
});
export const localServiceView = z.object({ id: z.string(), name: z.string() });
export const territoryView = z.object({
  id: z.string(),
  postalCode: z.string(),
  communeName: z.string(),
  inseeCode: z.string().nullable(),
  localServiceId: z.string().nullable(),
});
export const organisationView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  settings: settingsView,
  localServices: z.array(localServiceView),
  territories: z.array(territoryView),
});
export const statsView = z.object({
  peopleTotal: z.number().int(),
  toLocate: z.number().int(),
  visitorsActive: z.number().int(),
  pairsActive: z.number().int(),
  referralsOpen: z.number().int(),
  evaluationsThisYear: z.number().int(),
  peopleByStatus: z.record(z.string(), z.number().int()).describe('Nombre de personnes par statut'),
});

// ---------------------------------------------------------------- what the web app reads

export type Organisation = WireOf<typeof organisationView>;
export type Settings = WireOf<typeof settingsView>;
