import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { readPaperRecord } from "../../src/core/papers/paper-record.js";

const DAY = "2026-06-30";
const record = (overrides: Record<string, unknown> = {}) =>
  readPaperRecord(
    {
      id: "2606.01234",
      title: "Original title",
      abstract: "Abstract",
      authors: ["Ada Lovelace", "Charles Babbage"],
      categories: ["cs.LG"],
      published: "2026-06-01",
      updated: "2026-06-01",
      ...overrides,
    },
    DAY,
  );

describe("SQLite paper store", () => {
  it("inserts, then leaves an identical record unchanged", async () => {
    const { papers } = createSqliteStorage(":memory:");
    assert.deepEqual(await papers.importPapers([record()]), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual(await papers.importPapers([record()]), { inserted: 0, updated: 0, unchanged: 1 });
    assert.equal(await papers.countPapers(), 1);
  });

  it("a newer updated wins; an older one changes nothing", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record()]);
    assert.equal(
      (await papers.importPapers([record({ title: "v2 title", updated: "2026-06-10", id: "2606.01234v2" })])).updated,
      1,
    );
    const stored = await papers.findPaper("2606.01234");
    assert.equal(stored?.title, "v2 title");
    assert.equal(stored?.version, 2);
    assert.equal((await papers.importPapers([record({ title: "stale", updated: "2026-06-05" })])).unchanged, 1);
    assert.equal((await papers.findPaper("2606.01234"))?.title, "v2 title");
  });

  it("same updated with different content is a correction", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record()]);
    assert.equal((await papers.importPapers([record({ abstract: "Fixed typo" })])).updated, 1);
    assert.equal((await papers.findPaper("2606.01234"))?.abstract, "Fixed typo");
  });

  it("keeps authors in order and finds papers by author, case- and accent-insensitively", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([
      record(),
      record({ id: "2606.01235", authors: ["Ada  LOVELACE"], published: "2026-06-05" }),
      record({ id: "2606.01236", authors: ["Adá Lovelace-King"], published: "2026-06-06" }),
      record({ id: "2606.01237", authors: ["José Núñez"], published: "2026-06-07" }),
    ]);
    assert.deepEqual((await papers.findPaper("2606.01234"))?.authors, ["Ada Lovelace", "Charles Babbage"]);
    const ada = await papers.listPapersByAuthor("ada lovelace", { offset: 0, limit: 10 });
    assert.deepEqual(
      ada.items.map((p) => p.id),
      ["2606.01235", "2606.01234"],
    );
    assert.equal(ada.total, 2);
    assert.equal((await papers.listPapersByAuthor("Jose Nunez", { offset: 0, limit: 10 })).total, 1);
    assert.equal((await papers.listPapersByAuthor('" OR 1 NEAR(', { offset: 0, limit: 10 })).total, 0);
    assert.equal((await papers.listPapersByAuthor("***", { offset: 0, limit: 10 })).total, 0);
  });

  it("re-indexes authors on update", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record()]);
    await papers.importPapers([record({ authors: ["Grace Hopper"], updated: "2026-06-10" })]);
    assert.equal((await papers.listPapersByAuthor("Ada Lovelace", { offset: 0, limit: 10 })).total, 0);
    assert.equal((await papers.listPapersByAuthor("Grace Hopper", { offset: 0, limit: 10 })).total, 1);
  });

  it("merges listings and star samples; new history alone counts as an update", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([
      record({ daily_listings: ["2026-06-02"], github_repo: "a/b", star_history: [["2026-06-10", 10]] }),
    ]);
    const again = await papers.importPapers([
      record({ daily_listings: ["2026-06-02", "2026-06-03"], github_repo: "a/b", star_history: [["2026-06-03", 1]] }),
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
    assert.equal((await papers.findPaper("2606.01234"))?.githubStars, 10);
  });

  it("finds papers in the order asked, skipping unknown ids", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record(), record({ id: "2606.01235" })]);
    assert.deepEqual(
      (await papers.findPapers(["2606.01235", "9999.99999", "2606.01234"])).map((p) => p.id),
      ["2606.01235", "2606.01234"],
    );
  });
});

describe("SQLite trending signals", () => {
  it("star growth marks an old paper active; a single sample does not", async () => {
    const storage = createSqliteStorage(":memory:");
    await storage.papers.importPapers([
      record({
        id: "1506.03134",
        published: "2015-06-09",
        github_repo: "a/b",
        star_history: [
          ["2026-06-20", 100],
          ["2026-06-29", 400],
        ],
      }),
      record({ id: "1506.03135", published: "2015-06-09", github_repo: "c/d", star_history: [["2026-06-29", 900]] }),
    ]);
    const active = await storage.signals.listActiveSignals({
      from: "2026-06-24",
      to: "2026-06-30",
      starsBefore: "2026-06-23",
    });
    assert.deepEqual(
      active.map((s) => [s.paperId, s.starsBefore, s.starsNow]),
      [["1506.03134", 100, 400]],
    );
    assert.equal(await storage.signals.findLatestActivityDay(), "2026-06-29");
  });

  it("reads nothing after the trending day", async () => {
    const storage = createSqliteStorage(":memory:");
    await storage.papers.importPapers([
      record({
        published: "2026-06-20",
        daily_listings: ["2026-06-20", "2026-07-05"],
        page_ranks: [
          ["2026-06-21", 3],
          ["2026-07-05", 1],
        ],
      }),
    ]);
    const [s] = await storage.signals.listActiveSignals({
      from: "2026-06-14",
      to: "2026-06-21",
      starsBefore: "2026-06-14",
    });
    assert.deepEqual(s?.listingDays, ["2026-06-20"]);
    assert.deepEqual(s?.pageRanks, [{ day: "2026-06-21", rank: 3 }]);
  });
});

describe("merging records from different sources", () => {
  it("a newer record keeps what it lacks: AI summary, project page, repository, comments, full authors", async () => {
    const { papers } = createSqliteStorage(":memory:");
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

  it("a newer record with a different author list replaces it", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record()]);
    await papers.importPapers([record({ authors: ["Grace Hopper"], updated: "2026-06-10" })]);
    assert.deepEqual((await papers.findPaper("2606.01234"))?.authors, ["Grace Hopper"]);
  });

  it("re-importing a record that lacks fields the store has is unchanged, not a correction", async () => {
    const { papers } = createSqliteStorage(":memory:");
    await papers.importPapers([record({ ai_summary: "HF summary" })]);
    assert.deepEqual(await papers.importPapers([record()]), { inserted: 0, updated: 0, unchanged: 1 });
  });
});
