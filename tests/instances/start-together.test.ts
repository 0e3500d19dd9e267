/**
 * A deploy starts several server processes at once on one database: migrations must run once,
 * the demo data be loaded once, and every process come up. Real processes on real PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  createServerDatabase,
  serverDatabaseUrl,
  startServer,
  type ServerProcess,
} from '../helpers/processes.js';

describe.skipIf(!serverDatabaseUrl)(
  'two server processes starting together on one empty PostgreSQL database',
  () => {
    const running: ServerProcess[] = [];
    let database: Awaited<ReturnType<typeof createServerDatabase>> | undefined;

    afterAll(async () => {
      await Promise.all(running.map((server) => server.stop()));
      await database?.drop();
    });

    it('migrates once, loads the demo once, and both serve', async () => {
      database = await createServerDatabase();
      const url = database.url;
      const servers = await Promise.all([
        startServer({ databaseUrl: url, env: { CONVIVIALITE_MODE: 'demo' } }),
        startServer({ databaseUrl: url, env: { CONVIVIALITE_MODE: 'demo' } }),
      ]);
      running.push(...servers);

      const migrations = await database.query<{ n: number }>(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      const files = await database.query<{ n: number }>(
        'select count(distinct hash)::int as n from drizzle.__drizzle_migrations',
      );
      expect(migrations[0]!.n).toBe(files[0]!.n);

      // Both answer the login page's API the same way: one set of demo organisations.
      const organisations = await database.query<{ name: string; n: number }>(
        'select name, count(*)::int as n from organisations group by name having count(*) > 1',
      );
      expect(organisations).toEqual([]);
      const loaded = servers.filter((server) => server.output().includes('Demo data loaded'));
      expect(loaded).toHaveLength(1);

      for (const server of servers) {
        const response = await fetch(`${server.url}/api/auth/session`);
        expect([200, 401]).toContain(response.status);
      }
    }, 400_000);
  },
);
