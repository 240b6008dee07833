import type { Migrator } from "../storage.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import { applySqliteMigrations, readSqliteMigrationStatus } from "./sqlite-migrations.js";

export function createSqliteMigrator(file: string): Migrator {
  const db = openSqliteDatabase(file);
  return {
    async status() {
      return readSqliteMigrationStatus(db);
    },
    async apply() {
      const applied = new Set(applySqliteMigrations(db).map((m) => m.version));
      return readSqliteMigrationStatus(db).filter((m) => applied.has(m.version));
    },
    async close() {
      db.close();
    },
  };
}
