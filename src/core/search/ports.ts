import type { ParsedQuery } from "./query.js";

/**
 * What search needs from the outside world: a keyword index (FTS5 or Postgres), an embedder
 * that turns text into vectors, and a vector index that finds the nearest ones. Papers are
 * addressed by their storage sequence number (`seq`), which never changes for a paper.
 */

/** A stretch of text, and whether it matched the search. Joined in order they give the original text. */
export interface TextSegment {
  readonly text: string;
  readonly match: boolean;
}

export type KeywordSort = "relevance" | "date";

export interface KeywordSearchRequest {
  readonly query: ParsedQuery;
  readonly sort: KeywordSort;
  readonly offset: number;
  readonly limit: number;
  /** Treat the last word as a prefix (search-as-you-type). */
  readonly prefixLast: boolean;
}

export interface KeywordHit {
  readonly seq: number;
  readonly paperId: string;
  /** Higher is better; comparable only within one search. */
  readonly score: number;
}

export interface KeywordSearchResult {
  readonly hits: KeywordHit[];
  /** Papers matching the words and filters; a lower bound when `totalExact` is false. */
  readonly total: number;
  readonly totalExact: boolean;
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface SearchFacets {
  /** Primary categories, most papers first. */
  readonly categories: FacetCount[];
  /** Publication years, ascending. */
  readonly years: FacetCount[];
  /** Counted over this many matches (all of them, or the best ones when there are very many). */
  readonly countedMatches: number;
  readonly exact: boolean;
}

export interface KeywordIndex {
  search(request: KeywordSearchRequest): Promise<KeywordSearchResult>;
  /** Facet counts over the papers matching the query. */
  facets(query: ParsedQuery, prefixLast: boolean): Promise<SearchFacets>;
  /** Title and abstract of each paper, split into matched and unmatched segments. */
  /**
   * The title, and the best passage of the abstract (with "…" where it was cut), of each paper
   * split into segments matching any searched word. Papers matching none are absent.
   */
  highlight(
    query: ParsedQuery,
    seqs: readonly number[],
    prefixLast: boolean,
  ): Promise<Map<number, { title: TextSegment[]; abstract: TextSegment[] }>>;
  /** Papers among `seqs` passing the query's filters and exclusions (used on semantic results). */
  filterSeqs(query: ParsedQuery, seqs: readonly number[]): Promise<Set<number>>;
  /** Storage sequence numbers of papers, by paper id (unknown ids are absent). */
  seqsOf(paperIds: readonly string[]): Promise<Map<string, number>>;
  /** Paper ids by storage sequence number (unknown seqs are absent). */
  paperIdsOf(seqs: readonly number[]): Promise<Map<number, string>>;
  /**
   * Rebuilds what makes searches for frequent words fast (impact lists, docs/search.md).
   * Minutes at a million papers; runs off the calling thread where the backend can. A build
   * that was stopped part way resumes: `resumed` counts the lists it had finished.
   */
  rebuildAccelerators(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ lists: number; resumed: number; seconds: number }>;
  /** True when papers were added or changed since the last rebuild enough to slow searches. */
  acceleratorsStale(): Promise<boolean>;
}

/** Turns text into unit-length vectors. One embedder's vectors are comparable only with its own. */
export interface Embedder {
  /** Names the model and its version; a vector index built with another id must be rebuilt. */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: readonly string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface VectorMatch {
  readonly seq: number;
  /** Cosine similarity, -1..1, higher is closer. */
  readonly similarity: number;
}

export interface VectorIndex {
  readonly dimensions: number;
  size(): number;
  /** Adds or replaces the vectors of these papers. */
  upsert(seqs: readonly number[], vectors: readonly Float32Array[]): void;
  remove(seqs: readonly number[]): void;
  has(seq: number): boolean;
  get(seq: number): Float32Array | null;
  nearest(vector: Float32Array, k: number): VectorMatch[];
  save(): Promise<void>;
  close(): void;
}

/** The text of a paper to embed. */
export interface EmbeddingText {
  readonly seq: number;
  readonly title: string;
  readonly abstract: string;
}

/** A paper whose text changed (or that was deleted: `text` null) after the vector index was built. */
export interface EmbeddingChange {
  /** Increases with every change; the indexer remembers the last one it applied. */
  readonly changeId: number;
  readonly seq: number;
  readonly text: EmbeddingText | null;
}

/** Where the semantic indexer reads papers from (the storage backend implements it). */
export interface EmbeddingSource {
  /** Papers with `seq > afterSeq`, ascending by seq, at most `limit`. */
  papersAfter(afterSeq: number, limit: number): Promise<EmbeddingText[]>;
  /** Text changes with `changeId > afterChangeId`, ascending, at most `limit`. */
  changesAfter(afterChangeId: number, limit: number): Promise<EmbeddingChange[]>;
  /** The newest change id now (0 when none), so a fresh build can skip changes it already saw. */
  latestChangeId(): Promise<number>;
  /** A uniform random sample of paper texts, for training a corpus model (LSA). */
  samplePapers(limit: number): Promise<EmbeddingText[]>;
  countPapers(): Promise<number>;
}
