import type { DailyListing, Paper } from "../papers/paper.js";
import type { PaperStore } from "../papers/ports.js";
import type { RankedPaper, TrendingService } from "../ranking/trending-service.js";
import { orderFeaturedFirst } from "./featured-first.js";
import { type ListingPeriod, periodOfKind } from "./listing-period.js";
import type { ListingStore } from "./ports.js";

/** How a list is ordered: by trending as of the period's last day, or newest listing first. */
export type ListingSort = "trending" | "publishedAt";

export interface ListedPaper {
  readonly listing: DailyListing;
  readonly paper: Paper;
  readonly ranked: RankedPaper | null;
}

export interface PeriodList {
  readonly period: ListingPeriod;
  readonly items: ListedPaper[];
  readonly total: number;
  /** The nearest earlier/later period of the same kind that has papers. */
  readonly previous: ListingPeriod | null;
  readonly next: ListingPeriod | null;
}

export interface ListingsServiceDeps {
  readonly listings: ListingStore;
  readonly papers: PaperStore;
  readonly trending: TrendingService;
}

export function createListingsService({ listings, papers, trending }: ListingsServiceDeps) {
  async function neighbours(period: ListingPeriod) {
    const [before, after] = await Promise.all([
      listings.findPreviousListingDay(period.first),
      listings.findNextListingDay(period.last),
    ]);
    return {
      previous: before ? periodOfKind(period.kind, before) : null,
      next: after ? periodOfKind(period.kind, after) : null,
    };
  }

  /** One listing per paper: a paper listed on several days of a week shows once, at its first day. */
  function firstListingPerPaper(all: readonly DailyListing[]): DailyListing[] {
    const byPaper = new Map<string, DailyListing>();
    for (const l of all) {
      const seen = byPaper.get(l.paperId);
      if (!seen || l.listingDate < seen.listingDate) byPaper.set(l.paperId, l);
    }
    return [...byPaper.values()].sort(
      (a, b) =>
        compareDesc(a.listingDate, b.listingDate) ||
        compareDesc(a.submittedAt, b.submittedAt) ||
        compareDesc(a.paperId, b.paperId),
    );
  }

  return {
    findLatestListingDay: () => listings.findLatestListingDay(),

    async getPeriodList(
      period: ListingPeriod,
      options: { sort: ListingSort; offset: number; limit: number; submittedBy?: string },
    ): Promise<PeriodList> {
      const query = { first: period.first, last: period.last, submittedBy: options.submittedBy };
      const all = firstListingPerPaper(await listings.listAllListings(query));
      const ranked = await trending.rankPapers(
        all.map((l) => l.paperId),
        period.last,
      );
      const rankById = new Map(ranked.map((r, i) => [r.score.paperId, { r, i }]));
      const sorted =
        options.sort === "trending"
          ? [...all].sort((a, b) => (rankById.get(a.paperId)?.i ?? 1e9) - (rankById.get(b.paperId)?.i ?? 1e9))
          : all;
      // A day's list leads with the papers curators featured that day.
      const ordered = period.kind === "day" ? orderFeaturedFirst(sorted, (l) => l.featuredBy !== null) : sorted;
      const page = ordered.slice(options.offset, options.offset + options.limit);
      const found = new Map((await papers.findPapers(page.map((l) => l.paperId))).map((p) => [p.id, p]));
      const items = page
        .filter((l) => found.has(l.paperId))
        .map((listing) => ({
          listing,
          paper: found.get(listing.paperId)!,
          ranked: rankById.get(listing.paperId)?.r ?? null,
        }));
      return { period, items, total: ordered.length, ...(await neighbours(period)) };
    },

    /** Listings across all days, newest first (the HF API without a date). */
    async getRecentListings(options: { offset: number; limit: number; submittedBy?: string }) {
      const result = await listings.listListings(
        { submittedBy: options.submittedBy },
        { offset: options.offset, limit: options.limit },
      );
      const found = new Map((await papers.findPapers(result.items.map((l) => l.paperId))).map((p) => [p.id, p]));
      return {
        hasMore: result.hasMore,
        items: result.items
          .filter((l) => found.has(l.paperId))
          .map((listing) => ({ listing, paper: found.get(listing.paperId)!, ranked: null })),
      };
    },
  };
}

export type ListingsService = ReturnType<typeof createListingsService>;

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
