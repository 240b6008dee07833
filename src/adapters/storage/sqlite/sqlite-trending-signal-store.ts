import type { SignalWindow, TrendingSignalStore } from "../../../core/ranking/ports.js";
import type { TrendingSignals } from "../../../core/ranking/trending-signals.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** json_each over more ids than this is split, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

interface SignalRow {
  id: string;
  published_at: string;
  upvotes: number;
  categories: string;
  github_repo: string | null;
  listing_days: string;
  featured: number;
  page_ranks: string;
  stars_now: number | null;
  stars_before: number | null;
}

/**
 * Votes cast here are rows of paper_votes, and each is also in papers.upvotes (migration
 * 005's triggers). A vote inside the window makes its paper a candidate, however old the
 * paper; a vote cast after the window's day is taken back out of the count, so trending
 * for a past day reads the upvotes of that day (imported counts have no date: they count).
 */
export function createSqliteTrendingSignalStore(db: SqliteDatabase): TrendingSignalStore {
  const activeIds = db.prepare<WindowParams, { id: string }>(`
    SELECT id FROM papers WHERE published_at >= @fromTs AND published_at < @toEndTs
    UNION SELECT paper_id FROM daily_listings WHERE listing_date BETWEEN @from AND @to
    UNION SELECT paper_id FROM page_rank_samples WHERE day BETWEEN @from AND @to
    UNION SELECT paper_id FROM paper_votes WHERE created_at >= @fromTs AND created_at < @toEndTs
    UNION SELECT p.id FROM github_star_samples s JOIN papers p ON p.github_repo = s.repo
      WHERE s.day > @starsBefore AND s.day <= @to AND s.stars > s.prev_stars`);
  const signals = db.prepare<WindowParams & { ids: string }, SignalRow>(`
    SELECT p.id, p.published_at, p.categories, p.github_repo,
      max(0, p.upvotes - (SELECT count(*) FROM paper_votes v
        WHERE v.paper_id = p.id AND v.created_at >= @toEndTs)) AS upvotes,
      (SELECT json_group_array(listing_date) FROM daily_listings l
        WHERE l.paper_id = p.id AND l.listing_date <= @to) AS listing_days,
      EXISTS (SELECT 1 FROM daily_listings l
        WHERE l.paper_id = p.id AND l.listing_date <= @to AND l.featured_by IS NOT NULL) AS featured,
      (SELECT json_group_array(json_array(r.day, r.rank)) FROM page_rank_samples r
        WHERE r.paper_id = p.id AND r.day BETWEEN @from AND @to) AS page_ranks,
      (SELECT s.stars FROM github_star_samples s WHERE s.repo = p.github_repo AND s.day <= @to
        ORDER BY s.day DESC LIMIT 1) AS stars_now,
      (SELECT s.stars FROM github_star_samples s WHERE s.repo = p.github_repo AND s.day <= @starsBefore
        ORDER BY s.day DESC LIMIT 1) AS stars_before
    FROM papers p WHERE p.id IN (SELECT value FROM json_each(@ids))`);
  const latestDays = db.prepare<
    [],
    { published: string | null; listed: string | null; ranked: string | null; starred: string | null }
  >(`
    SELECT (SELECT max(published_at) FROM papers) AS published,
      (SELECT max(listing_date) FROM daily_listings) AS listed,
      (SELECT max(day) FROM page_rank_samples) AS ranked,
      (SELECT max(day) FROM github_star_samples WHERE stars > prev_stars) AS starred`);

  function readSignals(ids: readonly string[], window: SignalWindow): TrendingSignals[] {
    const params = toParams(window);
    const result: TrendingSignals[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const chunk = JSON.stringify(ids.slice(i, i + IDS_PER_QUERY));
      for (const row of signals.all({ ...params, ids: chunk })) result.push(toSignals(row));
    }
    return result;
  }

  return {
    async listActiveSignals(window) {
      const ids = activeIds.all(toParams(window)).map((r) => r.id);
      return readSignals(ids, window);
    },
    async listSignalsFor(paperIds, window) {
      return readSignals(paperIds, window);
    },
    async findLatestActivityDay() {
      const row = latestDays.get();
      const days = [row?.published?.slice(0, 10), row?.listed, row?.ranked, row?.starred].filter(
        (d): d is string => typeof d === "string",
      );
      return days.length > 0 ? days.sort().at(-1)! : null;
    },
  };
}

interface WindowParams {
  from: string;
  to: string;
  fromTs: string;
  toEndTs: string;
  starsBefore: string;
}

function toParams(window: SignalWindow): WindowParams {
  return {
    from: window.from,
    to: window.to,
    fromTs: `${window.from}T00:00:00.000Z`,
    // Timestamps sort as text; "T99" sorts after every time of day on `to`.
    toEndTs: `${window.to}T99`,
    starsBefore: window.starsBefore,
  };
}

function toSignals(row: SignalRow): TrendingSignals {
  return {
    paperId: row.id,
    publishedAt: row.published_at,
    upvotes: row.upvotes,
    listingDays: JSON.parse(row.listing_days) as string[],
    featured: row.featured === 1,
    pageRanks: (JSON.parse(row.page_ranks) as [string, number][]).map(([day, rank]) => ({ day, rank })),
    starsNow: row.stars_now,
    starsBefore: row.stars_before,
    categories: row.categories === "" ? [] : row.categories.split(" "),
    githubRepo: row.github_repo,
  };
}
