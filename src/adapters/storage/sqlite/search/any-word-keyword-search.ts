import { gallopTo } from "../../../../core/search/intersect-postings.js";
import type { ParsedQuery } from "../../../../core/search/query.js";
import { hasSeq } from "../../../../core/search/seq-bitset.js";
import { type ScoredSeq, insertTop } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { countPapersNow, createPaperTokenizer, scoreTokenizedPaper } from "./candidate-scorer.js";
import { type FacetFilters, createFacetFilters } from "./facet-filters.js";
import { facetTermGroups } from "./fts5-search-match.js";
import { type ListSearchResult, createListFreshness } from "./list-freshness.js";
import type { WordPostingsCache } from "./sqlite-word-postings.js";
import { type SearchWord, addChangedPapers, createUnlistedWordScorer, singleWord } from "./word-list-parts.js";

/**
 * Relevance search for words joined by OR ("transformer OR attention", and the relaxed search
 * the search service runs when almost no paper holds every word of a long query), exact and
 * counted, from the words' complete posting lists. FTS5 scores every paper holding any of the
 * words — for frequent words most of the collection, about a second at a million papers.
 * Here each word's list adds idf × impact into one score per paper (the BM25 sum FTS5
 * computes for an OR), and one pass over the scores keeps the best k and counts the rest:
 * milliseconds. Category, date and has:code filters keep the papers in their bitset
 * (facet-filters.ts). Null for anything else (phrases, exclusions, author filters, stale lists, no
 * frequent word at all), which FTS5 then scores.
 */

/** `postings` and `filters` are shared by the list-based searches of one connection. */
export function createAnyWordKeywordSearch(
  db: SqliteDatabase,
  postings: WordPostingsCache,
  filters: FacetFilters = createFacetFilters(postings),
) {
  const freshness = createListFreshness(db);
  const tokenize = createPaperTokenizer(db);
  const unlistedWord = createUnlistedWordScorer(db);
  // Reused between searches (8 bytes per paper): allocating it each time costs as much as the search.
  let buffer = new Float64Array(0);

  function cleared(size: number): Float64Array {
    if (buffer.length < size) buffer = new Float64Array(size);
    else buffer.fill(0, 0, size);
    return buffer;
  }

  return function searchAnyWord(query: ParsedQuery, k: number, thisYear: number): ListSearchResult | null {
    const words = anyOfWords(query);
    if (words === null) return null;
    const groups = facetTermGroups(query.filters, thisYear);
    if (groups === null) return null;
    const fresh = freshness();
    postings.sync(fresh?.state ?? null);
    if (fresh === null) return null;
    const listed = words.map((word) => postings.get(word.stem));
    // Without a frequent word FTS5 ranks the search as fast on its own.
    if (listed.every((list) => list === null)) return null;

    // Papers changed since the build are left out of the lists' sums and scored from their text.
    const unlisted = new Set(fresh.unlisted);
    const current = new Map(fresh.unlisted.map((seq) => [seq, tokenize(seq)]));
    const sources: Array<{ seqs: Int32Array; scores: ArrayLike<number>; idf: number; stem: string }> = [];
    for (const [i, word] of words.entries()) {
      const list = listed[i] ?? null;
      if (list === null) {
        const fromFts5 = unlistedWord(word);
        if (fromFts5 === null) return null;
        sources.push({ seqs: fromFts5.seqs, scores: fromFts5.scores, idf: 1, stem: word.stem });
        continue;
      }
      const heldAtBuild = (seq: number) => list.seqs[gallopTo(list.seqs, seq, 0)] === seq;
      const idf = bm25Idf(fresh.papers, countPapersNow(list.docCount, [word.stem], heldAtBuild, current));
      sources.push({ seqs: list.seqs, scores: list.impacts, idf, stem: word.stem });
    }

    const passing = filters(groups);
    const size = 1 + Math.max(...sources.map((source) => source.seqs.at(-1) ?? 0));
    const scores = cleared(size);
    // A paper a word holds scores more than 0 (every impact and idf is positive); papers
    // failing the filters are not added up at all.
    for (const { seqs, scores: impacts, idf } of sources) {
      for (let i = 0; i < seqs.length; i++) {
        const seq = seqs[i] as number;
        if (passing !== null && !hasSeq(passing, seq)) continue;
        scores[seq] = (scores[seq] as number) + idf * (impacts[i] as number);
      }
    }
    const top: ScoredSeq[] = [];
    let total = 0;
    for (let seq = 0; seq < size; seq++) {
      const score = scores[seq] as number;
      if (score === 0 || unlisted.has(seq)) continue;
      total += 1;
      if (top.length < k || score > (top[k - 1] as ScoredSeq).score) insertTop(top, { seq, score }, k);
    }

    const scored = sources.map((source, i) => ({
      tokens: [source.stem],
      idf: listed[i] === null ? bm25Idf(fresh.papers, source.seqs.length) : source.idf,
    }));
    // Any word makes a match: the sum of the words the paper holds.
    total += addChangedPapers(current, query.filters, top, k, (paper) => {
      let score: number | null = null;
      for (const atom of scored) {
        const part = scoreTokenizedPaper(paper, [atom], [], fresh.averageLength);
        if (part !== null) score = (score ?? 0) + part;
      }
      return score;
    });
    return { top, total };
  };
}

/** The words of a search that is only words joined by OR (one group of two or more), or null. */
function anyOfWords(query: ParsedQuery): SearchWord[] | null {
  const tree = query.tree;
  if (tree === null || tree.exclude.length > 0 || tree.include.length !== 1) return null;
  const group = tree.include[0] ?? [];
  if (group.length < 2) return null;
  const words: SearchWord[] = [];
  for (const atom of group) {
    const word = singleWord(atom);
    if (word === null) return null;
    words.push(word);
  }
  // The same word twice counts twice in bm25(), and here too.
  return words;
}
