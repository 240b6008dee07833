import type { FeatureRequest, ListingQuery, ListingStore } from "../../../core/listings/ports.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";
import { LISTING_COLUMNS, type ListingRow, toListing } from "./postgres-rows.js";

/** $1 first day, $2 last day, $3 submitter; a null bound is no bound. */
const WHERE = `($1::date IS NULL OR listing_date >= $1) AND ($2::date IS NULL OR listing_date <= $2)
  AND ($3::text IS NULL OR submitted_by = $3)`;
const ORDER = "ORDER BY listing_date DESC, submitted_at DESC, paper_id DESC";

export function createPostgresListingStore(pool: PostgresPool): ListingStore {
  async function readDay(sql: string, params: unknown[] = []): Promise<string | null> {
    const { rows } = await pool.query<{ day: string | null }>(sql, params);
    return rows[0]?.day ?? null;
  }

  return {
    async listListings(query, page) {
      const { rows } = await pool.query<ListingRow>(
        `SELECT ${LISTING_COLUMNS} FROM daily_listings WHERE ${WHERE} ${ORDER} OFFSET $4 LIMIT $5`,
        [...toParams(query), page.offset, page.limit + 1],
      );
      return { items: rows.slice(0, page.limit).map(toListing), hasMore: rows.length > page.limit };
    },
    async listAllListings(query) {
      const { rows } = await pool.query<ListingRow>(
        `SELECT ${LISTING_COLUMNS} FROM daily_listings WHERE ${WHERE} ${ORDER}`,
        toParams(query),
      );
      return rows.map(toListing);
    },
    async findLatestListingDay() {
      return readDay("SELECT max(listing_date) AS day FROM daily_listings");
    },
    async findPreviousListingDay(day) {
      return readDay("SELECT max(listing_date) AS day FROM daily_listings WHERE listing_date < $1", [day]);
    },
    async findNextListingDay(day) {
      return readDay("SELECT min(listing_date) AS day FROM daily_listings WHERE listing_date > $1", [day]);
    },
    async featureListing(request) {
      return withTransaction(pool, (client) => featureOnce(client, request));
    },
    async unfeatureListing(day, paperId) {
      const result = await pool.query(
        `UPDATE daily_listings SET featured_by = NULL
         WHERE listing_date = $1 AND paper_id = $2 AND featured_by IS NOT NULL`,
        [day, paperId],
      );
      return result.rowCount === 1;
    },
  };
}

/**
 * Lists (when not listed) and marks the paper, race-free without explicit locks: the insert
 * and the conditional update each decide on the row under the row's own lock, so two
 * curators featuring at once get one "featured" and one "unchanged".
 */
async function featureOnce(
  client: Queryable,
  request: FeatureRequest,
): Promise<"listed-and-featured" | "featured" | "unchanged" | "not-found"> {
  const paper = await client.query("SELECT 1 FROM papers WHERE id = $1", [request.paperId]);
  if (paper.rowCount === 0) return "not-found";
  const listed = await client.query(
    `INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by, featured_by)
     VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING`,
    [request.day, request.paperId, request.at, request.featuredBy],
  );
  if (listed.rowCount === 1) return "listed-and-featured";
  const marked = await client.query(
    `UPDATE daily_listings SET featured_by = $3
     WHERE listing_date = $1 AND paper_id = $2 AND featured_by IS NULL`,
    [request.day, request.paperId, request.featuredBy],
  );
  return marked.rowCount === 1 ? "featured" : "unchanged";
}

function toParams(query: ListingQuery): unknown[] {
  return [query.first ?? null, query.last ?? null, query.submittedBy ?? null];
}
