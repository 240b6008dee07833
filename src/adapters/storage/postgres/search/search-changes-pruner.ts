import { type PostgresPool, type Queryable, withTransaction } from "../postgres-pool.js";

/**
 * Pruning PostgreSQL's `search_changes` (migrations/postgres/008_search_followers.sql). Every
 * mirror registers its cursor; the pruner deletes only changes at or below the lowest cursor
 * of the mirrors seen recently, never recent ones, and records how far it went. A mirror it
 * did not wait for finds its cursor below that mark and copies again (search-mirror-follower.ts):
 * a change may be copied instead of followed, never skipped.
 */

/** A mirror not seen for this long is considered gone and no longer holds pruning back. */
export const DEFAULT_SEARCH_FOLLOWER_RETENTION_MS = 7 * 24 * 3_600_000;
/** Changes written within this long are kept whatever the cursors say (a starting follower is not registered yet). */
export const DEFAULT_SEARCH_CHANGES_FLOOR_MS = 3_600_000;
/** Rows deleted per transaction: a long backlog is pruned in short statements. */
const PRUNE_BATCH = 10_000;
/** Advisory lock key: one pruner at a time (two would only repeat work, but their marks must not interleave). */
const PRUNE_LOCK_KEY = 7_106_008;

export interface FollowerCursor {
  readonly cursorTxid: string;
  readonly cursorChange: number;
}

/** Records where mirror `mirrorId` is. A stored cursor must never be ahead of the mirror's own. */
export async function registerSearchFollower(db: Queryable, mirrorId: string, cursor: FollowerCursor): Promise<void> {
  await db.query(
    `INSERT INTO search_followers (mirror_id, cursor_txid, cursor_change, seen_at) VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (mirror_id) DO UPDATE SET cursor_txid = excluded.cursor_txid,
       cursor_change = excluded.cursor_change, seen_at = excluded.seen_at`,
    [mirrorId, cursor.cursorTxid, cursor.cursorChange],
  );
}

export interface PruneOptions {
  readonly retentionMs?: number;
  readonly floorMs?: number;
}

export interface PruneSummary {
  /** Change rows deleted. */
  readonly pruned: number;
  /** Mirrors seen within the retention window, whose cursors bounded the pruning. */
  readonly followers: number;
}

// Rows at or below the bound (none: no live follower, anything old enough may go), older than
// the floor, in follow order. Rows of transactions still running are invisible here and lie
// above every follower's cursor anyway (the xmin rule of 005_search.sql).
const PRUNE_SQL = `WITH doomed AS (
    SELECT change_id FROM search_changes
    WHERE ($1::xid8 IS NULL OR (txid, change_id) <= ($1::xid8, $2::bigint))
      AND written_at < now() - make_interval(secs => $3::double precision / 1000)
    ORDER BY txid, change_id LIMIT $4
  )
  DELETE FROM search_changes c USING doomed d WHERE c.change_id = d.change_id
  RETURNING c.txid::text AS txid, c.change_id`;

const LOWEST_CURSOR_SQL = `SELECT cursor_txid::text AS txid, cursor_change AS change_id,
    count(*) OVER () AS followers
  FROM search_followers WHERE seen_at > now() - make_interval(secs => $1::double precision / 1000)
  ORDER BY cursor_txid, cursor_change LIMIT 1`;

// The mark only moves forward: (through_txid, through_change) becomes the greater of the two.
const MARK_SQL = `INSERT INTO search_pruned (id, through_txid, through_change, pruned_at) VALUES (1, $1::xid8, $2, now())
  ON CONFLICT (id) DO UPDATE SET through_txid = excluded.through_txid, through_change = excluded.through_change,
    pruned_at = excluded.pruned_at
  WHERE (search_pruned.through_txid, search_pruned.through_change) < (excluded.through_txid, excluded.through_change)`;

type Key = { txid: string; change_id: number };

/** Deletes the changes every live mirror has applied, batch by batch, each batch with its mark. */
export async function pruneSearchChanges(pool: PostgresPool, options: PruneOptions = {}): Promise<PruneSummary> {
  const retentionMs = options.retentionMs ?? DEFAULT_SEARCH_FOLLOWER_RETENTION_MS;
  const floorMs = options.floorMs ?? DEFAULT_SEARCH_CHANGES_FLOOR_MS;
  let pruned = 0;
  let followers = 0;
  for (;;) {
    const deleted = await withTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [PRUNE_LOCK_KEY]);
      const lowest = (await client.query<Key & { followers: number }>(LOWEST_CURSOR_SQL, [retentionMs])).rows[0];
      followers = lowest?.followers ?? 0;
      const { rows } = await client.query<Key>(PRUNE_SQL, [
        lowest?.txid ?? null,
        lowest?.change_id ?? 0,
        floorMs,
        PRUNE_BATCH,
      ]);
      const highest = rows.reduce<Key | null>((top, row) => (top === null || before(top, row) ? row : top), null);
      if (highest !== null) await client.query(MARK_SQL, [highest.txid, highest.change_id]);
      return rows.length;
    });
    pruned += deleted;
    if (deleted < PRUNE_BATCH) return { pruned, followers };
  }
}

function before(a: Key, b: Key): boolean {
  const [ta, tb] = [BigInt(a.txid), BigInt(b.txid)];
  return ta < tb || (ta === tb && a.change_id < b.change_id);
}
