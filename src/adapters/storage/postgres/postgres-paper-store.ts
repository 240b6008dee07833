import type { PageRankSample, Paper, StarSample } from "../../../core/papers/paper.js";
import type { PaperStore } from "../../../core/papers/ports.js";
import { importPostgresPapers } from "./postgres-paper-importer.js";
import type { PostgresPool } from "./postgres-pool.js";
import {
  LISTING_COLUMNS,
  type ListingRow,
  PAPER_COLUMNS,
  type PaperRow,
  toAuthorKey,
  toListing,
  toPaper,
} from "./postgres-rows.js";

export function createPostgresPaperStore(pool: PostgresPool): PaperStore {
  const store: PaperStore = {
    async importPapers(batch) {
      return importPostgresPapers(pool, batch);
    },
    async findPaper(id) {
      const { rows } = await pool.query<PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = $1`, [id]);
      return rows[0] ? toPaper(rows[0]) : null;
    },
    async findPapers(ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = ANY ($1)`, [ids]);
      const byId = new Map(rows.map((row) => [row.id, toPaper(row)]));
      return ids.map((id) => byId.get(id)).filter((p): p is Paper => p !== undefined);
    },
    async listPapersByAuthor(name, page) {
      const key = toAuthorKey(name);
      if (key === "") return { items: [], total: 0 };
      const { rows } = await pool.query<{ id: string; total: number }>(
        `SELECT p.id, count(*) OVER () AS total FROM papers p
         WHERE p.id IN (SELECT paper_id FROM paper_authors WHERE name_key = $1)
         ORDER BY p.published_at DESC, p.id DESC OFFSET $2 LIMIT $3`,
        [key, page.offset, page.limit],
      );
      const total = rows[0]?.total ?? (page.offset > 0 ? await countByAuthor(pool, key) : 0);
      return { items: await store.findPapers(rows.map((r) => r.id)), total };
    },
    async findListings(paperId) {
      const { rows } = await pool.query<ListingRow>(
        `SELECT ${LISTING_COLUMNS} FROM daily_listings WHERE paper_id = $1 ORDER BY listing_date`,
        [paperId],
      );
      return rows.map(toListing);
    },
    async findStarHistory(repo) {
      const { rows } = await pool.query<StarSample>(
        "SELECT repo, day, stars FROM github_star_samples WHERE repo = $1 ORDER BY day",
        [repo],
      );
      return rows;
    },
    async findPageRanks(paperId): Promise<PageRankSample[]> {
      const { rows } = await pool.query<PageRankSample>(
        `SELECT paper_id AS "paperId", day, rank FROM page_rank_samples WHERE paper_id = $1 ORDER BY day`,
        [paperId],
      );
      return rows;
    },
    async countPapers() {
      const { rows } = await pool.query<{ n: number }>("SELECT count(*) AS n FROM papers");
      return rows[0]?.n ?? 0;
    },
  };
  return store;
}

/** The total when the page asked for lies past the last match (the window count saw no rows). */
async function countByAuthor(pool: PostgresPool, key: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(DISTINCT paper_id) AS n FROM paper_authors WHERE name_key = $1",
    [key],
  );
  return rows[0]?.n ?? 0;
}
