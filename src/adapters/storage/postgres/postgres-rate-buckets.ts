import { RATE_WINDOW_MS, type RateBuckets, SWEEP_EVERY_TAKES, rateTake } from "../rate-buckets.js";
import type { PostgresPool } from "./postgres-pool.js";

// The refill and the take in one statement, under the row lock INSERT … ON CONFLICT takes:
// concurrent requests of one client, from any process, take tokens one after another. The
// same arithmetic as takeFromBucket (rate-buckets.ts): $2 tokens per minute, $3 = now.
const REFILLED = `least($2::float8, b.tokens + greatest(0, extract(epoch FROM $3::timestamptz - b.refilled_at) * 1000)
  * $2::float8 / ${RATE_WINDOW_MS})`;
const TAKE = `INSERT INTO api_rate_buckets AS b (client, tokens, refilled_at, allowed)
  VALUES ($1, $2::float8 - 1, $3, true)
  ON CONFLICT (client) DO UPDATE SET
    tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
    refilled_at = greatest(b.refilled_at, $3::timestamptz),
    allowed = ${REFILLED} >= 1
  RETURNING tokens, allowed`;
const SWEEP = `DELETE FROM api_rate_buckets WHERE refilled_at < $1`;

/** Rate-limit buckets every process on the database shares (migrations/postgres/009). */
export function createPostgresRateBuckets(pool: PostgresPool): RateBuckets {
  let takes = 0;
  return {
    async take(client, perMinute, at) {
      if (++takes % SWEEP_EVERY_TAKES === 0) {
        await pool.query(SWEEP, [new Date(at.getTime() - 10 * RATE_WINDOW_MS)]);
      }
      const { rows } = await pool.query<{ tokens: number; allowed: boolean }>(TAKE, [client, perMinute, at]);
      const { tokens, allowed } = rows[0] as { tokens: number; allowed: boolean };
      return rateTake(tokens, allowed, perMinute);
    },
  };
}
