import type { Config } from "../../config.js";
import type { Logger } from "../../lib/logger.js";
import { createPostgresMigrator } from "./postgres/postgres-migrator.js";
import { openPostgresStorage } from "./postgres/postgres-storage.js";
import { createSqliteMigrator } from "./sqlite/sqlite-migrator.js";
import { createSqliteStorage } from "./sqlite/sqlite-storage.js";
import type { Migrator, Storage } from "./storage.js";

/**
 * The configured backend: PostgreSQL when DATABASE_URL is set, else the SQLite file in the
 * data folder (docs/configuration.md, docs/deployment.md). Pending migrations are applied.
 */
export async function openStorage(config: Config, options: { logger?: Logger } = {}): Promise<Storage> {
  if (config.databaseUrl === null) {
    return createSqliteStorage(config.databaseFile, { searchListCacheBytes: config.searchListCacheBytes });
  }
  try {
    return await openPostgresStorage(config.databaseUrl, {
      searchMirrorFile: config.searchMirrorFile,
      searchListCacheBytes: config.searchListCacheBytes,
      poolSize: config.databasePoolSize,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    throw new DatabaseOpenError(error);
  }
}

/** The configured database's migrations, without opening the stores (`paperboy migrate`). */
export function openMigrator(config: Config): Migrator {
  if (config.databaseUrl === null) return createSqliteMigrator(config.databaseFile);
  const migrator = createPostgresMigrator(config.databaseUrl);
  const explained =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        throw new DatabaseOpenError(error);
      }
    };
  return { status: explained(migrator.status), apply: explained(migrator.apply), close: migrator.close };
}

/**
 * The SQLite file a semantic build may open in a child process: the database itself, or
 * on PostgreSQL the search mirror, which holds the papers' texts and changes (null: in
 * memory, so the build runs in this process).
 */
export function semanticDatabaseFile(config: Config): string | null {
  const file = config.databaseUrl === null ? config.databaseFile : config.searchMirrorFile;
  return file === ":memory:" ? null : file;
}

/**
 * PostgreSQL could not be reached or migrated at startup. The message names DATABASE_URL
 * and the server's reason, never the URL (it may hold a password).
 */
export class DatabaseOpenError extends Error {
  constructor(cause: unknown) {
    super(`DATABASE_URL: cannot use the PostgreSQL database: ${describe(cause)}`, { cause });
    this.name = "DatabaseOpenError";
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
}
