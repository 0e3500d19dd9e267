/**
 * A volunteer of a test world with the documents the organisation requires by default (the
 * charter signed, a civil-liability insurance valid for years): ready to be proposed and planned.
 */
import type { DbOrTx } from '../../src/db/database.js';
import { visitorDocuments } from '../../src/db/schema.js';

export async function giveRequiredDocuments(
  db: DbOrTx,
  visitor: { id: string; organisationId: string },
) {
  await db.insert(visitorDocuments).values([
    {
      organisationId: visitor.organisationId,
      visitorId: visitor.id,
      kind: 'charter',
      receivedOn: '2024-01-15',
    },
    {
      organisationId: visitor.organisationId,
      visitorId: visitor.id,
      kind: 'insurance',
      provider: 'MAIF',
      receivedOn: '2024-01-15',
      expiresOn: '2099-12-31',
    },
  ]);
}
