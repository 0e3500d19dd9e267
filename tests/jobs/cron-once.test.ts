/**
 * Cron jobs run once across instances (ADR 0015): two processes' queues, each with its own
 * services and connection pool, both working on one PostgreSQL database, both keeping the
 * schedules; the silence scan and the retention, scheduled for the current minute, run once.
 *
 * PostgreSQL only: an embedded PGlite database belongs to one process, so two instances cannot
 * share it (and one instance has nobody to race with).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { openDatabase, queryRows, type Database } from '../../src/db/database.js';
import { scheduledRuns } from '../../src/db/schema.js';
import { serviceToday } from '../../src/domain/common/calendar.js';
import { createGeocoder } from '../../src/geo/index.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppServices } from '../../src/server/http/context.js';
import { JobQueue } from '../../src/server/jobs/queue.js';
import { JOB_TIME_ZONE } from '../../src/server/jobs/registry.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createFixtures } from '../helpers/fixtures.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let first: TestDatabase;
let second: Database;
const queues: JobQueue[] = [];

function servicesOn(database: Database): AppServices {
  const config = loadConfig({}, { logLevel: 'silent', mode: 'demo', tileUrl: null });
  return {
    db: database.db,
    config,
    mailer: createMailer({ smtpUrl: null, from: config.mailFrom }, pino({ level: 'silent' })),
    geocoder: createGeocoder({ geocoder: 'offline' }),
  };
}

/** Hour, minute and second now, in the schedules' time zone. */
function parisClock() {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: JOB_TIME_ZONE,
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runsOf(name: string) {
  const [row] = await queryRows<{ n: number }>(
    first.db,
    sql`select count(*)::int as n from (
          select id from pgboss.job where name = ${name}
          union all select id from pgboss.archive where name = ${name}) jobs`,
  );
  return row!.n;
}

async function completedRunsOf(name: string) {
  const [row] = await queryRows<{ n: number }>(
    first.db,
    sql`select count(*)::int as n from pgboss.job where name = ${name} and state = 'completed'`,
  );
  return row!.n;
}

beforeAll(async () => {
  if (!onPostgres) return;
  first = await openTestDatabase();
  second = await openDatabase({ url: first.url! });
  await createFixtures(first.db);
});

afterAll(async () => {
  for (const queue of queues) await queue.stop(5_000);
  await second?.close();
  await first?.close();
});

describe.skipIf(!onPostgres)('cron jobs across two instances on one PostgreSQL', () => {
  it('the silence scan and the retention scheduled for this minute run once, not once per instance', async () => {
    // Far enough from the end of the minute for both instances to see it several times.
    if (parisClock().second >= 45) await sleep((61 - parisClock().second) * 1000);
    const { hour, minute } = parisClock();
    const now = `${minute} ${hour} * * *`;
    for (const database of [first, second]) {
      const queue = new JobQueue(servicesOn(database), database, pino({ level: 'silent' }), {
        work: true,
        pollingIntervalSeconds: 0.5,
        // Both instances look at the schedules every second.
        cronIntervalSeconds: 1,
        crons: { 'silence-scan': now, retention: now },
      });
      queues.push(queue);
    }
    await Promise.all(queues.map((queue) => queue.start()));

    const deadline = Date.now() + 60_000;
    while (
      (await completedRunsOf('silence-scan')) < 1 ||
      (await completedRunsOf('retention')) < 1
    ) {
      if (Date.now() > deadline) throw new Error('the scheduled jobs did not run within 60 s');
      await sleep(250);
    }
    // Every chance of a second run: until the scheduled minute is over, both instances checking.
    while (parisClock().minute === minute) await sleep(500);
    await sleep(3_000);

    expect(await runsOf('silence-scan')).toBe(1);
    expect(await runsOf('retention')).toBe(1);
    const runs = await first.db
      .select()
      .from(scheduledRuns)
      .where(eq(scheduledRuns.day, serviceToday()));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.finishedAt).not.toBeNull();
    expect(runs[0]!.result).toMatchObject({ organisations: expect.any(Array) });
  }, 150_000);
});
