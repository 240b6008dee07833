import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type OpenStorage, paperRecord as record, useStorage } from "./contract-storage.js";

const WEEK = { from: "2026-06-24", to: "2026-06-30", starsBefore: "2026-06-23" };

/** TrendingSignalStore: which papers are active in a window, and what trending reads of them. */
export function describeTrendingSignalContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: trending signals`, () => {
    it("star growth marks an old paper active; a single sample does not", async (t) => {
      const storage = await useStorage(t, open);
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
      const active = await storage.signals.listActiveSignals(WEEK);
      assert.deepEqual(
        active.map((s) => [s.paperId, s.starsBefore, s.starsNow]),
        [["1506.03134", 100, 400]],
      );
      assert.equal(await storage.signals.findLatestActivityDay(), "2026-06-29");
    });

    it("star samples recorded out of order still count growth", async (t) => {
      const storage = await useStorage(t, open);
      await storage.papers.importPapers([record({ id: "1506.03134", published: "2015-06-09", github_repo: "a/b" })]);
      await storage.githubRepos.recordStars("a/b", "2026-06-29", 400);
      assert.equal((await storage.signals.listActiveSignals(WEEK)).length, 0);
      await storage.githubRepos.recordStars("a/b", "2026-06-20", 100);
      assert.deepEqual(
        (await storage.signals.listActiveSignals(WEEK)).map((s) => [s.starsBefore, s.starsNow]),
        [[100, 400]],
      );
    });

    it("reads a paper's full signals, and nothing after the trending day", async (t) => {
      const storage = await useStorage(t, open);
      await storage.papers.importPapers([
        record({
          published: "2026-06-20T08:00:00Z",
          upvotes: 5,
          categories: ["cs.CL", "cs.LG"],
          daily_listings: [{ date: "2026-06-20", featured_by: "cur" }, "2026-06-19", "2026-07-05"],
          page_ranks: [
            ["2026-06-21", 3],
            ["2026-06-15", 9],
            ["2026-07-05", 1],
          ],
        }),
      ]);
      const [s] = await storage.signals.listActiveSignals({
        from: "2026-06-14",
        to: "2026-06-21",
        starsBefore: "2026-06-14",
      });
      assert.deepEqual(s, {
        paperId: "2606.01234",
        publishedAt: "2026-06-20T08:00:00.000Z",
        upvotes: 5,
        listingDays: ["2026-06-19", "2026-06-20"],
        featured: true,
        pageRanks: [
          { day: "2026-06-15", rank: 9 },
          { day: "2026-06-21", rank: 3 },
        ],
        starsNow: null,
        starsBefore: null,
        categories: ["cs.CL", "cs.LG"],
        githubRepo: null,
      });
    });

    it("a paper published late on the window's last day is active; one published the next day is not", async (t) => {
      const storage = await useStorage(t, open);
      await storage.papers.importPapers([
        record({ id: "2606.00001", published: "2026-06-30T23:59:59Z" }),
        record({ id: "2606.00002", published: "2026-07-01T00:00:00Z" }),
        record({ id: "2606.00003", published: "2026-06-23T23:59:59Z" }),
      ]);
      assert.deepEqual(
        (await storage.signals.listActiveSignals(WEEK)).map((s) => s.paperId),
        ["2606.00001"],
      );
      assert.equal(await storage.signals.findLatestActivityDay(), "2026-07-01");
    });

    it("reads the signals of given papers, skipping unknown ids", async (t) => {
      const storage = await useStorage(t, open);
      await storage.papers.importPapers([record({ id: "2001.00001", published: "2020-01-01" })]);
      const signals = await storage.signals.listSignalsFor(["2001.00001", "9999.99999"], WEEK);
      assert.deepEqual(
        signals.map((s) => [s.paperId, s.listingDays, s.pageRanks, s.featured]),
        [["2001.00001", [], [], false]],
      );
      assert.deepEqual(await storage.signals.listSignalsFor([], WEEK), []);
    });

    it("has no latest activity day when empty", async (t) => {
      const storage = await useStorage(t, open);
      assert.equal(await storage.signals.findLatestActivityDay(), null);
      assert.deepEqual(await storage.signals.listActiveSignals(WEEK), []);
    });
  });
}
