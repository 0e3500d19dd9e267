/**
 * While PostgreSQL cannot be reached (a restart, a failover, an administrator ending connections)
 * the API answers 503 with Retry-After and a French message, `/healthz` answers 503, and the
 * next request after the database is back answers normally (ADR 0016).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { execute, queryRows, type Db } from '../../src/db/database.js';
import { buildApp } from '../../src/server/app.js';
import { isDatabaseUnavailable } from '../../src/server/http/hardening.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

/** A port on which nothing listens: a server listens on it, gives it back, and is gone. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connection errors', () => {
  it('are told apart from other errors', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'x' });
    const refused = await client.connect().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    // Wrapped as Drizzle wraps a failed query.
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: refused }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // A wrong query or a broken constraint is a bug or a conflict, not an outage.
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '42P01' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });
});

/** A TCP relay to PostgreSQL that the test can cut and restore, as a server restart would. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)(
  'with PostgreSQL unreachable (needs TEST_DATABASE_URL: PGlite runs inside the process and cannot lose its connection)',
  () => {
    let t: TestApp;
    let relay: Relay;
    let pool: pg.Pool;
    let db: Db;
    let app: FastifyInstance;
    let log = '';

    beforeAll(async () => {
      t = await createTestApp();
      const [{ name }] = (await queryRows<{ name: string }>(
        t.services.db,
        sql`select current_database() as name`,
      )) as [{ name: string }];
      const server = new URL(serverUrl!);
      relay = new Relay({ host: server.hostname, port: Number(server.port || 5432) });
      await relay.start();
      const url = new URL(serverUrl!);
      url.hostname = '127.0.0.1';
      url.port = String(relay.port);
      url.pathname = `/${name}`;
      pool = new pg.Pool({
        connectionString: url.toString(),
        max: 4,
        connectionTimeoutMillis: 2000,
        application_name: 'relayed-test-app',
      });
      // As in src/db/database.ts: a lost idle connection is replaced, never fatal.
      pool.on('error', () => undefined);
      db = drizzle(pool, { schema }) as unknown as Db;
      const stream = new Writable({
        write(chunk, _encoding, done) {
          log += String(chunk);
          done();
        },
      });
      app = await buildApp({ ...t.services, db }, { logger: { level: 'warn', stream } });
      await app.ready();
    }, 600_000);

    afterAll(async () => {
      await app?.close();
      await pool?.end();
      await relay?.stop();
      await t?.close();
    });

    it('answers 503 with Retry-After while the database is away, then recovers', async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.fixtures.usersA.coordinator.email, password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const headers = {
        cookie: `conv_session=${login.cookies.find((c) => c.name === 'conv_session')!.value}`,
      };
      expect((await app.inject({ url: '/api/people', headers })).statusCode).toBe(200);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);

      await relay.stop();
      const people = await app.inject({ url: '/api/people', headers });
      expect(people.statusCode).toBe(503);
      expect(people.headers['retry-after']).toBe('5');
      expect(people.json()).toEqual({
        error: 'unavailable',
        message: 'Service momentanément indisponible, réessayez dans un instant.',
      });
      const health = await app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.headers['retry-after']).toBe('5');
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.fixtures.usersA.coordinator.email, password: TEST_PASSWORD },
      });
      expect(signIn.statusCode).toBe(503);
      expect(log).toContain('Database unreachable, answering 503');
      expect(log).not.toContain('unhandled error');

      // The database is back: the pool opens new connections on the next request.
      await relay.start();
      expect((await app.inject({ url: '/api/people', headers })).statusCode).toBe(200);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    });

    it('survives an administrator terminating its connections (pg_terminate_backend)', async () => {
      // A query in flight when its connection is terminated fails with a connection error…
      const inFlight = execute(db, sql`select pg_sleep(30)`).then(
        () => null,
        (error: unknown) => error,
      );
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      const terminate = () =>
        admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where application_name = 'relayed-test-app' and pid <> pg_backend_pid()`,
        );
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query(
          `select 1 from pg_stat_activity where application_name = 'relayed-test-app' and query like 'select pg_sleep%'`,
        );
        if (rows.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await terminate()).rowCount).toBeGreaterThan(0);
      const error = await inFlight;
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);

      // …and the requests that follow are served on new connections.
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.fixtures.usersA.coordinator.email, password: TEST_PASSWORD },
      });
      expect([200, 503]).toContain(login.statusCode);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      await admin.end();
    });
  },
);
