/**
 * The referrals list pages by keyset too (issue 10): every referral once, newest first, even when
 * many were received in the same millisecond; a cursor it did not make is refused; a partner's
 * cursor walk shows only what they sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { listReferrals, type referralListQuery } from '../../src/server/referrals/service.js';
import type { Actor, ListScope } from '../../src/domain/permissions/policy.js';
import { encodeCursor } from '../../src/domain/common/cursor.js';
import { HttpError } from '../../src/server/http/errors.js';
import type { z } from 'zod';

type Query = z.infer<typeof referralListQuery>;

describe('referrals list by cursor', () => {
  let database: TestDatabase;
  let coordinator: Actor;
  let partner: Actor;
  let expected: string[];
  const base: Query = { page: 1, pageSize: 20 };

  beforeAll(async () => {
    database = await openTestDatabase();
    const { rows: orgs } = await database.executeSql(
      `insert into organisations (name, kind) values ('Signalements', 'ccas') returning id`,
    );
    const organisationId = orgs[0].id as string;
    const { rows: users } = await database.executeSql(
      `insert into users (organisation_id, email, display_name, roles) values
         ($1, 'coord@sig.test', 'Coord', '{coordinator}'),
         ($1, 'partenaire@sig.test', 'Partenaire', '{partner}'),
         ($1, 'autre@sig.test', 'Autre partenaire', '{partner}')
       returning id`,
      [organisationId],
    );
    // 437 referrals: groups of five share a timestamp, others differ by microseconds.
    await database.executeSql(
      `insert into referrals (organisation_id, submitted_by, partner_name, last_name, first_name,
         reason, urgency, contact_consent, created_at)
       select $1::uuid, ($2::uuid[])[1 + g % 2], 'CCAS', 'Nom' || g, 'Prénom', 'Isolement',
              'normal', 'person_agreed',
              timestamptz '2026-03-01 08:00:00+00' + (g / 5) * interval '1 minute'
                + (g % 2) * interval '7 microseconds'
         from generate_series(1, 437) g`,
      [organisationId, [users[1].id, users[2].id]],
    );
    const actor = (id: string, role: 'coordinator' | 'partner'): Actor => ({
      id,
      organisationId,
      localServiceId: null,
      roles: [role],
      visitorId: null,
    });
    coordinator = actor(users[0].id as string, 'coordinator');
    partner = actor(users[1].id as string, 'partner');
    const { rows } = await database.executeSql(
      `select id from referrals where organisation_id = $1 order by created_at desc, id`,
      [organisationId],
    );
    expected = rows.map((r) => r.id as string);
  });
  afterAll(async () => database?.close());

  async function walk(actor: Actor, scope: ListScope, query: Query) {
    const ids: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listReferrals(database.db, actor, scope, { ...query, after });
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return ids;
      after = page.nextCursor;
    }
    throw new Error('the cursor never ended');
  }

  it('gives every referral once, newest first, as page numbers do', async () => {
    const scope: ListScope = {
      kind: 'organisation',
      organisationId: coordinator.organisationId,
      localServiceId: null,
    };
    expect(await walk(coordinator, scope, base)).toEqual(expected);
    const byNumber: string[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / 20); page++)
      byNumber.push(
        ...(await listReferrals(database.db, coordinator, scope, { ...base, page })).items.map(
          (i) => i.id,
        ),
      );
    expect(byNumber).toEqual(expected);
  });

  it('walks only what a partner sent', async () => {
    const scope: ListScope = {
      kind: 'submitter',
      organisationId: partner.organisationId,
      userId: partner.id,
    };
    const { rows } = await database.executeSql(
      `select id from referrals where submitted_by = $1 order by created_at desc, id`,
      [partner.id],
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(await walk(partner, scope, base)).toEqual(rows.map((r) => r.id as string));
  });

  it.each([
    ['not a cursor', 'zzz'],
    ['a millisecond timestamp', encodeCursor(['2026-03-01T08:00:00.000Z', crypto.randomUUID()])],
    ['an id that is not one', encodeCursor(['2026-03-01T08:00:00.000000Z', "x' or 1=1 --"])],
  ])('refuses %s (400)', async (_label, after) => {
    const scope: ListScope = {
      kind: 'organisation',
      organisationId: coordinator.organisationId,
      localServiceId: null,
    };
    const error = await listReferrals(database.db, coordinator, scope, { ...base, after }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(400);
  });
});
