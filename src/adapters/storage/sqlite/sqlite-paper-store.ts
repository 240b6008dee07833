import type { DailyListing, PageRankSample, Paper, StarSample } from "../../../core/papers/paper.js";
import type { PageRequest, PageResult, PaperStore } from "../../../core/papers/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqlitePaperImporter } from "./sqlite-paper-importer.js";
import { PAPER_COLUMNS, type ListingRow, type PaperRow, toListing, toPaper } from "./sqlite-rows.js";

export function createSqlitePaperStore(db: SqliteDatabase): PaperStore {
  const importer = createSqlitePaperImporter(db);
  const findOne = db.prepare<[string], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = ?`);
  const findMany = db.prepare<[string], PaperRow>(
    `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))`,
  );
  const byAuthor = db.prepare<[string, number, number], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers p
    WHERE p.id IN (SELECT paper_id FROM paper_authors WHERE name = ? COLLATE NOCASE)
    ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?`);
  const countByAuthor = db.prepare<[string], { n: number }>(
    "SELECT count(DISTINCT paper_id) AS n FROM paper_authors WHERE name = ? COLLATE NOCASE",
  );
  const listings = db.prepare<[string], ListingRow>(
    "SELECT * FROM daily_listings WHERE paper_id = ? ORDER BY listing_date",
  );
  const stars = db.prepare<[string], StarSample>(
    "SELECT repo, day, stars FROM github_star_samples WHERE repo = ? ORDER BY day",
  );
  const ranks = db.prepare<[string], { paper_id: string; day: string; rank: number }>(
    "SELECT paper_id, day, rank FROM page_rank_samples WHERE paper_id = ? ORDER BY day",
  );
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM papers");

  return {
    async importPapers(batch) {
      return importer.importPapers(batch);
    },
    async findPaper(id) {
      const row = findOne.get(id);
      return row ? toPaper(row) : null;
    },
    async findPapers(ids) {
      if (ids.length === 0) return [];
      const byId = new Map(findMany.all(JSON.stringify(ids)).map((row) => [row.id, toPaper(row)]));
      return ids.map((id) => byId.get(id)).filter((p): p is Paper => p !== undefined);
    },
    async listPapersByAuthor(name: string, page: PageRequest): Promise<PageResult<Paper>> {
      return {
        items: byAuthor.all(name, page.limit, page.offset).map(toPaper),
        total: countByAuthor.get(name)?.n ?? 0,
      };
    },
    async findListings(paperId): Promise<DailyListing[]> {
      return listings.all(paperId).map(toListing);
    },
    async findStarHistory(repo) {
      return stars.all(repo);
    },
    async findPageRanks(paperId): Promise<PageRankSample[]> {
      return ranks.all(paperId).map((r) => ({ paperId: r.paper_id, day: r.day, rank: r.rank }));
    },
    async countPapers() {
      return count.get()?.n ?? 0;
    },
  };
}
