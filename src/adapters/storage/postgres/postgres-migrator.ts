import type { Migrator } from "../storage.js";
import { applyPostgresMigrations, readPostgresMigrationStatus } from "./postgres-migrations.js";
import { createPostgresPool } from "./postgres-pool.js";

/** `paperboy migrate` on a PostgreSQL database (postgres://…). */
export function createPostgresMigrator(url: string): Migrator {
  const pool = createPostgresPool(url);
  return {
    async status() {
      return readPostgresMigrationStatus(pool);
    },
    async apply() {
      const applied = new Set((await applyPostgresMigrations(pool)).map((m) => m.version));
      return (await readPostgresMigrationStatus(pool)).filter((m) => applied.has(m.version));
    },
    async close() {
      await pool.end();
    },
  };
}
