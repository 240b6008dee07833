import assert from "node:assert/strict";
import { after, describe, it, test } from "node:test";
import pg from "pg";
import { createPostgresMigrator } from "../../src/adapters/storage/postgres/postgres-migrator.js";
import { loadPostgresMigrations } from "../../src/adapters/storage/postgres/postgres-migrations.js";
import { openPostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { describeStorageContracts } from "./all-contracts.js";

const server = await startTestPostgres();
if (server) {
  // One database for the contract suites, emptied before each test: creating a database per
  // test costs 0.2-0.5 s, emptying the tables a few milliseconds. TRUNCATE, not DELETE: it
  // fires no row triggers, and moderation_audit_log's refuse every DELETE (append-only).
  const url = await server.createDatabase();
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  after(() => admin.end());
  describeStorageContracts("PostgreSQL", async () => {
    const storage = await openPostgresStorage(url);
    const { rows } = await admin.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    await admin.query(`TRUNCATE ${rows.map((r) => r.name).join(", ")}`);
    return storage;
  });

  describe("PostgreSQL: migrations", () => {
    it("lists every migration as pending, applies them once, then reports them applied and ready", async (t) => {
      const fresh = await server.createDatabase();
      const migrator = createPostgresMigrator(fresh);
      t.after(() => migrator.close());
      const pending = await migrator.status();
      const files = loadPostgresMigrations();
      assert.ok(files.length >= 2 && files[0]!.name === "papers" && files[1]!.name === "ingestion");
      assert.deepEqual(
        pending.map((m) => [m.version, m.name, m.appliedAt]),
        files.map((m) => [m.version, m.name, null]),
      );
      const applied = await Promise.all([migrator.apply(), migrator.apply()]);
      assert.deepEqual(
        applied.map((a) => a.length).sort(),
        [0, files.length],
        "concurrent appliers apply each migration once",
      );
      const status = await migrator.status();
      assert.ok(status.every((m) => m.appliedAt !== null && !Number.isNaN(Date.parse(m.appliedAt))));
      const storage = await openPostgresStorage(fresh);
      t.after(() => storage.close());
      assert.deepEqual(await storage.checkReady(), { ready: true });
      assert.deepEqual(await storage.migrationStatus(), status);
    });
  });
} else {
  test("PostgreSQL storage contract", { skip: "no PostgreSQL binaries on this machine (see the warning above)" });
}
