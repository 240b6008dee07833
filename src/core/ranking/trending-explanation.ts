import type { TrendingScore } from "./hotness.js";
import { STAR_WINDOW_DAYS } from "./hotness.js";

/**
 * The "why is this trending" line: "+120 stars this week · 35 upvotes · 2 days old".
 * The Hugging Face page position is named as such: it is not an upvote count.
 */
export function explainTrending(score: TrendingScore, pageRanks: readonly { rank: number }[]): string[] {
  const parts: string[] = [];
  if (score.starGain !== null && score.starGain > 0) {
    parts.push(
      `+${formatCount(score.starGain)} stars ${STAR_WINDOW_DAYS === 7 ? "this week" : `in ${STAR_WINDOW_DAYS} days`}`,
    );
  }
  if (score.components.upvotePoints > 0) parts.push(plural(score.components.upvotePoints, "upvote"));
  if (score.components.featurePoints > 0) parts.push("featured by a curator");
  if (score.listingDaysInWindow > 0) parts.push(`on the daily list ${plural(score.listingDaysInWindow, "day")}`);
  if (pageRanks.length > 0) {
    const best = Math.min(...pageRanks.map((r) => r.rank));
    parts.push(`on the HF papers page ${plural(pageRanks.length, "day")}, best #${best}`);
  }
  parts.push(describeAge(score.daysSincePublished));
  return parts;
}

export function describeAge(days: number): string {
  if (days < 1) return "new today";
  if (days < 60) return `${plural(days, "day")} old`;
  if (days < 730) return `${plural(Math.floor(days / 30.44), "month")} old`;
  return `${plural(Math.floor(days / 365.25), "year")} old`;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
