/** What the audit trail route answers (its `schema.response`). */
import { z } from 'zod';
import { timestamp, type WireOf } from '../common/api.js';

/** One line of the journal. `diff` is already redacted (src/domain/audit/fields.ts). */
export const auditEntry = z.object({
  id: z.number().int(),
  at: timestamp,
  kind: z.string().describe('write (modification) ou read (consultation)'),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entityName: z
    .string()
    .nullable()
    .optional()
    .describe('La personne concernée (prénom et nom), quand le lecteur peut voir la liste'),
  diff: z
    .unknown()
    .describe('Pour une écriture : { champ: [avant, après] }, déjà masqué ; null pour une lecture'),
  ip: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
});

// ---------------------------------------------------------------- what the web app reads

export type AuditEntry = WireOf<typeof auditEntry>;
