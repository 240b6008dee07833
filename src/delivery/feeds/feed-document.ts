import { describePeriod, type ListingPeriod, periodPath } from "../../core/listings/listing-period.js";
import type { PeriodList } from "../../core/listings/listings-service.js";
import { arxivAbsUrl, type Paper } from "../../core/papers/paper.js";
import { explainTrending } from "../../core/ranking/trending-explanation.js";
import type { RankedPaper, TrendingWindow } from "../../core/ranking/trending-service.js";
import { formatHumanDay } from "../../lib/dates.js";
import { stripIllegalXmlChars } from "./xml-escape.js";

/**
 * The one neutral model every feed format is serialised from, so RSS, Atom and JSON Feed
 * always carry the same items, links and text. Times are ISO 8601 UTC; text is plain.
 */
export interface FeedDocument {
  readonly title: string;
  readonly description: string;
  /** The web page showing the same list. */
  readonly homePageUrl: string;
  /** This feed in each format; each serialiser names its own as `self`. */
  readonly feedUrls: Readonly<Record<FeedFormat, string>>;
  /** The newest item change, or the start of the list's day when later. */
  readonly updatedAt: string;
  readonly items: readonly FeedItem[];
}

export interface FeedItem {
  /** Permanent id: the paper's page on this hub. */
  readonly id: string;
  readonly url: string;
  readonly arxivUrl: string;
  readonly title: string;
  /** The abstract. */
  readonly summary: string;
  /** "+120 stars this week · 35 upvotes · 2 days old"; trending feeds only. */
  readonly trendingNote: string | null;
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  readonly publishedAt: string;
  readonly updatedAt: string;
}

/** The plain-text body of an item: why it is trending, then the abstract. */
export function describeItemText(item: FeedItem): string {
  return item.trendingNote ? `${item.trendingNote}\n\n${item.summary}` : item.summary;
}

export type FeedFormat = "rss" | "atom" | "json";

export const SITE_NAME = "Paperboy";
/** The trending page, which takes the same filters as the trending feed. */
const TRENDING_PAGE_PATH = "/";

export interface TrendingFeedInput {
  readonly asOf: string;
  readonly window: TrendingWindow;
  readonly category?: string;
  readonly hasCode?: boolean;
  readonly date?: string;
  /** The canonical query string of the filters ("" or "?window=month&…"), kept in every link. */
  readonly search: string;
  readonly entries: readonly { readonly paper: Paper; readonly ranked: RankedPaper }[];
}

export function buildTrendingFeedDocument(input: TrendingFeedInput, publicUrl: string): FeedDocument {
  const qualifiers = [
    input.window === "week" ? null : `past ${input.window}`,
    input.date && formatHumanDay(input.date),
  ];
  const suffix = qualifiers.filter(Boolean).join(", ");
  const items = input.entries.map(({ paper, ranked }) =>
    presentFeedItem(paper, publicUrl, explainTrending(ranked.score, ranked.signals.pageRanks).join(" · ")),
  );
  return {
    title:
      `${SITE_NAME} — Trending papers` +
      (input.category ? ` in ${input.category}` : "") +
      (input.hasCode ? " with code" : "") +
      (suffix ? ` (${suffix})` : ""),
    description: `The papers gaining the most attention over the past ${input.window} on ${SITE_NAME}, ranked as of ${formatHumanDay(input.asOf)}.`,
    homePageUrl: `${publicUrl}${TRENDING_PAGE_PATH}${input.search}`,
    feedUrls: feedUrlsOf(publicUrl, "/feeds/trending", input.search),
    updatedAt: latestOf(items, input.asOf),
    items,
  };
}

export interface ListFeedInput {
  /** Null when the hub has no daily list yet. */
  readonly list: PeriodList | null;
  /** The feed's path without extension: `/feeds/daily`, `/feeds/week/2026-W26`. */
  readonly feedPath: string;
  /** The always-latest daily feed keeps one title, so readers do not rename it every day. */
  readonly isLatest: boolean;
}

export function buildListFeedDocument(input: ListFeedInput, publicUrl: string): FeedDocument {
  const { list } = input;
  const items = list?.items.map((item) => presentFeedItem(item.paper, publicUrl, null)) ?? [];
  const newestListingDay = list?.items
    .map((item) => item.listing.listingDate)
    .sort()
    .at(-1);
  const name = list ? nameOfPeriod(list.period) : null;
  return {
    title:
      input.isLatest || !list
        ? `${SITE_NAME} — Daily papers`
        : `${SITE_NAME} — ${LIST_NAMES[list.period.kind]} for ${name}`,
    description: name
      ? `Papers listed on ${SITE_NAME} for ${name}${input.isLatest ? " (the latest daily list)" : ""}, most trending first.`
      : `No daily list on ${SITE_NAME} yet.`,
    homePageUrl: list ? `${publicUrl}${periodPath(list.period)}` : `${publicUrl}/`,
    feedUrls: feedUrlsOf(publicUrl, input.feedPath, ""),
    updatedAt: latestOf(items, newestListingDay ?? list?.period.first ?? null),
    items,
  };
}

const LIST_NAMES = { day: "Daily papers", week: "Weekly papers", month: "Monthly papers" } as const;

/** "Mar 14, 2025", "Week 7 of 2025", "March 2025". */
function nameOfPeriod(period: ListingPeriod): string {
  return period.kind === "day" ? formatHumanDay(period.first) : describePeriod(period);
}

/** Text is stripped of characters XML cannot carry here, once, so JSON Feed says exactly what RSS and Atom say. */
function presentFeedItem(paper: Paper, publicUrl: string, trendingNote: string | null): FeedItem {
  const url = `${publicUrl}/papers/${paper.id}`;
  return {
    id: url,
    url,
    arxivUrl: arxivAbsUrl(paper.id),
    title: stripIllegalXmlChars(paper.title),
    summary: stripIllegalXmlChars(paper.abstract),
    trendingNote,
    authors: paper.authors.map(stripIllegalXmlChars),
    categories: [...paper.categories],
    publishedAt: paper.publishedAt,
    updatedAt: paper.updatedAt,
  };
}

function feedUrlsOf(publicUrl: string, path: string, search: string): Record<FeedFormat, string> {
  return {
    rss: `${publicUrl}${path}.rss${search}`,
    atom: `${publicUrl}${path}.atom${search}`,
    json: `${publicUrl}${path}.json${search}`,
  };
}

/** ISO timestamps in UTC compare as strings. */
function latestOf(items: readonly FeedItem[], day: string | null): string {
  const times = items.map((item) => item.updatedAt);
  if (day) times.push(`${day}T00:00:00.000Z`);
  return times.sort().at(-1) ?? new Date(0).toISOString();
}
