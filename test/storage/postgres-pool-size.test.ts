// DATABASE_POOL_SIZE reaches the PostgreSQL pool: however many queries a process runs at
// once, it holds at most that many connections (counted by the server itself).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import pg from "pg";
import { openStorage } from "../../src/adapters/storage/open-storage.js";
import { loadConfig } from "../../src/config.js";
import { startTestPostgres } from "../helpers/postgres.js";

const server = await startTestPostgres();

/** Connections to the database at `url` other than the one asking. */
async function connectionsTo(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * The connections left open by the storage of a process configured with `env` after it ran
 * `parallel` queries at once: the pool opens one per waiting query up to its size, and keeps
 * them idle for a while (node-postgres' idleTimeoutMillis, 10 s) after.
 */
async function connectionsAfterLoad(url: string, env: NodeJS.ProcessEnv, parallel: number): Promise<number> {
  const config = loadConfig({ DATABASE_URL: url, SEARCH_MIRROR_FILE: ":memory:", ...env });
  const storage = await openStorage(config);
  try {
    await Promise.all(Array.from({ length: parallel }, () => storage.papers.countPapers()));
    return await connectionsTo(url);
  } finally {
    await storage.close();
  }
}

describe("DATABASE_POOL_SIZE", { skip: server === null, timeout: 60_000 }, () => {
  it("caps the connections one process opens, 10 by default", async () => {
    const url = await server!.createDatabase();
    assert.equal(await connectionsAfterLoad(url, { DATABASE_POOL_SIZE: "3" }, 20), 3);
    assert.equal(await connectionsAfterLoad(url, {}, 20), 10);
  });
});
