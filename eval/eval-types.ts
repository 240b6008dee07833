// The shapes the evaluation harness works with: documents a system indexes, queries with
// graded judgements, and search systems that return document ids best first.
import type { GainKind, Qrels } from "../src/core/search/relevance-metrics.js";

/** One indexed document. `id` is the corpus's own id (a CISI number, an arXiv id). */
export interface EvalDocument {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
}

/** A set of documents that systems index once and several datasets query. */
export interface EvalCorpus {
  /** "cisi" or "sample": systems are built once per corpus. */
  readonly name: string;
  readonly documents: readonly EvalDocument[];
  /** The corpus as import-format records (docs/import-format.md) whose ids are arXiv ids, for a hub. */
  importRecords(): Iterable<Readonly<Record<string, unknown>>>;
  /** The document id behind a hub paper id; null when the paper is not from this corpus. */
  toDocumentId(paperId: string): string | null;
}

export interface EvalQuery {
  readonly id: string;
  readonly text: string;
}

export interface EvalDataset {
  readonly name: string;
  /** One line for the report header. */
  readonly description: string;
  readonly corpus: EvalCorpus;
  readonly queries: readonly EvalQuery[];
  /** Query id → document id → grade (> 0 relevant). */
  readonly qrels: Qrels;
  /** Results fetched per query: deep enough that MAP sees nearly every relevant document. */
  readonly runDepth: number;
  /** nDCG gain: "graded" where judgements have several grades. */
  readonly gain: GainKind;
}

export interface SearchSystem {
  readonly name: string;
  /** Document ids, best first, at most k of them. */
  search(query: string, k: number): Promise<string[]>;
  /**
   * Problems noted since the last call (fallbacks, rejected queries), worth printing under the
   * table; clears them, so each dataset reports its own.
   */
  takeNotes?(): string[];
}

/** Systems built over one corpus, and how to release what they hold. */
export interface BuiltSystems {
  readonly systems: readonly SearchSystem[];
  close(): Promise<void>;
}

/** Builds systems over a corpus, or explains why it cannot (e.g. the hub has no search yet). */
export interface SearchSystemFactory {
  readonly name: string;
  build(corpus: EvalCorpus): Promise<BuiltSystems | { readonly unavailable: string }>;
}
