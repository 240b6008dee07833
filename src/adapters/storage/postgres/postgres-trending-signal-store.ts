import type { SignalWindow, TrendingSignalStore } from "../../../core/ranking/ports.js";
import type { TrendingSignals } from "../../../core/ranking/trending-signals.js";
import type { PostgresPool } from "./postgres-pool.js";

/** Ids per signals query, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

interface SignalRow {
  id: string;
  published_at: string;
  upvotes: number;
  categories: string[];
  github_repo: string | null;
  listing_days: string[];
  featured: boolean;
  page_ranks: [string, number][];
  stars_now: number | null;
  stars_before: number | null;
}

// Parameters of both queries: $1 from, $2 to, $3 starsBefore (days). A date compared with a
// timestamptz is midnight UTC (the pool's sessions run in UTC), so `< $2::date + 1` ends with `to`.
const ACTIVE_IDS = `
  SELECT id FROM papers WHERE published_at >= $1::date AND published_at < $2::date + 1
  UNION SELECT paper_id FROM daily_listings WHERE listing_date BETWEEN $1 AND $2
  UNION SELECT paper_id FROM page_rank_samples WHERE day BETWEEN $1 AND $2
  UNION SELECT paper_id FROM paper_votes WHERE created_at >= $1::date AND created_at < $2::date + 1
  UNION SELECT p.id FROM github_star_samples s JOIN papers p ON p.github_repo = s.repo
    WHERE s.day > $3 AND s.day <= $2 AND s.stars > s.prev_stars`;

const SIGNALS = `
  SELECT p.id, p.published_at, p.categories, p.github_repo,
    greatest(0, p.upvotes - (SELECT count(*) FROM paper_votes v
      WHERE v.paper_id = p.id AND v.created_at >= $2::date + 1))::integer AS upvotes,
    ARRAY(SELECT l.listing_date::text FROM daily_listings l
      WHERE l.paper_id = p.id AND l.listing_date <= $2 ORDER BY l.listing_date) AS listing_days,
    EXISTS (SELECT 1 FROM daily_listings l
      WHERE l.paper_id = p.id AND l.listing_date <= $2 AND l.featured_by IS NOT NULL) AS featured,
    (SELECT coalesce(json_agg(json_build_array(r.day, r.rank) ORDER BY r.day), '[]') FROM page_rank_samples r
      WHERE r.paper_id = p.id AND r.day BETWEEN $1 AND $2) AS page_ranks,
    (SELECT s.stars FROM github_star_samples s WHERE s.repo = p.github_repo AND s.day <= $2
      ORDER BY s.day DESC LIMIT 1) AS stars_now,
    (SELECT s.stars FROM github_star_samples s WHERE s.repo = p.github_repo AND s.day <= $3
      ORDER BY s.day DESC LIMIT 1) AS stars_before
  FROM papers p WHERE p.id = ANY ($4)`;

const LATEST_DAYS = `
  SELECT (SELECT max(published_at) FROM papers) AS published,
    (SELECT max(listing_date) FROM daily_listings) AS listed,
    (SELECT max(day) FROM page_rank_samples) AS ranked,
    (SELECT max(day) FROM github_star_samples WHERE stars > prev_stars) AS starred`;

/**
 * The activity trending scores. Votes cast here are rows of paper_votes, and each is also in
 * papers.upvotes (migration 004's trigger). A vote inside the window makes its paper a
 * candidate, however old the paper; a vote cast after the window's day is taken back out of
 * the count, so trending for a past day reads the upvotes of that day (imported counts have
 * no date: they count). The same rules as sqlite-trending-signal-store.ts.
 */
export function createPostgresTrendingSignalStore(pool: PostgresPool): TrendingSignalStore {
  async function readSignals(ids: readonly string[], window: SignalWindow): Promise<TrendingSignals[]> {
    const result: TrendingSignals[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const { rows } = await pool.query<SignalRow>(SIGNALS, [...toParams(window), ids.slice(i, i + IDS_PER_QUERY)]);
      for (const row of rows) result.push(toSignals(row));
    }
    return result;
  }

  return {
    async listActiveSignals(window) {
      const { rows } = await pool.query<{ id: string }>(ACTIVE_IDS, toParams(window));
      return readSignals(
        rows.map((r) => r.id),
        window,
      );
    },
    async listSignalsFor(paperIds, window) {
      return readSignals(paperIds, window);
    },
    async findLatestActivityDay() {
      const { rows } =
        await pool.query<Record<"published" | "listed" | "ranked" | "starred", string | null>>(LATEST_DAYS);
      const row = rows[0];
      const days = [row?.published?.slice(0, 10), row?.listed, row?.ranked, row?.starred].filter(
        (d): d is string => typeof d === "string",
      );
      return days.length > 0 ? days.sort().at(-1)! : null;
    },
  };
}

function toParams(window: SignalWindow): string[] {
  return [window.from, window.to, window.starsBefore];
}

function toSignals(row: SignalRow): TrendingSignals {
  return {
    paperId: row.id,
    publishedAt: row.published_at,
    upvotes: row.upvotes,
    listingDays: row.listing_days,
    featured: row.featured,
    pageRanks: row.page_ranks.map(([day, rank]) => ({ day, rank })),
    starsNow: row.stars_now,
    starsBefore: row.stars_before,
    categories: row.categories,
    githubRepo: row.github_repo,
  };
}
