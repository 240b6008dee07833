import type { ListingPeriod } from "../../core/listings/listing-period.js";

/** The feeds of one list, at the URLs the feed routes serve (src/delivery/feeds/). */
export interface FeedLinks {
  /** Names the feed in the browser's and feed reader's discovery UI. */
  readonly title: string;
  readonly rss: string;
  readonly atom: string;
  readonly json: string;
}

function feedLinks(base: string, title: string): FeedLinks {
  return { title, rss: `${base}.rss`, atom: `${base}.atom`, json: `${base}.json` };
}

export function trendingFeedLinks(): FeedLinks {
  return feedLinks("/feeds/trending", "Paperboy: trending papers");
}

export function latestDailyFeedLinks(): FeedLinks {
  return feedLinks("/feeds/daily", "Paperboy: daily papers");
}

export function periodFeedLinks(period: ListingPeriod, label: string): FeedLinks {
  const kind = period.kind === "day" ? "date" : period.kind;
  return feedLinks(`/feeds/${kind}/${period.key}`, `Paperboy: papers of ${label}`);
}
