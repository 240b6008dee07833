import { type PostingAtom, gallopTo, intersectTopK } from "../../../../core/search/intersect-postings.js";
import { paperMatchesFilters } from "../../../../core/search/filter-match.js";
import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import { insertTop } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { type ScoredAtom, countPapersNow, createPaperTokenizer, scoreTokenizedPaper } from "./candidate-scorer.js";
import { type ListSearchResult, atomText, createListFreshness } from "./list-freshness.js";
import { facetTermGroups } from "./fts5-search-match.js";
import { porterTokens } from "./porter-tokens.js";
import { FACET_KEY_PREFIX, type WordPostingsCache } from "./sqlite-word-postings.js";

/**
 * Relevance search for an AND of frequent words, exact and counted, from their complete
 * posting lists (search_word_postings). Raw FTS5 takes 0.2–0.8 s on two frequent words at a
 * million papers because it scores every match through bm25(); intersecting the decoded
 * lists takes a few milliseconds. Category, date and has:code filters intersect the lists of
 * their `facets` terms. Returns null for anything else — a word without a list (FTS5 is fast
 * when one word is rare), phrases, OR, exclusions, author filters, stale lists — which the
 * caller then hands to the other searches.
 */

/** `postings` is shared by the list-based searches of one connection. */
export function createPostingsKeywordSearch(db: SqliteDatabase, postings: WordPostingsCache) {
  const freshness = createListFreshness(db);
  const tokenize = createPaperTokenizer(db);

  return function searchByPostings(query: ParsedQuery, k: number, thisYear: number): ListSearchResult | null {
    const words = plainWords(query);
    if (words === null) return null;
    const groups = facetTermGroups(query.filters, thisYear);
    if (groups === null) return null;
    const fresh = freshness();
    postings.sync(fresh?.state ?? null);
    if (fresh === null) return null;

    // Papers the lists do not know (or know with old text) are left out of the intersection
    // and scored from their current text instead; they also correct each word's paper count.
    const unlisted = new Set(fresh.unlisted);
    const current = new Map(fresh.unlisted.map((seq) => [seq, tokenize(seq)]));
    const atoms: PostingAtom[] = [];
    const scored: ScoredAtom[] = [];
    for (const word of words) {
      const listed = postings.get(word);
      if (listed === null) return null;
      const heldAtBuild = (seq: number) => listed.seqs[gallopTo(listed.seqs, seq, 0)] === seq;
      const idf = bm25Idf(fresh.papers, countPapersNow(listed.docCount, [word], heldAtBuild, current));
      atoms.push({ seqs: listed.seqs, impacts: listed.impacts, idf });
      scored.push({ tokens: [word], idf });
    }
    // A filter is one more list to intersect, scoring nothing (the facets column weighs 0).
    for (const group of groups) {
      const seqs = papersWithAny(group);
      atoms.push({ seqs, impacts: new Float32Array(seqs.length), idf: 0 });
    }
    const { top, count } = intersectTopK(atoms, k, unlisted);
    let total = count;
    for (const [seq, paper] of current) {
      if (paper === null || !paperMatchesFilters(paper.filterable, query.filters)) continue;
      const score = scoreTokenizedPaper(paper, scored, [], fresh.averageLength);
      if (score === null) continue;
      total += 1;
      insertTop(top, { seq, score }, k);
    }
    return { top, total };
  };

  /** Papers holding any of the facet terms (a trailing `*` is a prefix), ascending. */
  function papersWithAny(terms: readonly string[]): Int32Array {
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
}

/** The stems of a search that is only words joined by AND, or null. */
function plainWords(query: ParsedQuery): string[] | null {
  const tree = query.tree;
  if (tree === null || tree.exclude.length > 0) return null;
  if (tree.include.length === 0 || tree.include.some((group) => group.length !== 1)) return null;
  const words: string[] = [];
  for (const group of tree.include) {
    const tokens = porterTokens(atomText(group[0] as QueryAtom));
    if (tokens.length !== 1) return null; // a phrase (or a hyphenated word) needs positions
    words.push(tokens[0] as string);
  }
  // The same word twice counts twice in bm25(), and here too.
  return words;
}
