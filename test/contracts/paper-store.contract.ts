import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type OpenStorage, PAGE, paperRecord as record, useStorage } from "./contract-storage.js";

/** PaperStore: the importer's rules, lookups and per-paper histories. */
export function describePaperStoreContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: paper store`, () => {
    it("inserts, then leaves an identical record unchanged", async (t) => {
      const { papers } = await useStorage(t, open);
      assert.deepEqual(await papers.importPapers([record()]), { inserted: 1, updated: 0, unchanged: 0 });
      assert.deepEqual(await papers.importPapers([record()]), { inserted: 0, updated: 0, unchanged: 1 });
      assert.equal(await papers.countPapers(), 1);
    });

    it("stores every field as imported", async (t) => {
      const { papers } = await useStorage(t, open);
      const input = record({
        comments: "10 pages",
        doi: "10.1000/x",
        journal_ref: "J. Tests 1",
        github_repo: "a/b",
        project_page: "https://example.org/p",
        ai_summary: "Summary",
        ai_keywords: ["llm", "rag"],
        upvotes: 7,
        categories: ["cs.CL", "cs.LG"],
        published: "2026-06-01T12:34:56.789Z",
        updated: "2026-06-02T00:00:00Z",
      });
      await papers.importPapers([input]);
      assert.deepEqual(await papers.findPaper("2606.01234"), { ...input.paper, githubStars: null });
      assert.equal(await papers.findPaper("9999.99999"), null);
    });

    it("a newer updated wins; an older one changes nothing", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record()]);
      const v2 = record({ title: "v2 title", updated: "2026-06-10", id: "2606.01234v2" });
      assert.equal((await papers.importPapers([v2])).updated, 1);
      const stored = await papers.findPaper("2606.01234");
      assert.equal(stored?.title, "v2 title");
      assert.equal(stored?.version, 2);
      assert.equal((await papers.importPapers([record({ title: "stale", updated: "2026-06-05" })])).unchanged, 1);
      assert.equal((await papers.findPaper("2606.01234"))?.title, "v2 title");
    });

    it("same updated with different content is a correction", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record()]);
      assert.equal((await papers.importPapers([record({ abstract: "Fixed typo" })])).updated, 1);
      assert.equal((await papers.findPaper("2606.01234"))?.abstract, "Fixed typo");
    });

    it("upvotes never decrease on import; a higher count is a correction", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record({ upvotes: 10 })]);
      assert.equal((await papers.importPapers([record({ upvotes: 3 })])).unchanged, 1);
      assert.equal((await papers.importPapers([record({ upvotes: 4, updated: "2026-06-10" })])).updated, 1);
      assert.equal((await papers.findPaper("2606.01234"))?.upvotes, 10);
      assert.equal((await papers.importPapers([record({ upvotes: 12, updated: "2026-06-10" })])).updated, 1);
      assert.equal((await papers.findPaper("2606.01234"))?.upvotes, 12);
    });

    it("counts each outcome of a mixed batch", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record(), record({ id: "2606.01235" })]);
      const counts = await papers.importPapers([
        record(),
        record({ id: "2606.01235", title: "New", updated: "2026-06-09" }),
        record({ id: "2606.01236" }),
      ]);
      assert.deepEqual(counts, { inserted: 1, updated: 1, unchanged: 1 });
      assert.equal(await papers.countPapers(), 3);
    });

    it("keeps authors in order and finds papers by author, case- and accent-insensitively", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([
        record(),
        record({ id: "2606.01235", authors: ["Ada  LOVELACE"], published: "2026-06-05" }),
        record({ id: "2606.01236", authors: ["Adá Lovelace-King"], published: "2026-06-06" }),
        record({ id: "2606.01237", authors: ["José Núñez"], published: "2026-06-07" }),
      ]);
      assert.deepEqual((await papers.findPaper("2606.01234"))?.authors, ["Ada Lovelace", "Charles Babbage"]);
      const ada = await papers.listPapersByAuthor("ada lovelace", PAGE);
      assert.deepEqual(
        ada.items.map((p) => p.id),
        ["2606.01235", "2606.01234"],
      );
      assert.equal(ada.total, 2);
      const second = await papers.listPapersByAuthor("Ada Lovelace", { offset: 1, limit: 1 });
      assert.deepEqual(
        second.items.map((p) => p.id),
        ["2606.01234"],
      );
      assert.equal(second.total, 2);
      assert.equal((await papers.listPapersByAuthor("Ada Lovelace", { offset: 5, limit: 1 })).total, 2);
      assert.equal((await papers.listPapersByAuthor("Jose Nunez", PAGE)).total, 1);
      assert.equal((await papers.listPapersByAuthor('" OR 1 NEAR(', PAGE)).total, 0);
      assert.equal((await papers.listPapersByAuthor("***", PAGE)).total, 0);
    });

    it("re-indexes authors on update", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record()]);
      await papers.importPapers([record({ authors: ["Grace Hopper"], updated: "2026-06-10" })]);
      assert.equal((await papers.listPapersByAuthor("Ada Lovelace", PAGE)).total, 0);
      assert.equal((await papers.listPapersByAuthor("Grace Hopper", PAGE)).total, 1);
      assert.deepEqual((await papers.findPaper("2606.01234"))?.authors, ["Grace Hopper"]);
    });

    it("merges listings, ranks and star samples; new history alone counts as an update", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([
        record({ daily_listings: ["2026-06-02"], github_repo: "a/b", star_history: [["2026-06-10", 10]] }),
      ]);
      const again = await papers.importPapers([
        record({
          daily_listings: ["2026-06-02", "2026-06-03"],
          github_repo: "a/b",
          star_history: [["2026-06-03", 1]],
          page_ranks: [["2026-06-03", 4]],
        }),
      ]);
      assert.equal(again.updated, 1);
      assert.deepEqual(
        (await papers.findListings("2606.01234")).map((l) => l.listingDate),
        ["2026-06-02", "2026-06-03"],
      );
      assert.deepEqual(await papers.findStarHistory("a/b"), [
        { repo: "a/b", day: "2026-06-03", stars: 1 },
        { repo: "a/b", day: "2026-06-10", stars: 10 },
      ]);
      assert.deepEqual(await papers.findPageRanks("2606.01234"), [
        { paperId: "2606.01234", day: "2026-06-03", rank: 4 },
      ]);
      assert.equal((await papers.findPaper("2606.01234"))?.githubStars, 10);
      assert.equal((await papers.importPapers([record({ daily_listings: ["2026-06-03"] })])).unchanged, 1);
    });

    it("finds papers in the order asked, skipping unknown ids", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record(), record({ id: "2606.01235" })]);
      assert.deepEqual(
        (await papers.findPapers(["2606.01235", "9999.99999", "2606.01234"])).map((p) => p.id),
        ["2606.01235", "2606.01234"],
      );
      assert.deepEqual(await papers.findPapers([]), []);
    });

    it("a newer record keeps what it lacks: AI summary, project page, repository, comments, full authors", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([
        record({
          ai_summary: "HF summary",
          ai_keywords: ["llm"],
          project_page: "https://example.org/p",
          github_repo: "a/b",
          comments: "10 pages",
          categories: ["cs.CL", "cs.LG"],
        }),
      ]);
      await papers.importPapers([
        record({ id: "2606.01234v2", title: "v2", updated: "2026-06-10", authors: ["Ada Lovelace"], categories: [] }),
      ]);
      const paper = (await papers.findPaper("2606.01234"))!;
      assert.equal(paper.title, "v2");
      assert.equal(paper.version, 2);
      assert.equal(paper.aiSummary, "HF summary");
      assert.deepEqual(paper.aiKeywords, ["llm"]);
      assert.equal(paper.projectPage, "https://example.org/p");
      assert.equal(paper.githubRepo, "a/b");
      assert.equal(paper.comments, "10 pages");
      assert.deepEqual(paper.authors, ["Ada Lovelace", "Charles Babbage"], "first-author-only lists add nothing");
      assert.deepEqual(paper.categories, ["cs.CL", "cs.LG"]);
      assert.equal((await papers.listPapersByAuthor("Charles Babbage", { offset: 0, limit: 5 })).total, 1);
    });

    it("re-importing a record that lacks fields the store has is unchanged, not a correction", async (t) => {
      const { papers } = await useStorage(t, open);
      await papers.importPapers([record({ ai_summary: "HF summary" })]);
      assert.deepEqual(await papers.importPapers([record()]), { inserted: 0, updated: 0, unchanged: 1 });
    });

    it("concurrent imports of the same papers insert each paper once", async (t) => {
      const { papers } = await useStorage(t, open);
      const batch = [record(), record({ id: "2606.01235" }), record({ id: "2606.01236" })];
      const results = await Promise.all([papers.importPapers(batch), papers.importPapers(batch)]);
      assert.equal(
        results.reduce((n, r) => n + r.inserted, 0),
        3,
      );
      assert.equal(
        results.reduce((n, r) => n + r.unchanged, 0),
        3,
      );
      assert.equal(await papers.countPapers(), 3);
    });
  });
}
