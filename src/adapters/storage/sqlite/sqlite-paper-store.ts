import type { DailyListing, PageRankSample, Paper, StarSample } from "../../../core/papers/paper.js";
import type { PageRequest, PageResult, PaperStore } from "../../../core/papers/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqlitePaperImporter } from "./sqlite-paper-importer.js";
import { PAPER_COLUMNS, type ListingRow, type PaperRow, toListing, toPaper } from "./sqlite-rows.js";

/** Names compare case- and accent-insensitively, with whitespace collapsed. */
function normalizeName(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim().toLowerCase();
}

/** An FTS5 phrase of the name's words (each quoted, so no word is read as an operator). */
function toFtsPhrase(name: string): string | null {
  const words = normalizeName(name).match(/[\p{L}\p{N}]+/gu);
  return words ? `"${words.join(" ")}"` : null;
}

export function createSqlitePaperStore(db: SqliteDatabase): PaperStore {
  const importer = createSqlitePaperImporter(db);
  const findOne = db.prepare<[string], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = ?`);
  const findMany = db.prepare<[string], PaperRow>(
    `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id IN (SELECT value FROM json_each(?))`,
  );
  const authorCandidates = db.prepare<[string], { id: string; published_at: string; authors: string }>(
    `SELECT p.id, p.published_at, p.authors FROM papers p
     WHERE p.rowid IN (SELECT rowid FROM paper_author_index WHERE paper_author_index MATCH ?)`,
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

  const store: PaperStore = {
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
      const phrase = toFtsPhrase(name);
      if (!phrase) return { items: [], total: 0 };
      const wanted = normalizeName(name);
      const matching = authorCandidates
        .all(phrase)
        .filter((row) => (JSON.parse(row.authors) as string[]).some((a) => normalizeName(a) === wanted))
        .sort((a, b) =>
          a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : a.id < b.id ? 1 : -1,
        );
      const ids = matching.slice(page.offset, page.offset + page.limit).map((r) => r.id);
      return { items: await store.findPapers(ids), total: matching.length };
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
  return store;
}
