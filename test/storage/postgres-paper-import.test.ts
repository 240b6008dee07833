// The PostgreSQL importer's batch writes (postgres-paper-importer.ts) where the shared
// contract cannot look: the row locks that make two importers of one paper merge in turn,
// the search change rows the papers trigger writes, and a batch failing in its history.
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { describe, it, type TestContext } from "node:test";
import pg from "pg";
import { openPostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import type { PaperImport } from "../../src/core/papers/paper-record.js";
import { paperRecord as record } from "../contracts/contract-storage.js";
import { startTestPostgres } from "../helpers/postgres.js";

const server = await startTestPostgres();

/** A migrated, empty database: its storage and a separate connection to look and lock with. */
async function database(t: TestContext) {
  const url = await server!.createDatabase();
  const storage = await openPostgresStorage(url, { searchMirrorFile: ":memory:" });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  t.after(async () => {
    await admin.end();
    await storage.close();
  });
  return { papers: storage.papers, admin };
}

async function countSearchChanges(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>("SELECT count(*)::integer AS n FROM search_changes");
  return rows[0]!.n;
}

describe("PostgreSQL paper importer", { skip: server ? false : "no PostgreSQL binaries on this machine" }, () => {
  it("waits for a stored paper's row lock, then merges into the row as it was committed", async (t) => {
    const { papers, admin } = await database(t);
    await papers.importPapers([record(), record({ id: "2606.01235" })]);
    await admin.query("BEGIN");
    await admin.query("SELECT 1 FROM papers WHERE id = '2606.01234' FOR UPDATE");
    let settled = false;
    const importing = papers
      .importPapers([record({ id: "2606.01236" }), record({ project_page: "https://example.org/p" })])
      .finally(() => (settled = true));
    await delay(300);
    assert.equal(settled, false, "the import waits for the lock");
    await admin.query("UPDATE papers SET ai_summary = 'Written meanwhile' WHERE id = '2606.01234'");
    await admin.query("COMMIT");
    assert.deepEqual(await importing, { inserted: 1, updated: 1, unchanged: 0 });
    const stored = await papers.findPaper("2606.01234");
    assert.equal(stored?.projectPage, "https://example.org/p");
    assert.equal(stored?.aiSummary, "Written meanwhile", "merged into the committed row, not a stale read");
  });

  it("writes a search change for each paper a batch inserts, and for each searched field it updates", async (t) => {
    const { papers, admin } = await database(t);
    const before = await countSearchChanges(admin);
    await papers.importPapers([record(), record({ id: "2606.01235" }), record({ id: "2606.01236" })]);
    assert.equal((await countSearchChanges(admin)) - before, 3);
    await papers.importPapers([
      record({ title: "A new title", updated: "2026-06-10" }),
      record({ id: "2606.01235", upvotes: 5, updated: "2026-06-10" }),
      record({ id: "2606.01236" }),
    ]);
    assert.equal((await countSearchChanges(admin)) - before, 4, "upvotes are not searched: no change row");
  });

  it("leaves nothing of a batch whose history fails after its papers were written", async (t) => {
    const { papers, admin } = await database(t);
    await papers.importPapers([record()]);
    const before = await countSearchChanges(admin);
    const brokenRank = { ...record({ id: "2606.01236" }), pageRanks: [{ day: "2026-06-04", rank: null }] };
    const batch = [
      record({
        id: "2606.01235",
        daily_listings: ["2026-06-04"],
        github_repo: "a/b",
        star_history: [["2026-06-04", 3]],
      }),
      record({ title: "Changed", updated: "2026-06-10" }),
      brokenRank as unknown as PaperImport,
    ];
    await assert.rejects(papers.importPapers(batch), /null value in column "rank"/);
    assert.equal(await papers.countPapers(), 1);
    assert.equal((await papers.findPaper("2606.01234"))?.title, "Original title");
    assert.deepEqual(await papers.findListings("2606.01235"), []);
    assert.deepEqual(await papers.findStarHistory("a/b"), []);
    assert.equal(await countSearchChanges(admin), before);
  });
});
