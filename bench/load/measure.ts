/**
 * The measures: each scenario under autocannon at a given number of connections, after a short
 * warm-up; and a large import sent through the API while `/healthz` is polled every 100 ms.
 * Every answer that is not 2xx, and every timeout or socket error, counts as an error.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Fixtures } from './fixtures.js';

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Signs in through the API, as the web app does. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('conv_session='));
  const body = (await response.json()) as { csrfToken: string };
  if (!cookie) throw new Error(`sign-in of ${email}: no session cookie`);
  return { cookie, csrfToken: body.csrfToken };
}

export interface Scenario {
  name: string;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  session: Session | null;
  /** A write: each request gets its own target and body. */
  next?: () => { path: string; body: string };
  /** Counted before the run: a write scenario can run out of targets. */
  remaining?: () => number;
}

export function scenarios(
  fixtures: Fixtures,
  sessions: { coordinator: Session; planner: Session; visitor: Session },
  deepPage: number,
): Scenario[] {
  const people = (query: string) => `/api/people?${query}`;
  let used = 0;
  return [
    { name: 'healthz', description: '/healthz', method: 'GET', path: '/healthz', session: null },
    {
      name: 'my-day',
      description: `the visitor's day (${fixtures.visitorVisitsToday} visits today)`,
      method: 'GET',
      path: '/api/me/visits',
      session: sessions.visitor,
    },
    {
      name: 'search-common',
      description: `search q=${fixtures.commonName.query} (${fixtures.commonName.name}: ${fixtures.commonName.rows} files)`,
      method: 'GET',
      path: people(`q=${encodeURIComponent(fixtures.commonName.query)}`),
      session: sessions.coordinator,
    },
    {
      name: 'search-rare',
      description: `search q=${fixtures.rareName.query} (${fixtures.rareName.rows} files)`,
      method: 'GET',
      path: people(`q=${encodeURIComponent(fixtures.rareName.query)}`),
      session: sessions.coordinator,
    },
    {
      name: 'search-commune',
      description: `search q=${fixtures.commune.query} (${fixtures.commune.rows} files)`,
      method: 'GET',
      path: people(`q=${encodeURIComponent(fixtures.commune.query)}`),
      session: sessions.coordinator,
    },
    {
      name: 'list-first',
      description: `people list, page 1 of ${fixtures.listedPeople} files`,
      method: 'GET',
      path: '/api/people',
      session: sessions.coordinator,
    },
    {
      name: 'list-deep',
      description: `people list, page ${deepPage} (25 a page)`,
      method: 'GET',
      path: people(`page=${deepPage}`),
      session: sessions.coordinator,
    },
    {
      name: 'person-file',
      description: `a person's file (GET /api/people/:id, ${fixtures.personVisits} visits)`,
      method: 'GET',
      path: `/api/people/${fixtures.personId}`,
      session: sessions.coordinator,
    },
    {
      name: 'person-visits',
      description: "the file's visit list (first 10)",
      method: 'GET',
      path: `/api/people/${fixtures.personId}/visits?page=1&pageSize=10`,
      session: sessions.coordinator,
    },
    {
      name: 'planning-week',
      description: `planning week of ${fixtures.week.name}, ${fixtures.week.weekStart} (${fixtures.week.visits} visits)`,
      method: 'GET',
      path: `/api/planning/week?localServiceId=${fixtures.week.localServiceId}&weekStart=${fixtures.week.weekStart}`,
      session: sessions.planner,
    },
    {
      name: 'report-write',
      description: 'a visit report (POST /api/visits/:id/report, a new visit each time)',
      method: 'POST',
      path: '/api/visits/pool/report',
      session: sessions.visitor,
      // Past the pool's end the same visits come back: their second report is a 409, an error.
      next: () => {
        const visitId = fixtures.reportPool[used % fixtures.reportPool.length]!;
        used++;
        return {
          path: `/api/visits/${visitId}/report`,
          body: JSON.stringify({
            clientId: randomUUID(),
            outcome: 'done',
            durationMinutes: 75,
            activities: ['conversation'],
            mood: 'good',
            observations: 'Bonne visite, discussion autour des photos de famille.',
            writtenAt: new Date().toISOString(),
          }),
        };
      },
      remaining: () => fixtures.reportPool.length - used,
    },
  ];
}

