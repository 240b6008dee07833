import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import type { ScoredSeq } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { createIndexAveragesReader } from "./bm25.js";
import { type ImpactState, createImpactStateReader } from "./sqlite-impact-lists.js";

/**
 * Whether the precomputed lists (impact lists and posting lists) can answer a search now, and
 * which papers they do not know about. Both pruned searches check this before using them.
 */

/** Papers added or changed since the lists were built that a search may check one by one. */
const MAX_UNLISTED = 200;
/** Lists are stale once the collection grew or shrank by more than this share. */
const MAX_DRIFT = 0.02;

export interface ListFreshness {
  readonly state: ImpactState;
  /** Papers in the index now, and their average length: what bm25() uses. */
  readonly papers: number;
  readonly averageLength: number;
  /** Papers added or changed since the build: never in a list, or listed with old text. */
  readonly unlisted: readonly number[];
}

/** What a list-based search answers: the best papers and the exact number of matches. */
export interface ListSearchResult {
  readonly top: ScoredSeq[];
  readonly total: number;
}

export function createListFreshness(db: SqliteDatabase): () => ListFreshness | null {
  const newerPapers = db.prepare<[number, number], { seq: number }>(
    "SELECT seq FROM papers WHERE seq > ? ORDER BY seq LIMIT ?",
  );
  const changedPapers = db.prepare<[number, number], { seq: number }>(
    "SELECT DISTINCT seq FROM search_changes WHERE change_id > ? LIMIT ?",
  );
  const readState = createImpactStateReader(db);
  const readAverages = createIndexAveragesReader(db);
  return () => {
    const state = readState();
    if (state === null) return null;
    const { papers, averageLength } = readAverages();
    if (papers === 0 || Math.abs(papers - state.papers) > state.papers * MAX_DRIFT) return null;
    const unlisted = [
      ...newerPapers.all(state.throughSeq, MAX_UNLISTED + 1),
      ...changedPapers.all(state.throughChange, MAX_UNLISTED + 1),
    ].map((row) => row.seq);
    if (unlisted.length > MAX_UNLISTED) return null;
    return { state, papers, averageLength, unlisted: [...new Set(unlisted)] };
  };
}

export function hasFilters(query: ParsedQuery): boolean {
  const { authors, categories, published, hasCode } = query.filters;
  return authors.length + categories.length > 0 || hasCode || published.from !== null || published.to !== null;
}

export function atomText(atom: QueryAtom): string {
  return atom.kind === "term" ? atom.token : atom.tokens.join(" ");
}
