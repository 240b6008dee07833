import type { QueryAtom } from "../../../../core/search/query.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { BM25 } from "./bm25.js";
import { atomText } from "./list-freshness.js";
import { porterTokens } from "./porter-tokens.js";
import { FACET_KEY_PREFIX, type WordPostingsCache } from "./sqlite-word-postings.js";

/**
 * What the searches over complete word posting lists (AND and OR of words) share: words
 * without a list as FTS5 scores them, and the papers behind filter terms.
 */

/**
 * A word without a list is scored by FTS5 alone when it is in at most this many papers (the
 * lists' own threshold; above it the lists are out of date and FTS5 takes the whole search).
 */
const MAX_UNLISTED_WORD_PAPERS = 25_000;

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
 * A word without a list, as FTS5 scores it alone; null when it is too common for that to be
 * cheap (the lists are older than the word's rise).
 */
export function createUnlistedWordScorer(db: SqliteDatabase): (word: SearchWord) => ScoredWordPapers | null {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_word_counts USING fts5vocab (main, paper_search, 'row')");
  const wordCount = db.prepare<[string], { doc: number }>("SELECT doc FROM temp.search_word_counts WHERE term = ?");
  const scoredByFts5 = db
    .prepare<[string], [number, number]>(`SELECT rowid, ${BM25} FROM paper_search WHERE paper_search MATCH ?`)
    .raw();
  return (word) => {
    const papers = wordCount.get(word.stem)?.doc ?? 0;
    if (papers > MAX_UNLISTED_WORD_PAPERS) return null;
    const rows = scoredByFts5.all(`{title abstract authors}: "${word.text.replaceAll('"', '""')}"`);
    return { seqs: Int32Array.from(rows, (row) => row[0]), scores: Float64Array.from(rows, (row) => -row[1]) };
  };
}

/** Papers holding any of the facet terms (a trailing `*` is a prefix), ascending. */
export function papersWithAnyFacet(postings: WordPostingsCache, terms: readonly string[]): Int32Array {
  const keys = terms.flatMap((term) =>
    term.endsWith("*")
      ? postings.keysStartingWith(`${FACET_KEY_PREFIX}${term.slice(0, -1)}`)
      : // Stored as FTS5 stores the term: stemmed ("hascode" is kept as "hascod").
        [`${FACET_KEY_PREFIX}${porterTokens(term)[0] ?? term}`],
  );
  const lists = keys.flatMap((key) => postings.get(key)?.seqs ?? []);
  if (lists.length === 1) return lists[0] as Int32Array;
  const merged = new Int32Array(lists.reduce((sum, list) => sum + list.length, 0));
  let at = 0;
  for (const list of lists) {
    merged.set(list, at);
    at += list.length;
  }
  merged.sort();
  // Cross-listed papers appear under several categories: once is enough.
  let kept = 0;
  for (let i = 0; i < merged.length; i++)
    if (i === 0 || merged[i] !== merged[i - 1]) merged[kept++] = merged[i] as number;
  return merged.subarray(0, kept);
}

/** The atom as one word (stem and text), or null for a phrase or a hyphenated word (they need positions). */
export function singleWord(atom: QueryAtom): SearchWord | null {
  const text = atomText(atom);
  const tokens = porterTokens(text);
  return tokens.length === 1 ? { stem: tokens[0] as string, text } : null;
}
