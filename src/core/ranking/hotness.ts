import { MS_PER_DAY, MS_PER_HOUR, addDays } from "../../lib/dates.js";
import type { TrendingSignals } from "./trending-signals.js";

/**
 * Trending v1 (docs/ranking.md). A paper's *score* is the sum of its community signals
 * in points; its *hotness* is that score decayed by the paper's age, so that a paper
 * must keep gathering signals to stay on top.
 */

/** Every paper starts with one point, so new papers without signals still rank by recency. */
export const BASE_POINTS = 1;
/** One upvote is the unit of the score. */
export const POINTS_PER_UPVOTE = 1;
/**
 * Stars gained in the star window count logarithmically: +1 star ≈ 8 points, +100 ≈ 53,
 * +1,000 ≈ 80. Stars are cheaper than upvotes per unit and a viral repository must not
 * bury everything else.
 */
export const POINTS_PER_DOUBLING_OF_STAR_GAIN = 8;
/** How far back star growth is measured. */
export const STAR_WINDOW_DAYS = 7;
/** Each day on a daily list is an editorial signal worth a few upvotes. */
export const POINTS_PER_LISTING_DAY = 5;
/** Only listings this recent count towards the score. */
export const LISTING_WINDOW_DAYS = 30;
/** A curator's feature is worth this many upvotes, once. */
export const POINTS_FOR_FEATURE = 10;
/**
 * A day at rank r on the Hugging Face papers page is worth 30/(r + 2) points: rank 1 = 10,
 * rank 10 = 2.5, rank 50 ≈ 0.6. That page is sorted by upvotes, so position stands in for
 * the upvote counts the sample data lacks.
 */
export const PAGE_RANK_POINTS_NUMERATOR = 30;
export const PAGE_RANK_OFFSET = 2;
/** Hotness halves every this many hours of age. */
export const HOTNESS_HALF_LIFE_HOURS = 72;

export interface TrendingComponents {
  readonly upvotePoints: number;
  readonly starPoints: number;
  readonly listingPoints: number;
  readonly pageRankPoints: number;
  readonly featurePoints: number;
}

export interface TrendingScore {
  readonly paperId: string;
  /** Sum of points before decay. */
  readonly score: number;
  /** Score decayed by age: the sort key of the trending list. */
  readonly hotness: number;
  readonly components: TrendingComponents;
  readonly starGain: number | null;
  readonly listingDaysInWindow: number;
  /** Hours between the paper's arrival (see computeAgeHours) and `now`. */
  readonly ageHours: number;
  /** Days from arXiv publication to `now`. */
  readonly daysSincePublished: number;
}

/** Scores one paper's signals as of `now` (the end of the trending day). */
export function computeTrendingScore(signals: TrendingSignals, now: Date): TrendingScore {
  const today = now.toISOString().slice(0, 10);
  const listingFrom = addDays(today, -LISTING_WINDOW_DAYS + 1);
  const recentListings = signals.listingDays.filter((d) => d >= listingFrom && d <= today);
  const starGain = computeStarGain(signals, now);
  const components: TrendingComponents = {
    upvotePoints: POINTS_PER_UPVOTE * signals.upvotes,
    starPoints: starGain > 0 ? POINTS_PER_DOUBLING_OF_STAR_GAIN * Math.log2(1 + starGain) : 0,
    listingPoints: POINTS_PER_LISTING_DAY * recentListings.length,
    pageRankPoints: signals.pageRanks
      .filter((r) => r.day <= today)
      .reduce((sum, r) => sum + PAGE_RANK_POINTS_NUMERATOR / (r.rank + PAGE_RANK_OFFSET), 0),
    featurePoints: signals.featured ? POINTS_FOR_FEATURE : 0,
  };
  const score =
    BASE_POINTS +
    components.upvotePoints +
    components.starPoints +
    components.listingPoints +
    components.pageRankPoints +
    components.featurePoints;
  const ageHours = computeAgeHours(signals, recentListings, starGain > 0, now);
  return {
    paperId: signals.paperId,
    score,
    hotness: score * 0.5 ** (ageHours / HOTNESS_HALF_LIFE_HOURS),
    components,
    starGain: signals.starsNow === null ? null : starGain,
    listingDaysInWindow: recentListings.length,
    ageHours,
    daysSincePublished: Math.max(0, Math.floor((now.getTime() - Date.parse(signals.publishedAt)) / MS_PER_DAY)),
  };
}

/** Orders by hotness, then score, then newest, then id, so ties are stable. */
export function rankByHotness(scores: readonly TrendingScore[]): TrendingScore[] {
  return [...scores].sort(
    (a, b) =>
      b.hotness - a.hotness ||
      b.score - a.score ||
      a.ageHours - b.ageHours ||
      (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0),
  );
}

/**
 * Stars gained in the star window. Without a sample before the window, a paper published
 * inside the window is assumed to have started from zero (its repository came with it);
 * an older one has no measurable gain.
 */
function computeStarGain(signals: TrendingSignals, now: Date): number {
  if (signals.starsNow === null) return 0;
  if (signals.starsBefore !== null) return Math.max(0, signals.starsNow - signals.starsBefore);
  const windowStart = now.getTime() - STAR_WINDOW_DAYS * MS_PER_DAY;
  return Date.parse(signals.publishedAt) >= windowStart ? signals.starsNow : 0;
}

/**
 * Age is measured from the latest "arrival": publication, the first listing within the
 * listing window, or star growth within the star window. A paper that comes back on a
 * daily list, or whose repository takes off years later, is judged by its renewed
 * activity, not by its arXiv date (old papers do trend on GitHub stars).
 */
function computeAgeHours(
  signals: TrendingSignals,
  recentListings: readonly string[],
  hasStarGain: boolean,
  now: Date,
): number {
  const published = Date.parse(signals.publishedAt);
  const firstRecentListing =
    recentListings.length > 0 ? Date.parse(`${[...recentListings].sort()[0]}T00:00:00Z`) : -Infinity;
  // Star growth in the window is activity of the last STAR_WINDOW_DAYS: age it from the window's middle.
  const starArrival = hasStarGain ? now.getTime() - (STAR_WINDOW_DAYS / 2) * MS_PER_DAY : -Infinity;
  const arrival = Math.min(now.getTime(), Math.max(published, firstRecentListing, starArrival));
  return Math.max(0, (now.getTime() - arrival) / MS_PER_HOUR);
}
