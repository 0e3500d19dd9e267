/**
 * Attempt limits shared by every process on the database (ADR 0014): sign-ins and password-reset
 * requests. A request takes a slot on each of its keys ("this account from this address", "this
 * address") inside a transaction; the keys are locked first, so two requests on one key count one
 * after the other and never both see the last free slot. A slot is a row of `rate_limit_hits`; it
 * leaves the count when it is older than the window, or when the caller gives it back (a sign-in
 * that succeeded).
 */
import { createHash } from 'node:crypto';
import { eq, inArray, or, sql } from 'drizzle-orm';
import { rateLimitHits } from '../../db/schema.js';
import { queryRows, type Tx } from '../../db/database.js';

export interface Limit {
  /** What is counted, e.g. `login:account:<e-mail>`; stored hashed. */
  key: string;
  /** Slots within the window; the next attempt is refused. */
  max: number;
  windowSeconds: number;
}

export type Verdict =
  | { allowed: true }
  /** `key`: the first limit reached; `retryAfterSeconds`: when one of its slots frees. */
  | { allowed: false; key: string; retryAfterSeconds: number };

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Takes one slot on every limit for `attemptId`, or none if any limit is reached. Runs inside a
 * write's transaction: the advisory locks it takes are released at commit, once its rows are
 * visible to the next request.
 */
export async function takeSlots(tx: Tx, limits: Limit[], attemptId: string): Promise<Verdict> {
  const keyed = limits
    .map((limit) => ({ ...limit, keyHash: hashKey(limit.key) }))
    // One order for every request: two requests sharing two keys cannot wait for each other.
    .sort((a, b) => (a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0));
  for (const limit of keyed) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${limit.keyHash}, 0))`);
  }
  for (const limit of keyed) {
    // Under the lock, read committed sees every slot taken before: the count is exact. When the
    // limit is reached, the wait is until the max-th newest slot leaves the window.
    const [count] = await queryRows<{ n: number; wait: number | null }>(
      tx,
      sql`select count(*)::int as n,
            ceil(extract(epoch from (array_agg(${rateLimitHits.at} order by ${rateLimitHits.at} desc))[${limit.max}::int]
              + make_interval(secs => ${limit.windowSeconds}::int) - now()))::int as wait
          from ${rateLimitHits}
          where ${rateLimitHits.keyHash} = ${limit.keyHash}
            and ${rateLimitHits.at} > now() - make_interval(secs => ${limit.windowSeconds}::int)`,
    );
    if ((count?.n ?? 0) >= limit.max) {
      return {
        allowed: false,
        key: limit.key,
        retryAfterSeconds: Math.max(1, Number(count?.wait ?? limit.windowSeconds)),
      };
    }
  }
  await tx
    .insert(rateLimitHits)
    .values(keyed.map((limit) => ({ keyHash: limit.keyHash, attemptId })));
  return { allowed: true };
}

/**
 * Gives back the slots of an attempt that turned out fine, and empties the keys it clears (a
 * sign-in that succeeded forgets the earlier failures of that account from that address).
 */
export async function giveBack(tx: Tx, attemptId: string, clearKeys: string[] = []) {
  const cleared = clearKeys.map(hashKey);
  await tx
    .delete(rateLimitHits)
    .where(
      cleared.length
        ? or(eq(rateLimitHits.attemptId, attemptId), inArray(rateLimitHits.keyHash, cleared))
        : eq(rateLimitHits.attemptId, attemptId),
    );
}
