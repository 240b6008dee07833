import { createHash, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SqliteDatabase, openSqliteDatabase } from "../../sqlite/sqlite-database.js";
import { applySqliteMigrations } from "../../sqlite/sqlite-migrations.js";

/**
 * The local SQLite file a process searches in when its papers live in PostgreSQL
 * (docs/decisions/0008-search-on-postgres.md). It is a SQLite storage file with every SQLite
 * migration applied, of which only `papers` (the columns search reads) and the search tables
 * are filled: the FTS5 index, its triggers, the impact and posting lists and the embedding
 * source then work on it unchanged, and a future search migration reaches the mirror with no
 * list here to keep in step. The other tables stay empty (a few pages).
 */
export function openSearchMirror(file: string): SqliteDatabase {
  const db = openSqliteDatabase(file);
  try {
    applySqliteMigrations(db);
    db.exec(`CREATE TABLE IF NOT EXISTS search_mirror_state (
      id             INTEGER PRIMARY KEY CHECK (id = 1),
      source         TEXT NOT NULL,     -- which database and papers generation (search_epoch) it mirrors
      copy_after_seq INTEGER,           -- the first copy's progress; null once it is complete
      cursor_txid    TEXT NOT NULL,     -- the last change applied: (txid, change_id), see 005_search.sql
      cursor_change  INTEGER NOT NULL
    )`);
    // The mirror's name in PostgreSQL's search_followers (search-changes-pruner.ts). A table of
    // its own, created when missing, so a mirror file from before it keeps its copy and only
    // gains an id; processes sharing the file share the id, as they share the cursor.
    db.exec(`CREATE TABLE IF NOT EXISTS search_mirror_identity (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      mirror_id  TEXT NOT NULL
    )`);
    db.prepare("INSERT OR IGNORE INTO search_mirror_identity (id, mirror_id) VALUES (1, ?)").run(randomUUID());
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Default place of the mirror: the system's temporary folder, one file per database URL, so
 * processes on one machine following one database share it (their writes are serialised and
 * checked against the stored cursor, search-mirror-follower.ts) and other databases never do.
 */
export function defaultSearchMirrorFile(databaseUrl: string): string {
  const key = createHash("sha256").update(databaseUrl).digest("hex").slice(0, 16);
  return join(tmpdir(), "paperboy", `search-mirror-${key}.sqlite`);
}

/** The mirror's stable id, shared by every process that opens the file (see openSearchMirror). */
export function readMirrorId(db: SqliteDatabase): string {
  return db.prepare<[], { mirror_id: string }>("SELECT mirror_id FROM search_mirror_identity WHERE id = 1").get()!
    .mirror_id;
}

/** Where a mirror is in following its database. */
export interface MirrorState {
  readonly source: string;
  readonly copyAfterSeq: number | null;
  readonly cursorTxid: string;
  readonly cursorChange: number;
}

export function readMirrorState(db: SqliteDatabase): MirrorState | null {
  const row = db
    .prepare<[], { source: string; copy_after_seq: number | null; cursor_txid: string; cursor_change: number }>(
      "SELECT source, copy_after_seq, cursor_txid, cursor_change FROM search_mirror_state WHERE id = 1",
    )
    .get();
  return row
    ? {
        source: row.source,
        copyAfterSeq: row.copy_after_seq,
        cursorTxid: row.cursor_txid,
        cursorChange: row.cursor_change,
      }
    : null;
}

export function writeMirrorState(db: SqliteDatabase, state: MirrorState): void {
  db.prepare(
    `INSERT INTO search_mirror_state (id, source, copy_after_seq, cursor_txid, cursor_change) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET source = excluded.source, copy_after_seq = excluded.copy_after_seq,
       cursor_txid = excluded.cursor_txid, cursor_change = excluded.cursor_change`,
  ).run(state.source, state.copyAfterSeq, state.cursorTxid, state.cursorChange);
}

export function sameState(a: MirrorState | null, b: MirrorState | null): boolean {
  return (
    a === b ||
    (a !== null &&
      b !== null &&
      a.source === b.source &&
      a.copyAfterSeq === b.copyAfterSeq &&
      a.cursorTxid === b.cursorTxid &&
      a.cursorChange === b.cursorChange)
  );
}

/**
 * Empties the mirror for a new source: the papers (their FTS5 rows go with them through the
 * triggers) and every search accelerator, which described the old papers. `search_changes`
 * is kept, so its ids keep growing for a semantic indexer that remembers one.
 */
export function clearMirror(db: SqliteDatabase): void {
  db.exec("DELETE FROM papers");
  const accelerators = db
    .prepare<[], { name: string }>(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'search\\_%' ESCAPE '\\'
       AND name NOT IN ('search_changes', 'search_mirror_state', 'search_mirror_identity')`,
    )
    .all();
  for (const { name } of accelerators) db.exec(`DELETE FROM "${name.replaceAll('"', '""')}"`);
}
