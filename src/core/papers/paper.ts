/** A research paper as the hub knows it. Times are ISO 8601 UTC strings. */
export interface Paper {
  /** Normalised arXiv id without version. */
  readonly id: string;
  /** Latest arXiv version seen (1 when unknown). */
  readonly version: number;
  readonly title: string;
  readonly abstract: string;
  /** In the order the paper lists them. */
  readonly authors: readonly string[];
  /** arXiv taxonomy codes, primary first. */
  readonly categories: readonly string[];
  /** First (v1) announcement on arXiv. */
  readonly publishedAt: string;
  /** Latest version's date; equals publishedAt for a paper never replaced. */
  readonly updatedAt: string;
  readonly comments: string | null;
  readonly doi: string | null;
  readonly journalRef: string | null;
  /** `owner/repo`. */
  readonly githubRepo: string | null;
  readonly projectPage: string | null;
  readonly aiSummary: string | null;
  readonly aiKeywords: readonly string[];
  /** Community upvotes counted by this hub (and imported counts). */
  readonly upvotes: number;
  /** Latest known star count of the repository, when one is linked. */
  readonly githubStars: number | null;
}

export function primaryCategory(paper: Pick<Paper, "categories">): string | null {
  return paper.categories[0] ?? null;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

/** A day on a daily list: one paper on one listing date. */
export interface DailyListing {
  readonly paperId: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly listingDate: string;
  /** When the paper was put on the list (ISO). */
  readonly submittedAt: string;
  /** Username of the submitter, when known. */
  readonly submittedBy: string | null;
  /** Username of the curator who featured it, when featured. */
  readonly featuredBy: string | null;
}

/** A daily observation of a repository's star count. */
export interface StarSample {
  readonly repo: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly stars: number;
}

/** The paper's position on the Hugging Face papers page on one day (1 = top). */
export interface PageRankSample {
  readonly paperId: string;
  readonly day: string;
  readonly rank: number;
}
