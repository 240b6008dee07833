import type pg from "pg";
import type { ThrottleState, ThrottleStore } from "../../../core/accounts/ports.js";
import { type PostgresPool, withTransaction } from "./postgres-pool.js";

interface ThrottleRow {
  hits: number;
  first_hit_at: string;
  last_hit_at: string;
  blocked_until: string | null;
}

const STATE_COLUMNS = "hits, first_hit_at, last_hit_at, blocked_until";

// A placeholder row to lock when the key has none yet. No one else ever sees it: the update
// overwrites it before committing, and a concurrent insert of the same key waits for that.
const CREATE_LOCKED = `INSERT INTO auth_throttle (key, hits, first_hit_at, last_hit_at) VALUES ($1, 0, now(), now())
  ON CONFLICT (key) DO NOTHING`;
const READ_LOCKED = `SELECT ${STATE_COLUMNS} FROM auth_throttle WHERE key = $1 FOR UPDATE`;
const WRITE = `UPDATE auth_throttle SET hits = $2, first_hit_at = $3, last_hit_at = $4, blocked_until = $5
  WHERE key = $1`;

/**
 * Attempt counts shared by every process. The port hands `update` a function of the current
 * state, so the read-modify-write cannot be one SQL statement: it runs in a transaction that
 * holds the key's row lock, and concurrent updates of one key count one after another.
 */
export function createPostgresThrottleStore(pool: PostgresPool): ThrottleStore {
  return {
    async read(key) {
      const { rows } = await pool.query<ThrottleRow>(`SELECT ${STATE_COLUMNS} FROM auth_throttle WHERE key = $1`, [
        key,
      ]);
      return rows[0] ? toState(rows[0]) : null;
    },
    update: (key, change) =>
      withTransaction(pool, async (client) => {
        const next = change(await lockKey(client, key));
        await client.query(WRITE, [key, next.hits, next.firstHitAt, next.lastHitAt, next.blockedUntil]);
        return next;
      }),
    async clear(key) {
      await pool.query("DELETE FROM auth_throttle WHERE key = $1", [key]);
    },
    async deleteIdleSince(cutoff) {
      return (await pool.query("DELETE FROM auth_throttle WHERE last_hit_at < $1", [cutoff])).rowCount ?? 0;
    },
  };
}

/** Locks the key's row for this transaction, creating it when absent; the state before, null for a new key. */
async function lockKey(client: pg.PoolClient, key: string): Promise<ThrottleState | null> {
  for (;;) {
    if ((await client.query(CREATE_LOCKED, [key])).rowCount === 1) return null;
    const { rows } = await client.query<ThrottleRow>(READ_LOCKED, [key]);
    if (rows[0]) return toState(rows[0]);
    // Cleared or swept between the two statements: the insert can win now.
  }
}

function toState(row: ThrottleRow): ThrottleState {
  return {
    hits: row.hits,
    firstHitAt: row.first_hit_at,
    lastHitAt: row.last_hit_at,
    blockedUntil: row.blocked_until,
  };
}
