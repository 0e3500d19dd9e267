/** What the accounts routes answer (their `schema.response`). */
import { z } from 'zod';
import { id, timestamp, type WireOf } from '../common/api.js';

/** An account as administrators see it: never its password hash nor its tokens. */
export const userView = z.object({
  id,
  email: z.string(),
  displayName: z.string(),
  formOfAddress: z.string().nullable().describe('madame | monsieur | null (neutre)'),
  roles: z.array(z.string()),
  localServiceId: z.string().nullable(),
  visitorId: z.string().nullable(),
  disabledAt: timestamp.nullable(),
  createdAt: timestamp,
  invitationPending: z
    .boolean()
    .describe('Invitation pas encore acceptée (aucun mot de passe choisi)'),
});
/**
 * A link sent by e-mail, also shown to the administrator (to pass on if the e-mail went astray).
 * The e-mail leaves in the background, retried while the mail server does not answer.
 */
export const invitationView = z.object({
  invitationLink: z.string(),
  expiresAt: z.string().describe('Date et heure ISO 8601 de fin de validité du lien'),
});

// ---------------------------------------------------------------- what the web app reads

export type User = WireOf<typeof userView>;
export type Invitation = WireOf<typeof invitationView>;
