/** Response schemas of the professionals' directory (ADR 0019), and their wire types for the web app. */
import { z } from 'zod';
import { day, id, pageOf, timestamp, type WireOf } from '../common/api.js';

const servedCommune = z.object({
  postalCode: z.string(),
  communeName: z.string(),
  departmentCode: z.string(),
});
const slot = z.object({ weekday: z.number().int(), start: z.string(), end: z.string() });

const professionalListItem = z.object({
  id,
  trade: z.string(),
  tradeLabel: z.string(),
  businessName: z.string(),
  contactName: z.string().nullable(),
  phone: z.string(),
  communeName: z.string().nullable(),
  communesServed: z.array(z.string()).describe('Noms des communes desservies'),
  worksPublicHolidays: z.boolean(),
  lastCheckedOn: day.nullable(),
  checkDue: z.boolean(),
  active: z.boolean(),
});
export const professionalPage = pageOf(professionalListItem);

/** One change of a professional's record, from the audit: when, by whom, which fields. */
const historyEntry = z.object({
  at: timestamp,
  action: z.string(),
  byName: z.string().nullable(),
  /** The professional themselves, through the e-mailed link. */
  byProfessional: z.boolean(),
  fields: z.array(z.string()),
});

export const professionalView = z.object({
  id,
  trade: z.string(),
  tradeLabel: z.string(),
  businessName: z.string(),
  contactName: z.string().nullable(),
  phone: z.string(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  communesServed: z.array(servedCommune),
  hours: z.array(slot),
  worksPublicHolidays: z.boolean(),
  notes: z.string().nullable(),
  active: z.boolean(),
  lastCheckedOn: day.nullable(),
  checkedByName: z.string().nullable(),
  checkedByProfessional: z.boolean(),
  checkDue: z.boolean(),
  /** The last "is this still right?" e-mail, when one was sent. */
  lastCheckRequest: z
    .object({
      sentAt: timestamp,
      expiresAt: timestamp,
      answeredAt: timestamp.nullable(),
      answer: z.string().nullable(),
    })
    .nullable(),
  history: z.array(historyEntry),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** What the professional sees on the public page their link opens: their own details. */
export const selfCheckView = z.object({
  organisationName: z.string(),
  expiresAt: timestamp,
  details: z.object({
    trade: z.string(),
    businessName: z.string(),
    contactName: z.string().nullable(),
    phone: z.string(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    communesServed: z.array(servedCommune),
    hours: z.array(slot),
    worksPublicHolidays: z.boolean(),
  }),
});
export const selfCheckAnswerView = z.object({ ok: z.literal(true), message: z.string() });

export type ProfessionalListItem = WireOf<typeof professionalListItem>;
export type ProfessionalView = WireOf<typeof professionalView>;
export type SelfCheck = WireOf<typeof selfCheckView>;