export interface Measure {
  scenario: string;
  connections: number;
  /** Answered within the measure (any status). */
  requests: number;
  /** Sent and still unanswered when the measure ended (a request slower than the measure). */
  inFlight: number;
  /** The one request sent after the measure, answered once the server had caught up. */
  drainMs: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function headersOf(scenario: Scenario): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (scenario.session) {
    headers.cookie = scenario.session.cookie;
    if (scenario.method !== 'GET') headers['x-csrf-token'] = scenario.session.csrfToken;
  }
  if (scenario.method !== 'GET') headers['content-type'] = 'application/json';
  return headers;
}

async function cannon(baseUrl: string, scenario: Scenario, connections: number, seconds: number) {
  const next = scenario.next;
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    headers: headersOf(scenario),
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        ...(next
          ? {
              setupRequest: (request) => {
                const target = next();
                return { ...request, path: target.path, body: target.body };
              },
            }
          : {}),
      },
    ],
  });
}

/**
 * autocannon stops at the end of its time and drops its connections, but the server still works
 * on what it received. One more request of the same kind, answered after those (the database
 * pool serves in order), tells when the server has caught up: the next measure starts then.
 */
async function drain(baseUrl: string, scenario: Scenario): Promise<number> {
  const started = performance.now();
  const target = scenario.next?.() ?? { path: scenario.path, body: undefined };
  const response = await fetch(`${baseUrl}${target.path}`, {
    method: scenario.method,
    headers: headersOf(scenario),
    ...(target.body ? { body: target.body } : {}),
    signal: AbortSignal.timeout(300_000),
  });
  await response.arrayBuffer();
  return performance.now() - started;
}

