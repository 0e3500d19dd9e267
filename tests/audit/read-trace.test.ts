/**
 * A read's trace (ADR 0025): written in one statement that commits without waiting for the disk
 * when it stands alone, and as a plain insert inside a write's transaction, which keeps its
 * durable commit. Both write the same row; neither leaves `synchronous_commit` changed on a
 * connection of the pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { auditRead } from '../../src/server/audit/audit.js';

/** Both drivers answer `execute` with `{ rows }`. */
function settingOf(result: unknown): string {
  return (result as { rows: { v: string }[] }).rows[0]!.v;
}

describe('the trace of a read', () => {
  let database: TestDatabase;
  let organisationId: string;
  let userId: string;
  let personId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { rows: orgs } = await database.executeSql(
      `insert into organisations (name, kind) values ('Traces', 'ccas') returning id`,
    );
    organisationId = orgs[0].id as string;
    const { rows: users } = await database.executeSql(
      `insert into users (organisation_id, email, display_name, roles)
         values ($1, 'lecture@traces.test', 'Lectrice', '{coordinator}') returning id`,
      [organisationId],
    );
    userId = users[0].id as string;
    personId = '0b7d5b4e-4a53-4a8e-9d7e-2f6f3c1a9e01';
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  const ctx = () => ({
    actor: {
      id: userId,
      organisationId,
      localServiceId: null,
      roles: ['coordinator' as const],
      visitorId: null,
    },
    ip: '192.0.2.7',
    source: undefined,
  });

  async function tracesOf(action: string) {
    const { rows } = await database.executeSql(
      `select organisation_id, user_id, kind, action, entity_type, entity_id, subject_id, diff, ip, source
         from audit_log where action = $1 order by id`,
      [action],
    );
    return rows;
  }

  it('alone: one row per entry, with who, whom, where from and nothing of the content', async () => {
    await auditRead(database.db, ctx(), [
      { action: 'person.read', entityType: 'person', entityId: personId, subjectId: personId },
      { action: 'person.read', entityType: 'visit', entityId: 'v-1', subjectId: null },
    ]);
    expect(await tracesOf('person.read')).toEqual([
      {
        organisation_id: organisationId,
        user_id: userId,
        kind: 'read',
        action: 'person.read',
        entity_type: 'person',
        entity_id: personId,
        subject_id: personId,
        diff: null,
        ip: '192.0.2.7',
        source: null,
      },
      expect.objectContaining({ entity_type: 'visit', entity_id: 'v-1', subject_id: null }),
    ]);
  });

  it('inside a transaction: written with it, and gone with it when it rolls back', async () => {
    await database.db.transaction(async (tx) => {
      await auditRead(tx, ctx(), { action: 'visit.day', entityType: 'person', entityId: 'kept' });
      // The write's own commit stays durable: nothing changed the setting inside it.
      const result = await tx.execute(sql`select current_setting('synchronous_commit') as v`);
      expect(settingOf(result)).toBe('on');
    });
    await expect(
      database.db.transaction(async (tx) => {
        await auditRead(tx, ctx(), { action: 'visit.day', entityType: 'person', entityId: 'lost' });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect((await tracesOf('visit.day')).map((row) => row.entity_id)).toEqual(['kept']);
  });

  it('leaves every connection of the pool committing durably afterwards', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        auditRead(database.db, ctx(), {
          action: 'pool.read',
          entityType: 'person',
          entityId: `p${i}`,
        }),
      ),
    );
    expect(await tracesOf('pool.read')).toHaveLength(30);
    const settings = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const result = await database.db.execute(
          sql`select current_setting('synchronous_commit') as v, pg_sleep(0.01)`,
        );
        return settingOf(result);
      }),
    );
    expect(new Set(settings)).toEqual(new Set(['on']));
  });

  it('accepts an empty list without a statement', async () => {
    await expect(auditRead(database.db, ctx(), [])).resolves.toBeUndefined();
  });
});
