/** The default kinds of help a new organisation starts with (issue 13, ADR 0033). */
import type { DbOrTx } from '../../db/database.js';
import { helpKinds } from '../../db/schema.js';
import { defaultHelpKindRows } from '../../domain/neighbours/model.js';
import type { AuditTrail } from '../write/write.js';

/**
 * Gives a new organisation the default kinds of issue 13 (organisation creation, the demo, test
 * worlds), each on the trail when one is given.
 */
export async function insertDefaultHelpKinds(
  tx: DbOrTx,
  organisationId: string,
  trail?: AuditTrail,
) {
  const rows = await tx
    .insert(helpKinds)
    .values(defaultHelpKindRows(organisationId))
    .onConflictDoNothing()
    .returning();
  for (const row of rows)
    trail?.record({ entityType: 'help_kind', entityId: row.id, organisationId, after: row });
  return rows;
}
