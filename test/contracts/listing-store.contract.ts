import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ContractStorage, type OpenStorage, paperRecord as record, useStorage } from "./contract-storage.js";

/** Three papers on two days, one submitted by "ada". */
async function importListed(storage: ContractStorage): Promise<void> {
  await storage.papers.importPapers([
    record({ id: "2606.00001", daily_listings: ["2026-06-01"] }),
    record({
      id: "2606.00002",
      daily_listings: [{ date: "2026-06-01", submitted_at: "2026-06-01T09:00:00Z", submitted_by: "ada" }],
    }),
    record({ id: "2606.00003", daily_listings: ["2026-06-08"] }),
  ]);
}

/** ListingStore: daily lists, ranges for weeks and months, neighbours, featuring. */
export function describeListingStoreContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: listing store`, () => {
    it("lists newest day first, then latest submission first, in pages", async (t) => {
      const storage = await useStorage(t, open);
      await importListed(storage);
      const first = await storage.listings.listListings({}, { offset: 0, limit: 2 });
      assert.deepEqual(
        first.items.map((l) => [l.listingDate, l.paperId]),
        [
          ["2026-06-08", "2606.00003"],
          ["2026-06-01", "2606.00002"],
        ],
      );
      assert.equal(first.hasMore, true);
      const last = await storage.listings.listListings({}, { offset: 2, limit: 2 });
      assert.deepEqual(
        last.items.map((l) => l.paperId),
        ["2606.00001"],
      );
      assert.equal(last.hasMore, false);
    });

    it("reads one day, a week or a month as an inclusive range, and by submitter", async (t) => {
      const storage = await useStorage(t, open);
      await importListed(storage);
      const day = await storage.listings.listAllListings({ first: "2026-06-01", last: "2026-06-01" });
      assert.deepEqual(day.map((l) => l.paperId).sort(), ["2606.00001", "2606.00002"]);
      const week = await storage.listings.listAllListings({ first: "2026-06-08", last: "2026-06-14" });
      assert.deepEqual(
        week.map((l) => l.paperId),
        ["2606.00003"],
      );
      const month = await storage.listings.listAllListings({ first: "2026-06-01", last: "2026-06-30" });
      assert.equal(month.length, 3);
      assert.equal((await storage.listings.listAllListings({ first: "2026-07-01", last: "2026-07-31" })).length, 0);
      const byAda = await storage.listings.listAllListings({ submittedBy: "ada" });
      assert.deepEqual(
        byAda.map((l) => [l.paperId, l.submittedBy, l.submittedAt]),
        [["2606.00002", "ada", "2026-06-01T09:00:00.000Z"]],
      );
    });

    it("finds the latest, previous and next listing days", async (t) => {
      const storage = await useStorage(t, open);
      assert.equal(await storage.listings.findLatestListingDay(), null);
      await importListed(storage);
      assert.equal(await storage.listings.findLatestListingDay(), "2026-06-08");
      assert.equal(await storage.listings.findPreviousListingDay("2026-06-08"), "2026-06-01");
      assert.equal(await storage.listings.findPreviousListingDay("2026-06-01"), null);
      assert.equal(await storage.listings.findNextListingDay("2026-06-01"), "2026-06-08");
      assert.equal(await storage.listings.findNextListingDay("2026-06-05"), "2026-06-08");
      assert.equal(await storage.listings.findNextListingDay("2026-06-08"), null);
    });

    it("features a listed paper once, lists and features an unlisted one, and unfeatures", async (t) => {
      const storage = await useStorage(t, open);
      await importListed(storage);
      const at = "2026-06-08T10:00:00.000Z";
      const feature = (paperId: string) =>
        storage.listings.featureListing({ day: "2026-06-08", paperId, featuredBy: "cur", at });
      assert.equal(await feature("2606.00003"), "featured");
      assert.equal(await feature("2606.00003"), "unchanged");
      assert.equal(await feature("2606.00001"), "listed-and-featured");
      assert.equal(await feature("9999.99999"), "not-found");
      const listed = (await storage.papers.findListings("2606.00001")).find((l) => l.listingDate === "2026-06-08");
      assert.deepEqual(listed, {
        paperId: "2606.00001",
        listingDate: "2026-06-08",
        submittedAt: at,
        submittedBy: "cur",
        featuredBy: "cur",
      });
      assert.equal(await storage.listings.unfeatureListing("2026-06-08", "2606.00003"), true);
      assert.equal(await storage.listings.unfeatureListing("2026-06-08", "2606.00003"), false);
      assert.equal((await storage.listings.listAllListings({ first: "2026-06-08", last: "2026-06-08" })).length, 2);
    });

    it("two curators featuring at once: one features, the other finds it unchanged", async (t) => {
      const storage = await useStorage(t, open);
      await importListed(storage);
      const request = { day: "2026-06-09", paperId: "2606.00001", at: "2026-06-09T10:00:00.000Z" };
      const outcomes = await Promise.all([
        storage.listings.featureListing({ ...request, featuredBy: "a" }),
        storage.listings.featureListing({ ...request, featuredBy: "b" }),
      ]);
      assert.deepEqual(outcomes.sort(), ["listed-and-featured", "unchanged"]);
    });
  });
}
