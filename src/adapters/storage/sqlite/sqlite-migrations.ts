import { fileURLToPath } from "node:url";
import { type Migration, loadMigrationFiles } from "../migration-files.js";
import type { MigrationStatus } from "../storage.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** migrations/sqlite/ at the package root, from src/ or from dist/. */
const MIGRATIONS_DIR = fileURLToPath(new URL("../../../../migrations/sqlite/", import.meta.url));

export function loadSqliteMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return loadMigrationFiles(dir);
}

/** Applies pending migrations in order, each in its own transaction. Forward only. */
export function applySqliteMigrations(db: SqliteDatabase, migrations = loadSqliteMigrations()): Migration[] {
  ensureMigrationsTable(db);
  const applied = new Set(
    db
      .prepare<[], { version: number }>("SELECT version FROM schema_migrations")
      .all()
      .map((r) => r.version),
  );
  const pending = migrations.filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
  }
  return pending;
}

export function readSqliteMigrationStatus(db: SqliteDatabase, migrations = loadSqliteMigrations()): MigrationStatus[] {
  ensureMigrationsTable(db);
  const rows = db
    .prepare<[], { version: number; applied_at: string }>("SELECT version, applied_at FROM schema_migrations")
    .all();
  const appliedAt = new Map(rows.map((r) => [r.version, r.applied_at]));
  return migrations.map((m) => ({ version: m.version, name: m.name, appliedAt: appliedAt.get(m.version) ?? null }));
}

function ensureMigrationsTable(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
}
