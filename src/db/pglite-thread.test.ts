/**
 * The embedded database in its own thread (ADR 0022): one turn at a time, transactions kept whole,
 * PostgreSQL's errors passed through with their codes, a bounded wait, and the server's event loop
 * free while a query runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../server/http/hardening.js';
import { PGliteThread, QUEUE_TIMEOUT_CODE } from './pglite-thread.js';

describe('the embedded database thread', () => {
  let client: PGliteThread;
  beforeAll(async () => {
    client = await PGliteThread.start(undefined, 2_000);
    await client.exec('create table t (id int primary key, v text)');
  }, 300_000);
  afterAll(() => client.close());

  it('answers queries with parameters, in object and array modes', async () => {
    await client.query('insert into t values ($1, $2), ($3, $4)', [1, 'un', 2, 'deux']);
    const objects = await client.query('select id, v from t order by id');
    expect(objects.rows).toEqual([
      { id: 1, v: 'un' },
      { id: 2, v: 'deux' },
    ]);
    const arrays = await client.query('select id, v from t order by id', [], { rowMode: 'array' });
    expect(arrays.rows).toEqual([
      [1, 'un'],
      [2, 'deux'],
    ]);
    expect((await client.query('delete from t where id > $1', [1])).affectedRows).toBe(1);
  });

  it('returns the types Drizzle asks raw as PostgreSQL wrote them, the others parsed', async () => {
    const DATE = 1082;
    const raw = await client.query("select '2026-12-02'::date as d, 3::int as n", [], {
      parsers: { [DATE]: (v: string) => v },
    });
    expect(raw.rows).toEqual([{ d: '2026-12-02', n: 3 }]);
    const parsed = await client.query("select '2026-12-02'::date as d");
    expect((parsed.rows[0] as { d: unknown }).d).toBeInstanceOf(Date);
  });

  it("passes PostgreSQL's errors with their code and constraint", async () => {
    const error = await client.query('insert into t values (1, $1)', ['encore']).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 't_pkey' });
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('keeps a transaction whole: another query waits for its end, a failure rolls it back', async () => {
    const order: string[] = [];
    let outside: Promise<unknown> = Promise.resolve();
    await client.transaction(async (tx) => {
      await tx.query('insert into t values (10, $1)', ['dans la transaction']);
      // Sent while the transaction holds the turn: it must see the committed row, after COMMIT.
      outside = client
        .query('select count(*)::int as n from t where id = 10')
        .then((r) => order.push(`outside saw ${(r.rows[0] as { n: number }).n}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('transaction ends');
    });
    await outside;
    expect(order).toEqual(['transaction ends', 'outside saw 1']);

    const failure = await client
      .transaction(async (tx) => {
        await tx.query('insert into t values (11, $1)', ['annulée']);
        await tx.query('insert into t values (1, $1)', ['doublon']);
      })
      .catch((e) => e);
    expect(failure).toMatchObject({ code: '23505' });
    const { rows } = await client.query('select count(*)::int as n from t where id = 11');
    expect(rows).toEqual([{ n: 0 }]);
    // The session is usable again (no transaction left aborted).
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('fails a request that waits longer than the bound as unavailable, and serves the next', async () => {
    let release!: () => void;
    const held = client.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const waited = await client.query('select 1').catch((e) => e);
    expect(waited).toMatchObject({ code: QUEUE_TIMEOUT_CODE });
    expect(isDatabaseUnavailable(waited)).toBe(true);
    release();
    await held;
    expect((await client.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });

  it('leaves the event loop free while the database works', async () => {
    // A query that keeps PostgreSQL busy for a while: in the server's thread it would block
    // every timer until it ends; here the loop keeps turning.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = process.hrtime.bigint();
    await client.query(
      'select count(*) from generate_series(1, 400000) a where md5(a::text) like $1',
      ['ff%'],
    );
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(timer);
    // In the server's thread the query is one synchronous WebAssembly call: no timer fires during
    // it (0 or 1 tick). Here the 10 ms timer keeps firing; a few ticks suffice to tell, even on a
    // loaded machine (no bound on time itself).
    expect(elapsedMs).toBeGreaterThan(200);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});

describe('a thread that cannot open its database', () => {
  it('fails to start with the reason', async () => {
    await expect(PGliteThread.start('/proc/not-a-data-dir/x', 1_000)).rejects.toThrow();
  }, 300_000);
});
