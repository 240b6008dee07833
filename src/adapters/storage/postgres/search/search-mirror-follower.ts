import type { Logger } from "../../../../lib/logger.js";
import type { SqliteDatabase } from "../../sqlite/sqlite-database.js";
import type { PostgresPool } from "../postgres-pool.js";
import {
  type MirrorState,
  clearMirror,
  readMirrorId,
  readMirrorState,
  sameState,
  writeMirrorState,
} from "./search-mirror-database.js";
import { registerSearchFollower } from "./search-changes-pruner.js";
import { MIRRORED_COLUMNS, type MirrorWrite, type MirroredPaper, createMirrorWriter } from "./search-mirror-writer.js";

/** Papers per query and per mirror transaction, first copy and changes alike: bounded memory. */
const BATCH = 2_000;
/** A progress line every this many papers copied. */
const LOG_EVERY = 50_000;
/** The mirror's cursor is written to search_followers at most this often (and whenever it starts a copy). */
const DEFAULT_REGISTER_EVERY_MS = 60_000;
/** Copies in one catch-up before giving up: a second one only happens if pruning overtook the first. */
const MAX_COPIES = 3;

export interface SearchMirrorFollowerOptions {
  readonly logger?: Logger;
  /** How often, at most, a catch-up records the cursor in PostgreSQL (search-changes-pruner.ts). */
  readonly registerEveryMs?: number;
}

export interface SearchMirrorFollower {
  /**
   * Brings the mirror up to the papers committed before this call began (the first time, or
   * after the papers were truncated or the database replaced: copies them all first). Says
   * how many papers it copied and how many changes it applied.
   */
  catchUp(): Promise<CatchUpSummary>;
  /** True once a first copy completed: the mirror is then usable even if PostgreSQL is not. */
  hasCopy(): boolean;
}

export interface CatchUpSummary {
  readonly copied: number;
  readonly applied: number;
}

interface Head {
  readonly source: string;
  /** xmin of the current snapshot: every transaction below it has ended. */
  readonly horizon: string;
  /** xmax: the next transaction id; a cursor above it came from another cluster. */
  readonly next: string;
}

const HEAD_SQL = `SELECT (SELECT oid::text FROM pg_database WHERE datname = current_database())
    || '/' || (SELECT epoch::text FROM search_epoch WHERE id = 1) AS source,
  pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
  pg_snapshot_xmax(pg_current_snapshot())::text AS next`;

// The follow rule of migrations/postgres/005_search.sql: (txid, change_id) order, below xmin.
// In the same statement, so under the same snapshot: whether the log was pruned past the
// cursor (008_search_followers.sql). Then the batch may lack deleted rows and is not applied;
// a check in a separate statement could pass just before a prune deleted rows this one needs.
// Always one row: `pruned` and, when there are no changes, a null change_id.
const CHANGES_SQL = `SELECT g.pruned, c.* FROM
  (SELECT EXISTS (SELECT 1 FROM search_pruned WHERE (through_txid, through_change) > ($1::xid8, $2::bigint)) AS pruned) g
  LEFT JOIN (
    SELECT c.change_id, c.txid::text AS txid, c.txid AS follow_txid, c.seq AS change_seq, ${MIRRORED_COLUMNS}
    FROM search_changes c LEFT JOIN papers p ON p.seq = c.seq
    WHERE (c.txid, c.change_id) > ($1::xid8, $2::bigint) AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY c.txid, c.change_id LIMIT $3
  ) c ON NOT g.pruned
  ORDER BY c.follow_txid, c.change_id`;

const COPY_SQL = `SELECT ${MIRRORED_COLUMNS} FROM papers p WHERE p.seq > $1 ORDER BY p.seq LIMIT $2`;

type ChangeRow = { change_id: number; txid: string; change_seq: number } & Partial<MirroredPaper>;
type ChangesRow = { pruned: boolean; change_id: number | null } & Omit<ChangeRow, "change_id">;

/** Changes applied, or the state whose cursor the log was pruned past (changes it never applied are gone). */
type FollowResult = { readonly applied: number } | { readonly prunedPast: MirrorState };

/**
 * Keeps a SQLite mirror in step with the papers in PostgreSQL. Every write to the mirror is one
 * SQLite transaction that first checks the stored state is still the one the batch was read
 * for: a second process sharing the file may have moved it on, and then the batch is dropped
 * and read again from the new state, never applied twice.
 */
