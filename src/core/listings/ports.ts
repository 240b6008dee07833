import type { DailyListing } from "../papers/paper.js";
import type { PageRequest } from "../papers/ports.js";

export interface ListingQuery {
  /** First and last day, inclusive (`YYYY-MM-DD`). Omitted: all days. */
  readonly first?: string;
  readonly last?: string;
  readonly submittedBy?: string;
}

/** Daily lists: which paper was listed on which day. */
export interface ListingStore {
  /** Listings newest day first, then latest submission first; `hasMore` when the page is not the last. */
  listListings(query: ListingQuery, page: PageRequest): Promise<{ items: DailyListing[]; hasMore: boolean }>;
  /** Every listing in the range (a month holds at most a few thousand). */
  listAllListings(query: ListingQuery): Promise<DailyListing[]>;
  findLatestListingDay(): Promise<string | null>;
  /** Nearest day strictly before `day` that has a listing. */
  findPreviousListingDay(day: string): Promise<string | null>;
  /** Nearest day strictly after `day` that has a listing. */
  findNextListingDay(day: string): Promise<string | null>;
  /**
   * Marks the paper featured on the day by the curator `featuredBy`, first listing it that day
   * (submitted by the curator) when it is not listed. "unchanged" when it already was featured,
   * "not-found" when the paper is unknown. One transaction.
   */
  featureListing(feature: FeatureRequest): Promise<"listed-and-featured" | "featured" | "unchanged" | "not-found">;
  /** Clears the mark; the paper stays on the list. False when it was not featured that day. */
  unfeatureListing(day: string, paperId: string): Promise<boolean>;
}

export interface FeatureRequest {
  readonly day: string;
  readonly paperId: string;
  /** The curator's handle (`daily_listings.featured_by`). */
  readonly featuredBy: string;
  /** ISO time, the listing's submitted_at when the paper is listed now. */
  readonly at: string;
}
