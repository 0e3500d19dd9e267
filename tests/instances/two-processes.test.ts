/**
 * Two real server processes (`convivialite serve`, as `npm start` runs it) on one PostgreSQL
 * database, as a deployment behind a load balancer runs them. Only on a server database
 * (TEST_DATABASE_URL): two processes cannot share an embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { addDays, mondayOf, serviceToday } from '../../src/domain/common/calendar.js';
import { startSmtpCapture } from '../helpers/smtp-capture.js';
import {
  createServerDatabase,
  eventually,
  freePort,
  serverDatabaseUrl,
  startServer,
  type ServerProcess,
} from '../helpers/processes.js';

const env = {
  CONVIVIALITE_MODE: 'demo',
  PLANNING_SECONDS: '3',
  // A generation whose heartbeat stopped for 10 s is taken for dead (the kill -9 test).
  PLANNING_STALE_SECONDS: '10',
  IMPORT_STALE_SECONDS: '10',
  LOG_LEVEL: 'info',
};

/** A signed-in user of one process: the cookie and CSRF token the browser would hold. */
async function signIn(server: ServerProcess, email: string) {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

function call(
  server: ServerProcess,
  session: { cookie: string; csrfToken: string },
  method: string,
  path: string,
  body?: unknown,
) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Who the process says is signed in with these cookies (null: nobody). */
async function signedInAs(server: ServerProcess, session: { cookie: string; csrfToken: string }) {
  const response = await call(server, session, 'GET', '/api/auth/session');
  expect(response.status).toBe(200);
  const body = (await response.json()) as { user: { email: string } | null };
  return body.user?.email ?? null;
}

describe.skipIf(!serverDatabaseUrl)('two server processes on one PostgreSQL database', () => {
  let servers: ServerProcess[] = [];
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    database = await createServerDatabase();
    // A deploy starts them together on an empty database.
    servers = await Promise.all([
      startServer({ databaseUrl: database.url, env }),
      startServer({ databaseUrl: database.url, env }),
    ]);
  }, 400_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  }, 60_000);

  it('starting together: migrations run once, the demo is loaded once, both serve', async () => {
    const [applied] = await database.query<{ n: number; distinct: number }>(
      'select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations',
    );
    expect(applied!.n).toBe(applied!.distinct);
    const doubled = await database.query(
      'select name from organisations group by name having count(*) > 1',
    );
    expect(doubled).toEqual([]);
    expect(servers.filter((s) => s.output().includes('Demo data loaded'))).toHaveLength(1);
  });

  it('a session opened on one process works on the other, and after both restart', async () => {
    const email = 'coordinateur.beauvais@demo.convivialite.fr';
    const session = await signIn(servers[0]!, email);
    expect(await signedInAs(servers[1]!, session)).toBe(email);
    const ports = servers.map((s) => s.port);
    await Promise.all(servers.map((s) => s.stop()));
    servers = await Promise.all(
      ports.map((port) => startServer({ databaseUrl: database.url, env, port })),
    );
    for (const server of servers) expect(await signedInAs(server, session)).toBe(email);
    // A change (CSRF token included) is accepted by the other process too.
    const signOut = await call(servers[1]!, session, 'POST', '/api/auth/logout');
    expect(signOut.status).toBeLessThan(300);
    expect(await signedInAs(servers[0]!, session)).toBeNull();
  }, 400_000);

  it('the same week generated on both at once gives one run and one set of visits', async () => {
    const planner = await signIn(servers[0]!, 'planificatrice@demo.convivialite.fr');
    const weekStart = addDays(mondayOf(serviceToday()), 21);
    const [service] = await database.query<{ id: string }>(
      "select id from local_services where name like '%Beauvais%' limit 1",
    );
    const body = { localServiceId: service!.id, weekStart };
    const answers = await Promise.all(
      servers.map((server) => call(server, planner, 'POST', '/api/planning/generate', body)),
    );
    const bodies = await Promise.all(answers.map((a) => a.clone().text()));
    expect(answers.map((a) => a.status).sort(), bodies.join('\n')).toEqual([202, 409]);
    const { runId } = (await answers.find((a) => a.status === 202)!.json()) as { runId: string };
    const status = await eventually(
      async () => {
        const run = await call(servers[1]!, planner, 'GET', `/api/planning/runs/${runId}`);
        const body = (await run.json()) as { status: string };
        return body.status === 'running' ? undefined : body.status;
      },
      180_000,
      'the generation to finish',
    );
    expect(status).toBe('done');
    const runs = await database.query<{ n: number }>(
      'select count(*)::int as n from plan_runs where week_start = $1',
      [weekStart],
    );
    expect(runs[0]!.n).toBe(1);
    const twice = await database.query(
      `select person_id, date, start_time from visits
       where week_start = $1 and status <> 'cancelled'
       group by person_id, date, start_time having count(*) > 1`,
      [weekStart],
    );
    expect(twice).toEqual([]);
  }, 400_000);

  it('killed (-9) during a generation: no partial week, the run is failed within a minute, then retried', async () => {
    const planner = await signIn(servers[0]!, 'planificatrice@demo.convivialite.fr');
    const weekStart = addDays(mondayOf(serviceToday()), 28);
    const [service] = await database.query<{ id: string }>(
      "select id from local_services where name like '%Beauvais%' limit 1",
    );
    const body = { localServiceId: service!.id, weekStart };
    const started = await call(servers[0]!, planner, 'POST', '/api/planning/generate', body);
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    // As soon as a process has begun computing it (the week's revision is recorded), both die.
    await eventually(
      async () => {
        const [run] = await database.query<{ week_revision: number | null; status: string }>(
          'select week_revision, status from plan_runs where id = $1',
          [runId],
        );
        expect(run!.status).toBe('running');
        return run!.week_revision === null ? undefined : true;
      },
      60_000,
      'the generation to begin',
    );
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    const killedAt = Date.now();
    const written = await database.query<{ n: number }>(
      'select count(*)::int as n from visits where plan_run_id = $1',
      [runId],
    );
    expect(written[0]!.n).toBe(0);

    const ports = servers.map((s) => s.port);
    servers = await Promise.all(
      ports.map((port) => startServer({ databaseUrl: database.url, env, port })),
    );
    const session = await signIn(servers[1]!, 'planificatrice@demo.convivialite.fr');
    const failed = await eventually(
      async () => {
        const run = await call(servers[1]!, session, 'GET', `/api/planning/runs/${runId}`);
        const view = (await run.json()) as { status: string; error: string | null };
        return view.status === 'failed' ? view : undefined;
      },
      60_000,
      'the killed run to be failed',
    );
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(failed.error).toMatch(/interrompue/);

    const again = await call(servers[0]!, session, 'POST', '/api/planning/generate', body);
    expect(again.status).toBe(202);
    const retried = ((await again.json()) as { runId: string }).runId;
    const status = await eventually(
      async () => {
        const run = await call(servers[0]!, session, 'GET', `/api/planning/runs/${retried}`);
        const view = (await run.json()) as { status: string };
        return view.status === 'running' ? undefined : view.status;
      },
      180_000,
      'the retried generation to finish',
    );
    expect(status).toBe('done');
    const visits = await database.query<{ n: number }>(
      'select count(*)::int as n from visits where plan_run_id = $1',
      [retried],
    );
    expect(visits[0]!.n).toBeGreaterThan(0);
  }, 600_000);

  it('killed (-9) during an import: slices written stay, the import is failed within a minute, the same file again completes it', async () => {
    const admin = await signIn(servers[0]!, 'admin@demo.convivialite.fr');
    const rows = 6000;
    const letters = (i: number) =>
      i
        .toString(26)
        .split('')
        .map((d) => String.fromCharCode(97 + parseInt(d, 26)))
        .join('');
    // A phone: an imported person must be reachable (issue 11).
    const lines = ['Nom;Prénom;Date de naissance;Tél'];
    for (let i = 0; i < rows; i++)
      lines.push(
        `Tuerneuf${letters(i)};Anne;${1920 + (i % 30)}-0${1 + (i % 9)}-1${i % 10};0344451234`,
      );
    const body = {
      target: 'people',
      fileName: 'registre.csv',
      contentBase64: Buffer.from(lines.join('\r\n') + '\r\n', 'utf8').toString('base64'),
      mode: 'valid_only',
    };
    const sent = await call(servers[0]!, admin, 'POST', '/api/imports', body);
    expect(sent.status, await sent.clone().text()).toBe(200);
    const { importId } = (await sent.json()) as { importId: string };
    await eventually(
      async () => {
        const [row] = await database.query<{ processed: number; status: string }>(
          'select processed, status from imports where id = $1',
          [importId],
        );
        expect(row!.status).not.toBe('done');
        return row!.processed > 0 ? true : undefined;
      },
      120_000,
      'the import to write its first slice',
    );
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    const killedAt = Date.now();
    const [written] = await database.query<{ processed: number }>(
      'select processed from imports where id = $1',
      [importId],
    );
    const count = async () =>
      (
        await database.query<{ n: number }>(
          "select count(*)::int as n from people where last_name like 'Tuerneuf%'",
        )
      )[0]!.n;
    // Whole slices only: what the import row says it wrote is exactly what is there.
    expect(await count()).toBe(written!.processed);

    const ports = servers.map((s) => s.port);
    servers = await Promise.all(
      ports.map((port) => startServer({ databaseUrl: database.url, env, port })),
    );
    const session = await signIn(servers[1]!, 'admin@demo.convivialite.fr');
    const failed = await eventually(
      async () => {
        const run = await call(servers[1]!, session, 'GET', `/api/imports/${importId}`);
        const view = (await run.json()) as { status: string; error: string | null };
        return view.status === 'failed' ? view : undefined;
      },
      60_000,
      'the killed import to be failed',
    );
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(failed.error).toMatch(/interrompu/);

    const again = await call(servers[0]!, session, 'POST', '/api/imports', body);
    expect(again.status).toBe(200);
    const retried = ((await again.json()) as { importId: string }).importId;
    const done = await eventually(
      async () => {
        const run = await call(servers[0]!, session, 'GET', `/api/imports/${retried}`);
        const view = (await run.json()) as { status: string; created: number };
        return view.status === 'done' || view.status === 'failed' ? view : undefined;
      },
      300_000,
      'the second import to finish',
    );
    expect(done.status).toBe('done');
    expect(await count()).toBe(rows);
  }, 600_000);

  it('periodic jobs run once across both; an e-mail written while the mail server is down leaves once, when it is back', async () => {
    const smtpPort = await freePort();
    const jobEnv = {
      ...env,
      // Every minute instead of hourly and daily, so that both processes race for several runs.
      JOB_CRON_SILENCE_SCAN: '* * * * *',
      JOB_CRON_RETENTION: '* * * * *',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    };
    const ports = servers.map((s) => s.port);
    await Promise.all(servers.map((s) => s.stop()));
    servers = await Promise.all(
      ports.map((port) => startServer({ databaseUrl: database.url, env: jobEnv, port })),
    );
    const since = new Date();

    const email = 'lecteur@demo.convivialite.fr';
    const asked = await fetch(`${servers[0]!.url}/api/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(asked.status).toBe(200);
    // Nothing listens on the mail port: the first attempt fails and the e-mail waits.
    await eventually(
      async () => {
        const [mail] = await database.query<{ attempts: number; status: string }>(
          'select attempts, status from mail_outbox where recipient = $1',
          [email],
        );
        return mail && mail.attempts >= 1 && mail.status === 'pending' ? true : undefined;
      },
      60_000,
      'a failed delivery attempt',
    );
    const smtp = await startSmtpCapture({ port: smtpPort });
    try {
      await smtp.waitForMessage((m) => m.envelope.to.includes(email), 240_000);
      // Two minutes' runs of each periodic job, taken by either process.
      const runs = (name: string) =>
        database.query<{ minute: string; n: number }>(
          `select date_trunc('minute', created_on)::text as minute, count(*)::int as n
           from (select created_on from pgboss.job where name = $1 and created_on >= $2
                 union all select created_on from pgboss.archive where name = $1 and created_on >= $2) runs
           group by 1 order by 1`,
          [name, since],
        );
      await eventually(
        async () => ((await runs('silence-scan')).length >= 2 ? true : undefined),
        200_000,
        'two minutes of silence scans',
      );
      expect((await runs('silence-scan')).filter((r) => r.n > 1)).toEqual([]);
      expect((await runs('retention')).filter((r) => r.n > 1)).toEqual([]);
      const retention = await database.query<{ n: number }>(
        "select count(*)::int as n from scheduled_runs where job = 'retention'",
      );
      expect(retention[0]!.n).toBe(1);
      // Still one e-mail, whatever the retries and the two processes.
      expect(smtp.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);
      const [sent] = await database.query<{ status: string }>(
        'select status from mail_outbox where recipient = $1',
        [email],
      );
      expect(sent!.status).toBe('sent');
    } finally {
      await smtp.close();
    }
  }, 600_000);
});
