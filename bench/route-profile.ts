/**
 * One route, in process, on a demo database: `DATABASE_URL=… npx tsx bench/route-profile.ts
 * <email> <path> [requests] [concurrency]` (`<email>` "-" for no session). Prints the statements
 * one request sends, then the wall time and this process's CPU time per request: on a shared
 * machine the CPU time is the steadier figure. Requests are logged at LOG_LEVEL (default info)
 * to /dev/null, as a server logs to a file. Run under `node --cpu-prof --import tsx` to see
 * where the process's time goes.
 */
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/db/database.js';
import { createMailer } from '../src/server/mail/mailer.js';
import { createGeocoder } from '../src/geo/index.js';

const [email, path, requests = '200', concurrency = '10'] = process.argv.slice(2);
if (!email || !path)
  throw new Error('usage: route-profile.ts <email> <path> [requests] [concurrency]');
let counting = false;
const statements: string[] = [];
const config = loadConfig(process.env);
const database = await openDatabase({
  url: config.databaseUrl,
  onQuery: (query) => {
    if (counting) statements.push(query);
  },
});
const app = await buildApp(
  {
    db: database.db,
    config,
    mailer: createMailer({ smtpUrl: null, from: config.mailFrom }, pino({ level: 'silent' })),
    geocoder: createGeocoder({ geocoder: 'offline' }),
  },
  { logger: { stream: createWriteStream('/dev/null') } },
);
const login =
  email === '-'
    ? null
    : await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'visites-oise-demo' },
      });
const cookie = (login?.cookies ?? []).map((c) => `${c.name}=${c.value}`).join('; ');
const send = () => app.inject({ method: 'GET', url: path, headers: { cookie } });
counting = true;
const first = await send();
counting = false;
console.log(`${first.statusCode}, ${first.body.length} bytes, ${statements.length} statements:`);
for (const s of statements) console.log(`  ${s.slice(0, 160)}`);
const total = Number(requests);
let next = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next++ < total) await send();
  }),
);
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  `${total} requests, ${concurrency} at a time, log level ${config.logLevel}: ${(elapsed / total).toFixed(2)} ms each (${((1000 * total) / elapsed).toFixed(0)} req/s), CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(3)} ms each`,
);
await app.close();
await database.close();
