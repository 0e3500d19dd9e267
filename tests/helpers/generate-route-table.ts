/**
 * Prints a first draft of tests/api/route-permissions.table.ts from the routes the app registers
 * today and the policy's roles for each declared action:
 *
 *   npx tsx tests/helpers/generate-route-table.ts > /tmp/table.ts
 *
 * Used ONCE to write the committed table; from then on the table is edited by hand and reviewed
 * by a person, so a change of the policy or of a route's declared action shows up as a failing
 * test instead of silently passing. Do not regenerate the table to make a test pass.
 */
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/db/database.js';
import { loadConfig } from '../../src/server/config.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { createGeocoder } from '../../src/geo/index.js';
import { ROLES, rolesFor, type Action } from '../../src/domain/permissions/policy.js';

const database = await openDatabase({});
const config = loadConfig({}, { logLevel: 'silent', mode: 'demo', tileUrl: null });
const app = await buildApp(
  {
    db: database.db,
    config,
    mailer: createMailer(
      { smtpUrl: config.smtpUrl, from: config.mailFrom },
      pino({ level: 'silent' }),
    ),
    geocoder: createGeocoder({ geocoder: 'offline' }),
  },
  { logger: false },
);
await app.ready();

const lines: string[] = [];
const routes = [...app.registeredRoutes].sort((a, b) =>
  `${a.method} ${a.url}`.localeCompare(`${b.method} ${b.url}`),
);
for (const route of routes) {
  const roles =
    route.access === 'public' || route.access === 'authenticated'
      ? ROLES
      : rolesFor(route.access as Action);
  lines.push(
    `  '${route.method} ${route.url}': { action: '${route.access}', roles: [${roles.map((r) => `'${r}'`).join(', ')}] },`,
  );
}
process.stdout.write(lines.join('\n') + '\n');
await app.close();
await database.close();
