import type { DailyListing, PageRankSample, Paper, StarSample } from "./paper.js";
import type { PaperImport } from "./paper-record.js";
import type { DecodedBatch } from "./import-service.js";

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

export interface PageResult<T> {
  readonly items: T[];
  readonly total: number;
}

/** Papers and their per-paper history. Implemented by each storage backend. */
export interface PaperStore {
  /**
   * Inserts or updates papers with their listings and histories, atomically per batch.
   * A stored paper is replaced only by a record with a newer `updatedAt`, or the same
   * `updatedAt` and different content; listings and samples are merged.
   */
  importPapers(batch: readonly PaperImport[]): Promise<ImportCounts>;
  findPaper(id: string): Promise<Paper | null>;
  /** Papers with these ids, in the order given; unknown ids are skipped. */
  findPapers(ids: readonly string[]): Promise<Paper[]>;
  /** Papers listing this author name (case-insensitive, exact), newest first. */
  listPapersByAuthor(name: string, page: PageRequest): Promise<PageResult<Paper>>;
  findListings(paperId: string): Promise<DailyListing[]>;
  findStarHistory(repo: string): Promise<StarSample[]>;
  findPageRanks(paperId: string): Promise<PageRankSample[]>;
  countPapers(): Promise<number>;
}

/** Progress of reading a file, updated by the decoder as it goes. */
export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}

/**
 * The formats an import file may be in: the hub's own records (docs/import-format.md), or
 * the arXiv metadata snapshot published on Kaggle, mapped by snapshot-record.ts.
 */
export type ImportFormat = "paperboy" | "arxiv-snapshot";

export interface ImportFileOptions {
  /** "paperboy" when absent. */
  readonly format?: ImportFormat;
}

/** Reads and decodes an import file (JSONL or .jsonl.gz) into batches, reporting bytes read. */
export type ImportFileDecoder = (
  path: string,
  observedDay: string,
  progress: ReadProgress,
  options?: ImportFileOptions,
) => AsyncIterable<DecodedBatch>;