export async function measure(
  baseUrl: string,
  scenario: Scenario,
  connections: number,
  options: { seconds: number; warmupSeconds: number },
): Promise<Measure> {
  if (options.warmupSeconds > 0) {
    await cannon(baseUrl, scenario, connections, options.warmupSeconds);
    await drain(baseUrl, scenario);
  }
  const result = await cannon(baseUrl, scenario, connections, options.seconds);
  const drainMs = await drain(baseUrl, scenario);
  return {
    scenario: scenario.name,
    connections,
    requests: result.requests.total,
    inFlight: Math.max(0, result.requests.sent - result.requests.total - result.errors),
    drainMs,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    // Socket errors and timeouts (autocannon counts a timeout in both).
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export interface ImportMeasure {
  rows: number;
  fileBytes: number;
  /** POST /api/imports: reading and validating the file, answered before the job writes it. */
  answerMs: number;
  status: string;
  created: number;
  totalMs: number;
  healthzPolls: number;
  healthzFailures: number;
  longestGapMs: number;
  longestHealthzMs: number;
}

// prettier-ignore
const IMPORT_LAST_NAMES = ['Martin', 'Bernard', 'Lefèvre', 'Dubois', 'Guérin', 'Petit', 'Moreau', 'Rousseau', 'Fontaine', 'Mercier', 'Noël', 'Gérard', 'Caron', 'Lemaître', 'Prévost'];
// prettier-ignore
const IMPORT_FIRST_NAMES = ['Jeanne', 'Hélène', 'Marcel', 'Thérèse', 'André', 'Simone', 'Gérard', 'Françoise', 'Lucien', 'Geneviève', 'Émile', 'Odette'];
// prettier-ignore
const IMPORT_COMMUNES = [['60000', 'Beauvais'], ['60200', 'Compiègne'], ['60100', 'Creil'], ['60600', 'Clermont'], ['60400', 'Noyon'], ['60300', 'Senlis']];

/**
 * A people file as services send them: name, birth date, address, phone. Each run draws its own
 * people (a file imported twice creates nothing the second time).
 */
function importCsv(rows: number): Buffer {
  const lines = ['Nom;Prénom;Date de naissance;Adresse;Code postal;Commune;Téléphone'];
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  for (let i = 0; i < rows; i++) {
    const [postalCode, commune] = pick(IMPORT_COMMUNES);
    const birth = new Date(
      Date.UTC(1925 + Math.floor(Math.random() * 33), 0, 1 + Math.floor(Math.random() * 365)),
    );
    lines.push(
      [
        pick(IMPORT_LAST_NAMES),
        pick(IMPORT_FIRST_NAMES),
        birth.toISOString().slice(0, 10).split('-').reverse().join('/'),
        `${1 + Math.floor(Math.random() * 120)} rue de la République`,
        postalCode,
        commune,
        `03 44 ${String(Math.floor(Math.random() * 1e6))
          .padStart(6, '0')
          .replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3')}`,
      ].join(';'),
    );
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

/** Sends the import and follows it to its end while /healthz is polled every 100 ms. */
export async function measureImport(
  baseUrl: string,
  session: Session,
  rows: number,
  timeoutMs: number,
): Promise<ImportMeasure> {
  const file = importCsv(rows);
  let polling = true;
  let polls = 0;
  let failures = 0;
  let longestGap = 0;
  let longestAnswer = 0;
  const poller = (async () => {
    let lastAnswer = performance.now();
    while (polling) {
      const sent = performance.now();
      try {
        const response = await fetch(`${baseUrl}/healthz`);
        await response.arrayBuffer();
        if (!response.ok) failures++;
      } catch {
        failures++;
      }
      const answered = performance.now();
      polls++;
      longestGap = Math.max(longestGap, answered - lastAnswer);
      longestAnswer = Math.max(longestAnswer, answered - sent);
      lastAnswer = answered;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (answered - sent))));
    }
  })();
  const headers = {
    'content-type': 'application/json',
    cookie: session.cookie,
    'x-csrf-token': session.csrfToken,
  };
  const started = performance.now();
  let status: string;
  let created = 0;
  let answerMs: number;
  try {
    // A moment of polling before the file arrives, so the first gap is not the import's.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sentAt = performance.now();
    const response = await fetch(`${baseUrl}/api/imports`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        target: 'people',
        fileName: `bench-${rows}.csv`,
        contentBase64: file.toString('base64'),
        mode: 'valid_only',
      }),
    });
    answerMs = performance.now() - sentAt;
    const answer = (await response.json()) as {
      outcome?: string;
      importId?: string;
      message?: string;
    };
    if (!response.ok || answer.outcome !== 'started') {
      status = `refused (${response.status} ${answer.message ?? answer.outcome ?? ''})`;
    } else {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = (await fetchJsonRetrying(
          `${baseUrl}/api/imports/${answer.importId}`,
          headers,
        )) as {
          status: string;
          created: number;
        };
        status = run.status;
        created = run.created;
        if (run.status === 'done' || run.status === 'failed') break;
        if (Date.now() > deadline) {
          status = `${run.status} after ${timeoutMs / 1000} s`;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    polling = false;
    await poller;
  }
  return {
    rows,
    fileBytes: file.byteLength,
    answerMs,
    status,
    created,
    totalMs: performance.now() - started - 500,
    healthzPolls: polls,
    healthzFailures: failures,
    longestGapMs: longestGap,
    longestHealthzMs: longestAnswer,
  };
}

/**
 * A follow-up read that survives one dropped connection: a kept-alive socket that the server
 * closed while idle fails the next fetch ("other side closed"), which says nothing of the import.
 */
async function fetchJsonRetrying(url: string, headers: Record<string, string>): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { headers });
      return await response.json();
    } catch (error) {
      if (attempt >= 3) throw error;
      console.warn(`  (${url}: ${String((error as Error).cause ?? error)}; retrying)`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
