/**
 * Load on the main read routes of a running server with the demo data, and on a report write:
 * `npx tsx bench/api-reads.ts [--url http://127.0.0.1:3000] [--connections 50] [--seconds 10]
 * [--only healthz,day]`. Each route gets autocannon for the same time; `/healthz` runs in the
 * same invocation so the figures can be read as ratios on a shared machine. The report write
 * consumes unreported past visits (one report each), so it runs last and at most once per visit:
 * run it on a fresh copy of the demo database.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const base = args.url.replace(/\/$/, '');
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const only = args.only ? new Set(args.only.split(',')) : null;
const PASSWORD = 'visites-oise-demo';
const at = (local: string) => `${local}@demo.convivialite.fr`;

interface Session {
  cookie: string;
  csrf: string;
}

async function login(email: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!)[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

async function getJson<T>(session: Session, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { headers: { cookie: session.cookie } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

function monday(offsetWeeks = 0) {
  const now = new Date();
  const day = (now.getUTCDay() + 6) % 7;
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - day + offsetWeeks * 7);
  return d.toISOString().slice(0, 10);
}

interface WeekVisit {
  id: string;
  date: string;
  status: string;
}

interface Row {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(
  route: string,
  options: Partial<autocannon.Options> & { url: string },
): Promise<Row> {
  const result = await autocannon({
    connections,
    ...(options.amount ? {} : { duration: seconds }),
    ...options,
  });
  const row = {
    route,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
  console.error(JSON.stringify(row));
  return row;
}

const visitor = await login(at('visiteur'));
const coordinator = await login(at('coordinatrice'));
const planner = await login(at('planificatrice'));
const admin = await login(at('admin'));

// A person with a full file (evaluations, consents, history, visitors), as the screen opens it.
const list = await getJson<{ items: { id: string; status: string }[] }>(
  coordinator,
  '/api/people?status=active&pageSize=1',
);
const personId = list.items[0]!.id;
// The biggest week among the services, this week.
const organisation = await getJson<{ localServices: { id: string }[] }>(admin, '/api/organisation');
let week = { path: '', visits: [] as WeekVisit[] };
for (const service of organisation.localServices) {
  const path = `/api/planning/week?localServiceId=${service.id}&weekStart=${monday()}`;
  const answer = await getJson<{ visits: WeekVisit[] }>(planner, path);
  if (answer.visits.length > week.visits.length) week = { path, visits: answer.visits };
}
// Visits a report can be written for: planned, today or before, last week and this one.
const today = new Date().toISOString().slice(0, 10);
const reportable: string[] = [];
for (const service of organisation.localServices) {
  for (const offset of [-1, 0]) {
    const answer = await getJson<{ visits: WeekVisit[] }>(
      admin,
      `/api/planning/week?localServiceId=${service.id}&weekStart=${monday(offset)}`,
    );
    for (const v of answer.visits)
      if (v.status === 'planned' && v.date <= today) reportable.push(v.id);
  }
}

const get = (session: Session, path: string) => ({
  url: `${base}${path}`,
  headers: { cookie: session.cookie },
});

const rows: Row[] = [];
const wanted = (key: string) => !only || only.has(key);
if (wanted('healthz')) rows.push(await run('/healthz', { url: `${base}/healthz` }));
if (wanted('day')) rows.push(await run('visitor’s day', get(visitor, '/api/me/visits')));
if (wanted('person'))
  rows.push(await run('person’s file', get(coordinator, `/api/people/${personId}`)));
if (wanted('history'))
  rows.push(
    await run('person’s visits', get(coordinator, `/api/people/${personId}/visits?pageSize=10`)),
  );
if (wanted('week'))
  rows.push(await run(`planning week (${week.visits.length} visits)`, get(planner, week.path)));
if (wanted('report') && reportable.length) {
  let next = 0;
  rows.push(
    await run(`report write (${reportable.length} visits)`, {
      url: base,
      amount: reportable.length,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: `/api/visits/${reportable[next++ % reportable.length]}/report`,
            headers: {
              cookie: admin.cookie,
              'x-csrf-token': admin.csrf,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              clientId: randomUUID(),
              outcome: 'done',
              durationMinutes: 60,
              activities: ['conversation'],
              mood: 'good',
              observations: 'Bonne visite.',
              writtenAt: new Date().toISOString(),
            }),
          }),
        },
      ],
    }),
  );
}

const healthz = rows.find((r) => r.route === '/healthz')?.rps;
console.log(`${connections} connections, ${seconds} s each, ${base}`);
console.log('| request | req/s | p50 | p99 | errors | non-2xx | share of /healthz |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.route} | ${r.rps} | ${r.p50} ms | ${r.p99} ms | ${r.errors} | ${r.non2xx} | ${healthz ? (r.rps / healthz).toFixed(3) : '-'} |`,
  );
