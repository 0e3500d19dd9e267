import { sql } from 'drizzle-orm';
import { execute, type Db } from '../../db/database.js';
import { RETENTION_RULES } from '../../domain/retention/rules.js';

/** Applies the retention rules, each in its own statement; returns how many rows each removed. */
export async function purgeExpiredData(db: Db) {
  const results: { what: string; removed: number }[] = [];
  for (const rule of RETENTION_RULES) {
    const condition = rule.condition.replace('$days', String(Math.trunc(rule.days)));
    results.push({ what: rule.what, removed: await execute(db, sql.raw(`delete from ${rule.table} where ${condition}`)) });
  }
  return results;
}
