import type { Paper } from "../papers/paper.js";
import type { SearchFacets, TextSegment } from "./ports.js";

/** How results are found: words (BM25), meaning (embeddings), or both fused. */
export type SearchMode = "keyword" | "semantic" | "hybrid";
/** Relevance, newest first, or trending score (among the matches). */
export type SearchSort = "relevance" | "date" | "trending";

export interface SearchRequest {
  /** What the reader typed, in the query language (docs/search-query-language.md). */
  readonly q: string;
  /** Defaults to the hub's best measured mode (see docs/search.md). */
  readonly mode?: SearchMode;
  readonly sort?: SearchSort;
  readonly offset?: number;
  readonly limit?: number;
  /** Search-as-you-type: the last word matches as a prefix. */
  readonly prefix?: boolean;
  /** Compute category and year counts (costs time; pages want them, most API calls do not). */
  readonly facets?: boolean;
  /** Split titles and abstracts into matched segments. */
  readonly highlight?: boolean;
}

export interface SearchHit {
  readonly paper: Paper;
  /** Higher is better; comparable only within one response. */
  readonly score: number;
  /** Which retrievers found the paper. */
  readonly matchedBy: ReadonlyArray<"keyword" | "semantic">;
  /** Present when highlighting was requested; null when no word matched (a semantic-only hit). */
  readonly highlight: { readonly title: TextSegment[]; readonly abstract: TextSegment[] } | null;
}

export interface SearchResults {
  readonly kind: "results";
  readonly q: string;
  readonly mode: SearchMode;
  readonly sort: SearchSort;
  readonly offset: number;
  readonly limit: number;
  readonly hits: SearchHit[];
  /** Matching papers; for semantic and hybrid modes, the papers that can be paged through. */
  readonly total: number;
  /** False when `total` is a lower bound ("10,000+") because counting all matches would be slow. */
  readonly totalExact: boolean;
  readonly facets: SearchFacets | null;
  /** Input that was changed or ignored, in words a reader understands. */
  readonly warnings: string[];
  /** Set when the requested mode could not run (e.g. semantic index still building) and another was used. */
  readonly fallback: string | null;
  readonly tookMs: number;
}

/** The input cannot mean anything (empty, only punctuation): a 400 with this message. */
export interface SearchRejected {
  readonly kind: "rejected";
  readonly message: string;
}

export type SearchOutcome = SearchResults | SearchRejected;

/** Papers closest in meaning to one paper. */
export interface SimilarPapers {
  readonly paper: Paper;
  readonly similar: ReadonlyArray<{ readonly paper: Paper; readonly similarity: number }>;
}

export interface SearchStatus {
  /** Whether meaning-based search can run now. */
  readonly semantic: "ready" | "building" | "disabled";
  readonly defaultMode: SearchMode;
  /** The embedder's id (model and version), when semantic search is configured. */
  readonly embedder: string | null;
  readonly indexedPapers: number;
}

/** What the delivery layer (pages, API, feeds) calls. */
export interface SearchService {
  search(request: SearchRequest): Promise<SearchOutcome>;
  /** Null when the paper is unknown. Works without embeddings (falls back to shared words). */
  similar(paperId: string, limit: number): Promise<SimilarPapers | null>;
  status(): SearchStatus;
}
