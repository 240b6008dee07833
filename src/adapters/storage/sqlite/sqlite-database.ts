import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export type SqliteDatabase = Database.Database;

/** How long a writer waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the database file (created on first use) in WAL mode, so readers never wait for
 * the importer. `:memory:` works for throwaway databases.
 * @see https://www.sqlite.org/wal.html
 */
export function openSqliteDatabase(file: string): SqliteDatabase {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only a power loss can drop
  // the last transactions. @see https://www.sqlite.org/pragma.html#pragma_synchronous
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("cache_size = -65536"); // 64 MiB page cache
  db.pragma("temp_store = MEMORY");
  return db;
}
