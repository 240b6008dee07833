import type { ListingStore } from "../../../core/listings/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

type FeatureStatements = Pick<ListingStore, "featureListing" | "unfeatureListing">;

/** Curators' marks on daily_listings.featured_by (migration 001). */
export function createFeatureStatements(db: SqliteDatabase): FeatureStatements {
  const paperExists = db.prepare<[string], { id: string }>("SELECT id FROM papers WHERE id = ?");
  const listing = db.prepare<[string, string], { featured_by: string | null }>(
    "SELECT featured_by FROM daily_listings WHERE listing_date = ? AND paper_id = ?",
  );
  const insert = db.prepare(
    `INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by, featured_by)
     VALUES (@day, @paperId, @at, @featuredBy, @featuredBy)`,
  );
  const mark = db.prepare(
    "UPDATE daily_listings SET featured_by = @featuredBy WHERE listing_date = @day AND paper_id = @paperId",
  );
  const clear = db.prepare(
    "UPDATE daily_listings SET featured_by = NULL WHERE listing_date = ? AND paper_id = ? AND featured_by IS NOT NULL",
  );
  // IMMEDIATE: read and write under the write lock, so two curators cannot both list the paper.
  const featureOnce = db.transaction((request: Parameters<FeatureStatements["featureListing"]>[0]) => {
    if (!paperExists.get(request.paperId)) return "not-found" as const;
    const row = listing.get(request.day, request.paperId);
    const params = { day: request.day, paperId: request.paperId, at: request.at, featuredBy: request.featuredBy };
    if (!row) {
      insert.run(params);
      return "listed-and-featured" as const;
    }
    if (row.featured_by !== null) return "unchanged" as const;
    mark.run(params);
    return "featured" as const;
  });
  return {
    featureListing: async (request) => featureOnce.immediate(request),
    unfeatureListing: async (day, paperId) => clear.run(day, paperId).changes === 1,
  };
}
