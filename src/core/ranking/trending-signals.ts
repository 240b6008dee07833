/** What the hub knows about one paper's activity up to the day trending is computed for. */
export interface TrendingSignals {
  readonly paperId: string;
  /** ISO timestamp of arXiv publication. */
  readonly publishedAt: string;
  /** Upvotes cast on or before the day (imported counts have no date and always count). */
  readonly upvotes: number;
  /** Days (YYYY-MM-DD, ≤ the day) the paper was on a daily list. */
  readonly listingDays: readonly string[];
  /** True when a curator featured it on any listing up to the day. */
  readonly featured: boolean;
  /** Positions on the Hugging Face papers page, one per day, within the trending window (1, 7 or 30 days). */
  readonly pageRanks: readonly { readonly day: string; readonly rank: number }[];
  /** Latest star count observed on or before the day, when the paper links a repository. */
  readonly starsNow: number | null;
  /** Latest star count observed on or before the start of the star window. */
  readonly starsBefore: number | null;
  /** arXiv categories, primary first (for filtering the list). */
  readonly categories: readonly string[];
  readonly githubRepo: string | null;
}
