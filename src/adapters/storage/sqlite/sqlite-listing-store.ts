import type { ListingQuery, ListingStore } from "../../../core/listings/ports.js";
import { createFeatureStatements } from "./sqlite-listing-features.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { type ListingRow, toListing } from "./sqlite-rows.js";

const FAR_PAST = "0000-01-01";
const FAR_FUTURE = "9999-12-31";

export function createSqliteListingStore(db: SqliteDatabase): ListingStore {
  const where = `listing_date BETWEEN @first AND @last AND (@submittedBy IS NULL OR submitted_by = @submittedBy)`;
  const page = db.prepare<QueryParams & { limit: number; offset: number }, ListingRow>(
    `SELECT * FROM daily_listings WHERE ${where}
     ORDER BY listing_date DESC, submitted_at DESC, paper_id DESC LIMIT @limit OFFSET @offset`,
  );
  const all = db.prepare<QueryParams, ListingRow>(
    `SELECT * FROM daily_listings WHERE ${where} ORDER BY listing_date DESC, submitted_at DESC, paper_id DESC`,
  );
  const latest = db.prepare<[], { day: string | null }>("SELECT max(listing_date) AS day FROM daily_listings");
  const previous = db.prepare<[string], { day: string | null }>(
    "SELECT max(listing_date) AS day FROM daily_listings WHERE listing_date < ?",
  );
  const next = db.prepare<[string], { day: string | null }>(
    "SELECT min(listing_date) AS day FROM daily_listings WHERE listing_date > ?",
  );

  const feature = createFeatureStatements(db);

  return {
    ...feature,
    async listListings(query, request) {
      const rows = page.all({ ...toParams(query), limit: request.limit + 1, offset: request.offset });
      return { items: rows.slice(0, request.limit).map(toListing), hasMore: rows.length > request.limit };
    },
    async listAllListings(query) {
      return all.all(toParams(query)).map(toListing);
    },
    async findLatestListingDay() {
      return latest.get()?.day ?? null;
    },
    async findPreviousListingDay(day) {
      return previous.get(day)?.day ?? null;
    },
    async findNextListingDay(day) {
      return next.get(day)?.day ?? null;
    },
  };
}

interface QueryParams {
  first: string;
  last: string;
  submittedBy: string | null;
}

function toParams(query: ListingQuery): QueryParams {
  return { first: query.first ?? FAR_PAST, last: query.last ?? FAR_FUTURE, submittedBy: query.submittedBy ?? null };
}
