import assert from "node:assert/strict";
import { after, describe, it, test } from "node:test";
import pg from "pg";
import { createPostgresMigrator } from "../../src/adapters/storage/postgres/postgres-migrator.js";
import { openPostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { describeStorageContracts } from "./all-contracts.js";

const server = await startTestPostgres();
if (server) {
  // One database for the contract suites, emptied before each test: creating a database per
  // test costs 0.2-0.5 s, deleting the few rows a test wrote a few milliseconds.
  const url = await server.createDatabase();
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  after(() => admin.end());
  describeStorageContracts("PostgreSQL", async () => {
    const storage = await openPostgresStorage(url);
    const { rows } = await admin.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    await admin.query(rows.map((r) => `DELETE FROM ${r.name};`).join("\n"));
    return storage;
  });

  describe("PostgreSQL: migrations", () => {
    it("lists every migration as pending, applies them once, then reports them applied and ready", async (t) => {
      const fresh = await server.createDatabase();
      const migrator = createPostgresMigrator(fresh);
      t.after(() => migrator.close());
      const pending = await migrator.status();
      assert.deepEqual(
        pending.map((m) => [m.version, m.name, m.appliedAt]),
        [
          [1, "papers", null],
          [2, "ingestion", null],
        ],
      );
      const applied = await Promise.all([migrator.apply(), migrator.apply()]);
      assert.deepEqual(applied.map((a) => a.length).sort(), [0, 2], "concurrent appliers apply each migration once");
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
