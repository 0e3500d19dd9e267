/** Response schemas of the contact log's routes (ADR 0019), and their wire types for the web app. */
import { z } from 'zod';
import { day, id, pageOf, timestamp, type WireOf } from '../common/api.js';

export const contactView = z.object({
  id,
  personId: id.nullable(),
  /** The carer called, when the contact was with one of the person's carers. */
  personContactId: id.nullable(),
  personContactName: z.string().nullable(),
  visitorId: id.nullable(),
  assignmentId: id.nullable(),
  channel: z.string(),
  outcome: z.string(),
  occurredAt: timestamp,
  purpose: z.string().nullable(),
  note: z.string().nullable(),
  callbackOn: day.nullable(),
  callbackOwnerId: id.nullable(),
  callbackOwnerName: z.string().nullable(),
  callbackDoneAt: timestamp.nullable(),
  callbackDoneByName: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: timestamp,
});

export const contactPage = pageOf(contactView);

/** Who may be asked to call back: the organisation's staff who keep the contact log. */
export const callbackOwnersView = z.object({
  items: z.array(z.object({ id, displayName: z.string() })),
});

export type ContactEntry = WireOf<typeof contactView>;
export type ContactPage = WireOf<typeof contactPage>;
export type CallbackOwners = WireOf<typeof callbackOwnersView>;
