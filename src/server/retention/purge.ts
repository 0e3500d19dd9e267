import { sql } from 'drizzle-orm';
import { execute } from '../../db/database.js';
import { RETENTION_RULES } from '../../domain/retention/rules.js';
import type { RequestContext } from '../http/context.js';
import { write } from '../write/write.js';

/**
 * Applies the purge rules (sessions, used links, login attempts, old audit rows), each in its own
 * statement, through the write mechanism: one audit row per rule with how many rows it removed
 * (the rows themselves hold no data about people accompanied, and the audit keeps no copy).
 */
export async function purgeExpiredData(ctx: RequestContext) {
  return write(ctx, {
    systemAction: 'retention.purge',
    apply: async (tx, _none, trail) => {
      const results: { what: string; removed: number }[] = [];
      for (const rule of RETENTION_RULES) {
        const condition = rule.condition.replace('$days', String(Math.trunc(rule.days)));
        const removed = await execute(tx, sql.raw(`delete from ${rule.table} where ${condition}`));
        results.push({ what: rule.what, removed });
        if (removed > 0)
          trail.record({
            entityType: 'retention_rule',
            entityId: rule.table,
            diff: { removed: [null, removed] },
          });
      }
      return results;
    },
  });
}
