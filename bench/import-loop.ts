/**
 * `npm run bench:import-loop`: how long the server stops answering while it takes a 20,000-row
 * import (issue 10, item 4). Starts the real server (`convivialite serve`, demo mode, its job
 * queue working in the same process) on a fresh PostgreSQL database, signs in as the demo
 * coordinator, sends a 20,000-row file (CSV, then XLSX) through `POST /api/imports`, follows the
 * import to its end, and polls `/healthz` every 100 ms meanwhile from this process. Prints, per
 * file, the longest gap between two `/healthz` answers and the slowest answer.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the PostgreSQL
 * server; a database is created for the run and dropped after it. BENCH_IMPORT_ROWS changes the
 * size, BENCH_IMPORT_FORMATS=csv skips the XLSX, and BENCH_NODE_ARGS passes options to the
 * server's node (`--cpu-prof --cpu-prof-dir=/tmp/prof` profiles it).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/server/config.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
const POLL_MS = 100;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('..', import.meta.url));

/** Letters only: a name has no digits. */
const letters = (i: number) =>
  i
    .toString(26)
    .split('')
    .map((d) => String.fromCharCode(97 + parseInt(d, 26)))
    .join('');

function peopleRows(prefix: string) {
  const rows: string[][] = [];
  for (let i = 0; i < ROWS; i++)
    rows.push([
      `${prefix}${letters(i)}`,
      'Anne',
      `${1920 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      `${1 + (i % 90)} rue de la Paix`,
      '60000',
      'Beauvais',
      '03 44 00 00 00',
    ]);
  return rows;
}
const HEADERS = [
  'Nom',
  'Prénom',
  'Date de naissance',
  'Adresse',
  'Code postal',
  'Commune',
  'Téléphone',
];

const csvFile = (prefix: string) =>
  Buffer.from(
    [HEADERS, ...peopleRows(prefix)].map((row) => row.join(';')).join('\r\n') + '\r\n',
    'utf8',
  );

async function xlsxFile(prefix: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Personnes');
  sheet.addRow(HEADERS);
  for (const row of peopleRows(prefix)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function waitForServer(base: string, child: ReturnType<typeof spawn>) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server did not start within 5 minutes');
}

class Session {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}
  async request(method: string, path: string, body?: unknown) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('conv_session='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: response.status, body: (await response.json()) as any };
  }
}

/** Polls /healthz every 100 ms (a request every tick, whether or not the last one answered). */
function pollHealthz(base: string) {
  const answers: { sentAt: number; answeredAt: number }[] = [];
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const sentAt = performance.now();
    const request = fetch(`${base}/healthz`)
      .then(async (response) => {
        await response.arrayBuffer();
        answers.push({ sentAt, answeredAt: performance.now() });
      })
      .catch(() => undefined);
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  }, POLL_MS);
  return async () => {
    clearInterval(timer);
    await Promise.all(inFlight);
    answers.sort((a, b) => a.answeredAt - b.answeredAt);
    let longestGap = 0;
    /** Gaps over 200 ms: when they ended, from the start of the poll (to tell the phases apart). */
    const longGaps: string[] = [];
    for (let i = 1; i < answers.length; i++) {
      const gap = answers[i]!.answeredAt - answers[i - 1]!.answeredAt;
      longestGap = Math.max(longestGap, gap);
      if (gap > 200)
        longGaps.push(`${Math.round(gap)} ms at ${Math.round(answers[i]!.answeredAt - started)}`);
    }
    const slowest = Math.max(0, ...answers.map((a) => a.answeredAt - a.sentAt));
    return { answers: answers.length, longestGap, slowest, longGaps };
  };
}

async function importOnce(session: Session, base: string, fileName: string, bytes: Buffer) {
  const stop = pollHealthz(base);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = performance.now();
  console.log(`${fileName}: sent at 500 ms`);
  const response = await session.request('POST', '/api/imports', {
    target: 'people',
    fileName,
    contentBase64: bytes.toString('base64'),
    mode: 'valid_only',
  });
  const answeredMs = performance.now() - started;
  console.log(`${fileName}: answered at ${Math.round(answeredMs + 500)} ms`);
  if (response.status !== 200)
    throw new Error(`import refused: ${JSON.stringify(response.body).slice(0, 500)}`);
  let run: any;
  for (;;) {
    run = (await session.request('GET', `/api/imports/${response.body.importId}`)).body;
    if (run.status === 'done' || run.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const totalMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const healthz = await stop();
  return { fileName, bytes: bytes.length, answeredMs, totalMs, run, healthz };
}

async function main() {
  const name = `conv_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        CONVIVIALITE_MODE: 'demo',
        LOG_LEVEL: 'warn',
        TILE_URL: '',
        WORKER: 'on',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  try {
    await waitForServer(base, child);
    const session = new Session(base);
    const login = await session.request('POST', '/api/auth/login', {
      email: 'coordinatrice@demo.convivialite.fr',
      password: DEMO_PASSWORD,
    });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    session.csrf = login.body.csrfToken;
    const formats = (process.env.BENCH_IMPORT_FORMATS ?? 'csv,xlsx').split(',');
    const results = [];
    if (formats.includes('csv'))
      results.push(await importOnce(session, base, 'grand-fichier.csv', csvFile('Benchcsv')));
    if (formats.includes('xlsx'))
      results.push(
        await importOnce(session, base, 'grand-fichier.xlsx', await xlsxFile('Benchxlsx')),
      );
    console.log(
      `${ROWS}-row imports through the API, PostgreSQL, /healthz polled every ${POLL_MS} ms`,
    );
    for (const r of results)
      console.log(
        `${r.fileName.padEnd(20)} ${(r.bytes / 1024 / 1024).toFixed(1)} MB  answered in ${Math.round(r.answeredMs)} ms, ${r.run.status} (${r.run.created} created) in ${Math.round(r.totalMs)} ms  |  /healthz: ${r.healthz.answers} answers, longest gap ${Math.round(r.healthz.longestGap)} ms, slowest answer ${Math.round(r.healthz.slowest)} ms\n  gaps over 200 ms: ${r.healthz.longGaps.join(', ') || 'none'}`,
      );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
