import { fileURLToPath } from "node:url";
import { type Migration, loadMigrationFiles } from "../migration-files.js";
import type { MigrationStatus } from "../storage.js";
import { type PostgresPool, withTransaction } from "./postgres-pool.js";

/** migrations/postgres/ at the package root, from src/ or from dist/. */
const MIGRATIONS_DIR = fileURLToPath(new URL("../../../../migrations/postgres/", import.meta.url));
/**
 * Key of the advisory lock held while migrating, so that processes starting together on one
 * database apply each migration once. @see https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 */
const MIGRATION_LOCK_KEY = 7_106_001;

export function loadPostgresMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return loadMigrationFiles(dir);
}

/** Applies pending migrations in order, all in one transaction under the migration lock. Forward only. */
export async function applyPostgresMigrations(
  pool: PostgresPool,
  migrations = loadPostgresMigrations(),
): Promise<Migration[]> {
  return withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(rows.map((r) => r.version));
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())", [
        migration.version,
        migration.name,
      ]);
    }
    return pending;
  });
}

export async function readPostgresMigrationStatus(
  pool: PostgresPool,
  migrations = loadPostgresMigrations(),
): Promise<MigrationStatus[]> {
  const exists = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  const rows = exists.rows[0]?.present
    ? (await pool.query<{ version: number; applied_at: string }>("SELECT version, applied_at FROM schema_migrations"))
        .rows
    : [];
  const appliedAt = new Map(rows.map((r) => [r.version, r.applied_at]));
  return migrations.map((m) => ({ version: m.version, name: m.name, appliedAt: appliedAt.get(m.version) ?? null }));
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL
)`;