export function createSearchMirrorFollower(
  pool: PostgresPool,
  db: SqliteDatabase,
  options: SearchMirrorFollowerOptions = {},
): SearchMirrorFollower {
  const { logger } = options;
  const registerEveryMs = options.registerEveryMs ?? DEFAULT_REGISTER_EVERY_MS;
  const mirrorId = readMirrorId(db);
  const write = createMirrorWriter(db);
  let registeredAt = -Infinity;

  /** Runs `work` and stores `next` if the state is still `expected`; false when it was not. */
  const commitIfAt = (expected: MirrorState | null, next: MirrorState, work: () => void): boolean =>
    db
      .transaction(() => {
        if (!sameState(readMirrorState(db), expected)) return false;
        work();
        writeMirrorState(db, next);
        return true;
      })
      .immediate();

  async function readHead(): Promise<Head> {
    const read = async () => (await pool.query<Head & { source: string | null }>(HEAD_SQL)).rows[0]!;
    let head = await read();
    if (head.source === null) {
      // No epoch yet (first follower, or the row was truncated with the rest): create one.
      await pool.query(
        "INSERT INTO search_epoch (id, epoch) VALUES (1, gen_random_uuid()) ON CONFLICT (id) DO NOTHING",
      );
      head = await read();
    }
    return head;
  }

  /**
   * Starts over: an empty mirror, to be filled by the copy, then follow changes from `horizon`.
   * The new cursor is registered before the copy, so pruning waits for it however long the copy takes.
   */
  async function restart(state: MirrorState | null, head: Head, why: string): Promise<void> {
    const fresh = { source: head.source, copyAfterSeq: 0, cursorTxid: head.horizon, cursorChange: 0 };
    if (state !== null) logger?.info({ mirror: db.name }, `search mirror: ${why}, copying again`);
    commitIfAt(state, fresh, () => clearMirror(db));
    await register();
  }

  /** Records the mirror's cursor as stored now (never ahead of what it applied). */
  async function register(): Promise<void> {
    const state = readMirrorState(db);
    if (state === null) return;
    registeredAt = performance.now();
    await registerSearchFollower(pool, mirrorId, state);
  }

  /**
   * The first copy. Transactions that ended before `horizon` are in it; later ones are in the
   * change log after the cursor set by restart(), so nothing falls between copy and follow.
   */
  async function copy(): Promise<number> {
    const total = Number((await pool.query<{ n: number }>("SELECT count(*) AS n FROM papers")).rows[0]?.n ?? 0);
    let copied = 0;
    let state = readMirrorState(db);
    logger?.info({ mirror: db.name, papers: total }, "search mirror: copying papers from PostgreSQL");
    while (state !== null && state.copyAfterSeq !== null) {
      const { rows } = await pool.query<MirroredPaper>(COPY_SQL, [state.copyAfterSeq, BATCH]);
      const last = rows.at(-1)?.seq;
      const next = { ...state, copyAfterSeq: rows.length < BATCH ? null : (last ?? null) };
      const applied = commitIfAt(state, next, () => write(rows.map((paper) => ({ seq: paper.seq, paper }))));
      const before = copied;
      if (applied) copied += rows.length;
      if (Math.floor(copied / LOG_EVERY) > Math.floor(before / LOG_EVERY)) {
        logger?.info({ copied, papers: total }, "search mirror: copying");
      }
      state = readMirrorState(db);
    }
    logger?.info({ mirror: db.name, copied }, "search mirror: copy complete");
    return copied;
  }

  async function follow(): Promise<FollowResult> {
    let applied = 0;
    for (;;) {
      const state = readMirrorState(db);
      if (state === null || state.copyAfterSeq !== null) return { applied };
      const result = await pool.query<ChangesRow>(CHANGES_SQL, [state.cursorTxid, state.cursorChange, BATCH]);
      if (result.rows[0]?.pruned) return { prunedPast: state };
      const rows = result.rows.filter((row): row is ChangesRow & ChangeRow => row.change_id !== null);
      if (rows.length === 0) return { applied };
      const last = rows.at(-1)!;
      const next = { ...state, cursorTxid: last.txid, cursorChange: last.change_id };
      if (commitIfAt(state, next, () => write(latestPerPaper(rows)))) applied += rows.length;
      if (rows.length < BATCH) return { applied };
    }
  }

  return {
    async catchUp() {
      const head = await readHead();
      const state = readMirrorState(db);
      if (state === null || state.source !== head.source || BigInt(state.cursorTxid) > BigInt(head.next)) {
        await restart(state, head, "papers changed wholesale");
      }
      let copied = 0;
      for (let copies = 0; ; copies++) {
        if (readMirrorState(db)?.copyAfterSeq !== null) copied += await copy();
        const followed = await follow();
        if ("applied" in followed) {
          if (performance.now() - registeredAt >= registerEveryMs) await register();
          return { copied, applied: followed.applied };
        }
        if (copies + 1 >= MAX_COPIES) throw new Error("search mirror: the change log was pruned past every new copy");
        // Away longer than the retention window: what it missed is gone from the log. (A process
        // sharing the file may have restarted it already: then restart() changes nothing.)
        await restart(followed.prunedPast, await readHead(), "changes it had not applied were pruned");
      }
    },
    hasCopy() {
      const state = readMirrorState(db);
      return state !== null && state.copyAfterSeq === null;
    },
  };
}

/** One write per paper: the rows of a batch were all read at once, so any one holds its state. */
function latestPerPaper(rows: readonly ChangeRow[]): MirrorWrite[] {
  const bySeq = new Map<number, MirrorWrite>();
  for (const row of rows) {
    bySeq.set(row.change_seq, { seq: row.change_seq, paper: row.id == null ? null : (row as MirroredPaper) });
  }
  return [...bySeq.values()];
}
