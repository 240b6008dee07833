import { paperMatchesFilters } from "../../../../core/search/filter-match.js";
import type { QueryAtom, SearchFilters } from "../../../../core/search/query.js";
import { type ScoredSeq, insertTop } from "../../../../core/search/threshold-top-k.js";
import type { TokenizedPaper } from "./candidate-scorer.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { BM25 } from "./bm25.js";
import { atomText } from "./list-freshness.js";
import { porterTokens } from "./porter-tokens.js";

/**
 * What the searches over complete word posting lists (AND and OR of words) share: words
 * without a list as FTS5 scores them, and papers changed since the lists were built.
 */

/**
 * A word without a list is scored by FTS5 alone when it is in at most this many papers (the
 * lists' own threshold; above it the lists are out of date and FTS5 takes the whole search).
 * FTS5 scores about one paper per 3 µs, so that is up to ~70 ms: worth it beside frequent
 * words, whose idf would cost FTS5 more, not beside filter terms alone (see postings search).
 */
export const MAX_UNLISTED_WORD_PAPERS = 25_000;

export interface SearchWord {
  /** As FTS5 stores it. */
  readonly stem: string;
  /** As typed, for an FTS5 query of the word alone. */
  readonly text: string;
}

/** Every paper holding a word (ascending) with its whole bm25 contribution, today's idf included. */
export interface ScoredWordPapers {
  readonly seqs: Int32Array;
  readonly scores: Float64Array;
}

/**
 * A word without a list, as FTS5 scores it alone; null when it is in more than `maxPapers`
 * papers, too many for that to be cheap (the lists are older than the word's rise).
 */
export function createUnlistedWordScorer(
  db: SqliteDatabase,
): (word: SearchWord, maxPapers?: number) => ScoredWordPapers | null {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_word_counts USING fts5vocab (main, paper_search, 'row')");
  const wordCount = db.prepare<[string], { doc: number }>("SELECT doc FROM temp.search_word_counts WHERE term = ?");
  const scoredByFts5 = db
    .prepare<[string], [number, number]>(`SELECT rowid, ${BM25} FROM paper_search WHERE paper_search MATCH ?`)
    .raw();
  return (word, maxPapers = MAX_UNLISTED_WORD_PAPERS) => {
    const papers = wordCount.get(word.stem)?.doc ?? 0;
    if (papers > maxPapers) return null;
    const rows = scoredByFts5.all(`{title abstract authors}: "${word.text.replaceAll('"', '""')}"`);
    return { seqs: Int32Array.from(rows, (row) => row[0]), scores: Float64Array.from(rows, (row) => -row[1]) };
  };
}

/** The atom as one word (stem and text), or null for a phrase or a hyphenated word (they need positions). */
export function singleWord(atom: QueryAtom): SearchWord | null {
  const text = atomText(atom);
  const tokens = porterTokens(text);
  return tokens.length === 1 ? { stem: tokens[0] as string, text } : null;
}

/**
 * Papers changed since the lists were built (left out of the lists' answer), scored from
 * their current text by `score` (null: not a match) and kept in `top` if good enough.
 * Returns how many matched, to add to the lists' count.
 */
export function addChangedPapers(
  current: ReadonlyMap<number, TokenizedPaper | null>,
  filters: SearchFilters,
  top: ScoredSeq[],
  k: number,
  score: (paper: TokenizedPaper) => number | null,
): number {
  let matched = 0;
  for (const [seq, paper] of current) {
    if (paper === null || !paperMatchesFilters(paper.filterable, filters)) continue;
    const value = score(paper);
    if (value === null) continue;
    matched += 1;
    insertTop(top, { seq, score: value }, k);
  }
  return matched;
}
