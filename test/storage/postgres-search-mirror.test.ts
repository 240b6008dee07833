// The PostgreSQL search mirror's follower against a real server: commits out of change-id
// order, restarts, deletes, truncation, and several processes following one database.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it, test, type TestContext } from "node:test";
import type pg from "pg";
import { createPostgresPool } from "../../src/adapters/storage/postgres/postgres-pool.js";
import { type PostgresStorage, openPostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import { openSearchMirror } from "../../src/adapters/storage/postgres/search/search-mirror-database.js";
import { createSearchMirrorFollower } from "../../src/adapters/storage/postgres/search/search-mirror-follower.js";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { paperRecord } from "../contracts/contract-storage.js";

const server = await startTestPostgres();
const dir = mkdtempSync(join(tmpdir(), "paperboy-mirror-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const checkedOut = new Map<pg.Pool, pg.PoolClient[]>();
const mirrorFile = () => join(dir, `mirror-${++files}.sqlite`);

/** A migrated, empty database and a pool on it. */
async function database(t: TestContext): Promise<{ url: string; pool: pg.Pool }> {
  const url = await server!.createDatabase();
  const storage = await openPostgresStorage(url, { searchMirrorFile: ":memory:" });
  await storage.close();
  // The backend's own pool: it returns instants as ISO strings and 64-bit integers as numbers.
  const pool = createPostgresPool(url);
  t.after(() => {
    for (const client of checkedOut.get(pool) ?? []) client.release();
    return pool.end();
  });
  return { url, pool };
}

/** A follower over its own mirror file, as one process has. */
function follower(t: TestContext, pool: pg.Pool, file = mirrorFile()) {
  const db = openSearchMirror(file);
  t.after(() => db.close());
  const titles = () =>
    db
      .prepare<[], { title: string }>("SELECT title FROM papers ORDER BY seq")
      .all()
      .map((row) => row.title);
  return { ...createSearchMirrorFollower(pool, db), titles, db };
}

/** Two connections of the pool, released when the pool ends (pool.end() waits for them). */
async function twoClients(pool: pg.Pool): Promise<[pg.PoolClient, pg.PoolClient]> {
  const clients: [pg.PoolClient, pg.PoolClient] = [await pool.connect(), await pool.connect()];
  checkedOut.set(pool, clients);
  return clients;
}

async function storageOn(t: TestContext, url: string, file: string, followIntervalMs: number) {
  const storage = await openPostgresStorage(url, { searchMirrorFile: file, searchFollowIntervalMs: followIntervalMs });
  t.after(() => storage.close());
  return storage;
}

const INSERT = `INSERT INTO papers (id, version, title, abstract, authors, categories, published_at, updated_at, imported_at)
  VALUES ($1, 1, $2, 'An abstract.', '{Ada Lovelace}', '{cs.LG}', '2026-06-01', '2026-06-01', now())`;

async function found(storage: PostgresStorage, q: string): Promise<string[]> {
  const result = await storage.keywordIndex.search({
    query: parseSearchQuery(q),
    sort: "relevance",
    offset: 0,
    limit: 10,
    prefixLast: false,
  });
  return result.hits.map((hit) => hit.paperId).sort();
}

if (server) {
  describe("PostgreSQL search mirror", { timeout: 60_000 }, () => {
    it("sees two transactions that commit in reverse order of their change ids, each exactly once", async (t) => {
      const { pool } = await database(t);
      const mirror = follower(t, pool);
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 0 });
      const [early, late] = await twoClients(pool);
      // `late` takes its transaction id first, then writes the second change id.
      await late.query("BEGIN");
      await late.query("SELECT pg_current_xact_id()");
      await early.query("BEGIN");
      await early.query(INSERT, ["2601.00001", "First change id"]);
      await late.query(INSERT, ["2601.00002", "Second change id"]);
      await late.query("COMMIT");
      // Change 2 is committed and older than the open transaction: read now. Change 1 is not committed.
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 1 });
      assert.deepEqual(mirror.titles(), ["Second change id"]);
      await early.query("COMMIT");
      // A follower walking change ids would now stand at 2 and never read 1.
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 1 });
      assert.deepEqual(mirror.titles(), ["First change id", "Second change id"]);
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 0 });
    });

    it("holds back a change committed while an older transaction is still open, then reads it once", async (t) => {
      const { pool } = await database(t);
      const mirror = follower(t, pool);
      await mirror.catchUp();
      const [first, second] = await twoClients(pool);
      await first.query("BEGIN");
      await first.query(INSERT, ["2601.00001", "Older transaction"]);
      await second.query("BEGIN");
      await second.query(INSERT, ["2601.00002", "Newer transaction"]);
      await second.query("COMMIT");
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 0 });
      await first.query("COMMIT");
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 2 });
      assert.deepEqual(mirror.titles(), ["Older transaction", "Newer transaction"]);
      assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 0 });
    });

    it("copies existing papers first, then resumes from its stored cursor after a restart", async (t) => {
      const { pool } = await database(t);
      for (let i = 1; i <= 5; i++) await pool.query(INSERT, [`2601.0000${i}`, `Paper ${i}`]);
      const file = mirrorFile();
      const first = follower(t, pool, file);
      assert.deepEqual(await first.catchUp(), { copied: 5, applied: 0 }, "a fresh mirror copies, skipping the log");
      first.db.close();
      await pool.query("UPDATE papers SET title = 'Paper 2, revised' WHERE id = '2601.00002'");
      await pool.query("UPDATE papers SET upvotes = 10 WHERE id = '2601.00003'"); // not searchable: no change
      await pool.query(INSERT, ["2601.00006", "Paper 6"]);
      const restarted = follower(t, pool, file);
      assert.deepEqual(await restarted.catchUp(), { copied: 0, applied: 2 });
      assert.deepEqual(restarted.titles(), ["Paper 1", "Paper 2, revised", "Paper 3", "Paper 4", "Paper 5", "Paper 6"]);
    });

    it("removes deleted papers, and the embedding source reports them as deleted", async (t) => {
      const { url, pool } = await database(t);
      const storage = await storageOn(t, url, mirrorFile(), 0);
      await storage.papers.importPapers([paperRecord({ id: "2601.00001", title: "Doomed paper" })]);
      assert.deepEqual(await found(storage, "doomed"), ["2601.00001"]);
      const before = await storage.embeddingSource.latestChangeId();
      const { seq } = (await pool.query<{ seq: number }>("SELECT seq FROM papers")).rows[0]!;
      await pool.query("DELETE FROM papers WHERE id = '2601.00001'");
      assert.deepEqual(await found(storage, "doomed"), []);
      assert.deepEqual(await storage.embeddingSource.changesAfter(before, 10), [
        { changeId: before + 1, seq: Number(seq), text: null },
      ]);
      assert.equal(await storage.embeddingSource.countPapers(), 0);
    });

    it("copies again when the papers are truncated", async (t) => {
      const { url, pool } = await database(t);
      const storage = await storageOn(t, url, mirrorFile(), 0);
      await storage.papers.importPapers([paperRecord({ id: "2601.00001", title: "Before truncation" })]);
      assert.deepEqual(await found(storage, "truncation"), ["2601.00001"]);
      await pool.query("TRUNCATE papers CASCADE");
      await pool.query(INSERT, ["2601.00002", "After truncation"]);
      assert.deepEqual(await found(storage, "truncation"), ["2601.00002"]);
    });

    it("makes a paper imported by one process searchable in another after its next catch-up", async (t) => {
      const { url } = await database(t);
      const writer = await storageOn(t, url, mirrorFile(), 0);
      const reader = await storageOn(t, url, mirrorFile(), 1_000);
      assert.deepEqual(await found(reader, "zebrafish"), []);
      await writer.papers.importPapers([paperRecord({ id: "2601.00001", title: "Zebrafish genomics" })]);
      assert.deepEqual(await found(writer, "zebrafish"), ["2601.00001"], "the importing process sees it at once");
      assert.deepEqual(await found(reader, "zebrafish"), [], "the other caught up less than a second ago");
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      assert.deepEqual(await found(reader, "zebrafish"), ["2601.00001"]);
    });

    it("lets processes share one mirror file without applying a change twice", async (t) => {
      const { pool } = await database(t);
      for (let i = 1; i <= 3; i++) await pool.query(INSERT, [`2601.0000${i}`, `Paper ${i}`]);
      const file = mirrorFile();
      const [a, b] = [follower(t, pool, file), follower(t, pool, file)];
      const copies = await Promise.all([a.catchUp(), b.catchUp()]);
      assert.equal(copies[0].copied + copies[1].copied, 3);
      for (let i = 4; i <= 9; i++) await pool.query(INSERT, [`2601.0000${i}`, `Paper ${i}`]);
      const follows = await Promise.all([a.catchUp(), b.catchUp()]);
      assert.equal(follows[0].applied + follows[1].applied, 6);
      assert.equal(a.titles().length, 9);
    });
  });
} else {
  test("PostgreSQL search mirror", { skip: "no PostgreSQL binaries on this machine" });
}
