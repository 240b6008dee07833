import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PaperImport } from "../../src/core/papers/paper-record.js";
import { type OpenStorage, PAGE, paperRecord as record, useStorage } from "./contract-storage.js";

const WEEK = { from: "2026-06-24", to: "2026-06-30", starsBefore: "2026-06-23" };
const OLD = { published: "2015-06-09", updated: "2015-06-09" };

/**
 * PaperStore.importPapers on whole batches: a batch is written as if its records were
 * imported one by one, in order, and all together or not at all.
 */
export function describePaperImportBatchContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: paper import batches`, () => {
    it("merges a paper repeated in a batch into its earlier record, in order", async (t) => {
      const { papers } = await useStorage(t, open);
      const counts = await papers.importPapers([
        record(),
        record({ title: "v2", updated: "2026-06-10", authors: ["Grace Hopper"] }),
        record({ title: "stale", updated: "2026-06-05" }),
        record({ title: "v2", updated: "2026-06-10", authors: ["Grace Hopper"], upvotes: 3 }),
      ]);
      assert.deepEqual(counts, { inserted: 1, updated: 2, unchanged: 1 });
      const stored = await papers.findPaper("2606.01234");
      assert.equal(stored?.title, "v2");
      assert.equal(stored?.upvotes, 3);
      assert.equal(await papers.countPapers(), 1);
      assert.equal((await papers.listPapersByAuthor("Grace Hopper", PAGE)).total, 1);
      assert.equal((await papers.listPapersByAuthor("Ada Lovelace", PAGE)).total, 0);
    });

    it("credits new history to the first record of a batch that brings it", async (t) => {
      const { papers } = await useStorage(t, open);
      const counts = await papers.importPapers([
        record(),
        record({ daily_listings: [{ date: "2026-06-03", submitted_by: "ada" }] }),
        record({ daily_listings: [{ date: "2026-06-03", submitted_by: "bob" }], page_ranks: [["2026-06-03", 2]] }),
        record({ page_ranks: [["2026-06-03", 9]] }),
      ]);
      assert.deepEqual(counts, { inserted: 1, updated: 2, unchanged: 1 });
      assert.deepEqual(
        (await papers.findListings("2606.01234")).map((l) => [l.listingDate, l.submittedBy]),
        [["2026-06-03", "ada"]],
      );
      assert.deepEqual(
        (await papers.findPageRanks("2606.01234")).map((r) => r.rank),
        [2],
      );
    });

    it("writes the new and the stored papers of one batch by their own rules", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record(), record({ id: "2606.01235", title: "Kept", updated: "2026-06-10" })]);
      const counts = await papers.importPapers([
        record({ id: "2606.01236", authors: ["José Núñez"], daily_listings: ["2026-06-04"] }),
        record({ authors: ["Grace Hopper", "Ada Lovelace"], updated: "2026-06-10" }),
        record({ id: "2606.01235", title: "Stale", updated: "2026-05-01" }),
        record({ id: "2606.01237", title: "Also new" }),
      ]);
      assert.deepEqual(counts, { inserted: 2, updated: 1, unchanged: 1 });
      assert.equal(await papers.countPapers(), 4);
      assert.equal((await papers.findPaper("2606.01235"))?.title, "Kept");
      assert.equal((await papers.findPaper("2606.01237"))?.title, "Also new");
      assert.deepEqual((await papers.findPaper("2606.01234"))?.authors, ["Grace Hopper", "Ada Lovelace"]);
      assert.deepEqual(
        (await papers.listPapersByAuthor("Grace Hopper", PAGE)).items.map((p) => p.id),
        ["2606.01234"],
      );
      assert.deepEqual((await papers.listPapersByAuthor("Charles Babbage", PAGE)).items.map((p) => p.id).sort(), [
        "2606.01235",
        "2606.01237",
      ]);
      assert.equal((await papers.listPapersByAuthor("Jose Nunez", PAGE)).total, 1);
      assert.deepEqual(
        (await papers.findListings("2606.01236")).map((l) => l.listingDate),
        ["2026-06-04"],
      );
    });

    it("keeps the first star count of a day across a batch's papers, and links each sample to the one before", async (t) => {
      const storage = await useStorage(t, open);
      const { papers } = storage;
      // a/b shrinks (500 → 400) and c/d drops (100 → 50): no growth in the week yet.
      await papers.importPapers([
        record({
          id: "1506.00001",
          ...OLD,
          github_repo: "a/b",
          star_history: [
            ["2026-06-20", 500],
            ["2026-06-29", 400],
          ],
        }),
        record({
          id: "1506.00002",
          ...OLD,
          github_repo: "c/d",
          star_history: [
            ["2026-06-20", 100],
            ["2026-06-29", 50],
          ],
        }),
      ]);
      assert.deepEqual(await storage.signals.listActiveSignals(WEEK), []);
      const counts = await papers.importPapers([
        record({ id: "1506.00003", ...OLD, github_repo: "a/b", star_history: [["2026-06-25", 100]] }),
        record({ id: "1506.00001", ...OLD, github_repo: "a/b", star_history: [["2026-06-25", 900]] }),
        record({ id: "1506.00004", ...OLD, github_repo: "c/d", star_history: [["2026-06-25", 300]] }),
      ]);
      assert.deepEqual(counts, { inserted: 2, updated: 0, unchanged: 1 });
      assert.deepEqual(
        (await papers.findStarHistory("a/b")).map((s) => s.stars),
        [500, 100, 400],
      );
      // a/b grew 100 → 400 on the 29th (the old sample now follows the new one); c/d grew
      // 100 → 300 on the 25th (the new sample follows the stored one).
      assert.deepEqual((await storage.signals.listActiveSignals(WEEK)).map((s) => s.paperId).sort(), [
        "1506.00001",
        "1506.00002",
        "1506.00003",
        "1506.00004",
      ]);
    });

    it("concurrent batches correcting the same stored papers merge one after the other", async (t) => {
      const { papers } = await useStorage(t, open);
      const ids = Array.from({ length: 50 }, (_, i) => `2606.${String(10_000 + i)}`);
      await papers.importPapers(ids.map((id) => record({ id })));
      const results = await Promise.all([
        papers.importPapers(ids.map((id) => record({ id, ai_summary: "Summary" }))),
        papers.importPapers(ids.map((id) => record({ id, project_page: "https://example.org/p" }))),
      ]);
      assert.deepEqual(results, [
        { inserted: 0, updated: 50, unchanged: 0 },
        { inserted: 0, updated: 50, unchanged: 0 },
      ]);
      for (const paper of await papers.findPapers(ids)) {
        assert.equal(paper.aiSummary, "Summary");
        assert.equal(paper.projectPage, "https://example.org/p");
      }
    });

    // Malformed UTF-16 in a record: PostgreSQL stores one U+FFFD per half, SQLite one per byte
    // (and keeps it as such in the JSON of authors).
    it("stores a lone surrogate half as U+FFFD instead of failing the batch", async (t) => {
      const { papers } = await useStorage(t, open);
      const counts = await papers.importPapers([
        record({ title: "Broken \ud800 title", authors: ["Ada \udc00"] }),
        record({ id: "2606.01235", title: "Paired \ud83d\ude00" }),
      ]);
      assert.deepEqual(counts, { inserted: 2, updated: 0, unchanged: 0 });
      const stored = await papers.findPaper("2606.01234");
      assert.match(stored?.title ?? "", /^Broken \ufffd+ title$/u);
      assert.equal((await papers.findPaper("2606.01235"))?.title, "Paired \u{1f600}");
    });

    it("leaves nothing of a batch that fails, whether on a new paper or on a repeated one", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record()]);
      const good = [
        record({ id: "2606.01235", authors: ["Grace Hopper"], daily_listings: ["2026-06-04"] }),
        record({ title: "Changed", updated: "2026-06-10", page_ranks: [["2026-06-04", 1]] }),
      ];
      const broken = withPaper(record({ id: "2606.01236" }), { title: null });
      for (const bad of [[broken], [record({ id: "2606.01236" }), broken]]) {
        await assert.rejects(papers.importPapers([...good, ...bad]));
        assert.equal(await papers.countPapers(), 1);
        assert.equal((await papers.findPaper("2606.01234"))?.title, "Original title");
        assert.deepEqual(await papers.findPageRanks("2606.01234"), []);
        assert.deepEqual(await papers.findListings("2606.01235"), []);
        assert.equal((await papers.listPapersByAuthor("Grace Hopper", PAGE)).total, 0);
      }
      assert.deepEqual(await papers.importPapers(good), { inserted: 1, updated: 1, unchanged: 0 });
    });
  });
}

/** A record whose paper breaks a NOT NULL column (the types allow no such record). */
function withPaper(imported: PaperImport, fields: Record<string, unknown>): PaperImport {
  return { ...imported, paper: { ...imported.paper, ...fields } } as PaperImport;
}
