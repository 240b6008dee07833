import { type PostingAtom, gallopTo, intersectTopK } from "../../../../core/search/intersect-postings.js";
import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import { type SeqBitset, seqsOfBitset } from "../../../../core/search/seq-bitset.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { type ScoredAtom, countPapersNow, createPaperTokenizer, scoreTokenizedPaper } from "./candidate-scorer.js";
import { type ListSearchResult, createListFreshness } from "./list-freshness.js";
import { type FacetFilters, createFacetFilters } from "./facet-filters.js";
import { facetTermGroups } from "./fts5-search-match.js";
import type { WordPostingsCache } from "./sqlite-word-postings.js";
import {
  MAX_UNLISTED_WORD_PAPERS,
  type SearchWord,
  addChangedPapers,
  createUnlistedWordScorer,
  singleWord,
} from "./word-list-parts.js";

/** Words without lists, and filters: FTS5 scoring a word alone beats FTS5 scoring the whole search up to here. */
const MAX_FILTERED_WORD_PAPERS = 2_000;
/**
 * When the filters pass this many times fewer papers than the shortest word holds, their
 * papers drive the intersection (each looked up in the word lists); otherwise the shortest
 * word's papers do, each tested against the filters' bitset first.
 */
const FILTER_DRIVES_BELOW = 1 / 8;

/**
 * Relevance search for an AND of frequent words, exact and counted, from their complete
 * posting lists (search_word_postings). Raw FTS5 takes 0.2–0.8 s on two frequent words at a
 * million papers because it scores every match through bm25(); intersecting the decoded
 * lists takes a few milliseconds. Category, date and has:code filters are bitsets of the
 * papers passing them (facet-filters.ts). A word without a list (not frequent) is scored by
 * FTS5 alone, which is cheap, and joins the intersection: FTS5's bm25() over the whole search would first
 * count the frequent words' papers for their idf. Returns null for anything else — no
 * frequent word and no filter, phrases, OR, exclusions, author filters, stale lists — which
 * the caller then hands to the other searches.
 */

/** `postings` and `filters` are shared by the list-based searches of one connection. */
export function createPostingsKeywordSearch(
  db: SqliteDatabase,
  postings: WordPostingsCache,
  filters: FacetFilters = createFacetFilters(postings),
) {
  const freshness = createListFreshness(db);
  const tokenize = createPaperTokenizer(db);
  const unlistedWord = createUnlistedWordScorer(db);
  // The filters' papers as a list that drives an intersection, made once per kept set.
  const drivingAtoms = new WeakMap<SeqBitset, PostingAtom>();
  const drivingAtom = (passing: SeqBitset): PostingAtom => {
    let atom = drivingAtoms.get(passing);
    if (atom === undefined) {
      const seqs = seqsOfBitset(passing);
      atom = { seqs, impacts: new Float32Array(seqs.length), idf: 0 };
      drivingAtoms.set(passing, atom);
    }
    return atom;
  };
  return function searchByPostings(query: ParsedQuery, k: number, thisYear: number): ListSearchResult | null {
    const words = plainWords(query);
    if (words === null) return null;
    const groups = facetTermGroups(query.filters, thisYear);
    if (groups === null) return null;
    const fresh = freshness();
    postings.sync(fresh?.state ?? null);
    if (fresh === null) return null;
    // Without a frequent word FTS5 ranks the search as fast on its own (no long list to
    // count). With filters it also counts every filter term's papers for an idf that weighs
    // nothing (a range of months is a term per month): the lists are cheaper then, as long as
    // FTS5 scoring each word alone is (a few thousand papers; it scores only the papers
    // passing the filters itself).
    // Looked up once: a word without a list costs a query each time it is asked for.
    const lists = words.map((word) => postings.get(word.stem));
    const noneListed = lists.every((list) => list === null);
    if (noneListed && groups.length === 0) return null;
    const maxUnlisted = noneListed ? MAX_FILTERED_WORD_PAPERS : MAX_UNLISTED_WORD_PAPERS;

    // Papers the lists do not know (or know with old text) are left out of the intersection
    // and scored from their current text instead; they also correct each word's paper count.
    const unlisted = new Set(fresh.unlisted);
    const current = new Map(fresh.unlisted.map((seq) => [seq, tokenize(seq)]));
    const atoms: PostingAtom[] = [];
    const scored: ScoredAtom[] = [];
    for (const [i, word] of words.entries()) {
      const listed = lists[i] ?? null;
      if (listed === null) {
        // Scored by FTS5 alone: cheap for a word that is not frequent, and current.
        const fromFts5 = unlistedWord(word, maxUnlisted);
        if (fromFts5 === null) return null;
        atoms.push({ seqs: fromFts5.seqs, impacts: fromFts5.scores, idf: 1 });
        scored.push({ tokens: [word.stem], idf: bm25Idf(fresh.papers, fromFts5.seqs.length) });
        continue;
      }
      const heldAtBuild = (seq: number) => listed.seqs[gallopTo(listed.seqs, seq, 0)] === seq;
      const idf = bm25Idf(fresh.papers, countPapersNow(listed.docCount, [word.stem], heldAtBuild, current));
      atoms.push({ seqs: listed.seqs, impacts: listed.impacts, idf });
      scored.push({ tokens: [word.stem], idf });
    }

    // Filters score nothing (the facets column weighs 0): they only decide which papers count.
    const passing = filters(groups);
    const shortest = Math.min(...atoms.map((atom) => atom.seqs.length));
    if (passing !== null && passing.count < shortest * FILTER_DRIVES_BELOW) atoms.push(drivingAtom(passing));
    const { top, count } = intersectTopK(atoms, k, unlisted, passing);
    const changed = addChangedPapers(current, query.filters, top, k, (paper) =>
      scoreTokenizedPaper(paper, scored, [], fresh.averageLength),
    );
    return { top, total: count + changed };
  };
}

/** The words (stem, and text as typed) of a search that is only words joined by AND, or null. */
function plainWords(query: ParsedQuery): SearchWord[] | null {
  const tree = query.tree;
  if (tree === null || tree.exclude.length > 0) return null;
  if (tree.include.length === 0 || tree.include.some((group) => group.length !== 1)) return null;
  const words: SearchWord[] = [];
  for (const group of tree.include) {
    const word = singleWord(group[0] as QueryAtom);
    if (word === null) return null;
    words.push(word);
  }
  // The same word twice counts twice in bm25(), and here too.
  return words;
}
