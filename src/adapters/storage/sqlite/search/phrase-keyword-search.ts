import { gallopTo } from "../../../../core/search/intersect-postings.js";
import type { ParsedQuery } from "../../../../core/search/query.js";
import { type ImpactList, type ScoredSeq, insertTop } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { createCandidateScorer } from "./candidate-scorer.js";
import { type ListSearchResult, createListFreshness, hasFilters } from "./list-freshness.js";
import { compileSearch } from "./fts5-search-match.js";
import { createImpactListCache } from "./sqlite-impact-lists.js";
import { porterTokens } from "./porter-tokens.js";
import type { WordPostings, WordPostingsCache } from "./sqlite-word-postings.js";

/**
 * Relevance search for one phrase of frequent words ("state space model"), with or without
 * category, date and has:code filters. bm25() costs FTS5 two passes over the phrase's
 * positions (one to count the papers for idf, one to score), and a count a third. Here FTS5
 * only lists the matching papers, once, which also gives the exact count and the idf. With
 * filters FTS5 lists only papers that pass them, checking the phrase's positions only where
 * every filter term meets it (milliseconds, where bm25() reads the phrase's positions in
 * every paper); the idf then comes from the phrase's own list, whose count is exact.
 *
 * A paper's phrase impact is at most its impact for any of the phrase's words (every
 * occurrence of the phrase is one of each word, in the same column), so the posting list of
 * the phrase's rarest word bounds every match (the lists of "and" or "the" are large: loading
 * them would push more useful lists out of memory), and the impact lists of the phrase and its
 * word pairs tighten the bounds; papers are then scored from their text, best bound first, until no bound can beat
 * the 10th score. Null when this cannot apply or would verify too many papers; the caller
 * then lets FTS5 score every match.
 */

const NO_FILTERS: ParsedQuery["filters"] = {
  authors: [],
  categories: [],
  published: { from: null, to: null },
  hasCode: false,
};

/** Papers scored from their text (50–200 µs each) before giving the search back to FTS5. */
const MAX_VERIFICATIONS = 300;
/** Listed impacts were computed with the averages of their build: bounds get this much slack. */
const BOUND_SLACK = 1.01;

/** `postings` is shared by the list-based searches of one connection. */
export function createPhraseKeywordSearch(db: SqliteDatabase, postings: WordPostingsCache) {
  const freshness = createListFreshness(db);
  const impactLists = createImpactListCache(db);
  const scoreCandidate = createCandidateScorer(db);
  const matching = db.prepare<[string], number>("SELECT rowid FROM paper_search WHERE paper_search MATCH ?").pluck();
  const counting = db.prepare<[string], number>("SELECT count(*) FROM paper_search WHERE paper_search MATCH ?").pluck();

  /**
   * Impact lists of the phrase itself (three words or more; two words are their own pair) and
   * of its adjacent word pairs that have one, as seq → impact.
   */
  const boundingLists = (tokens: readonly string[]) =>
    [...(tokens.length > 2 ? [tokens.join(" ")] : []), ...tokens.slice(1).map((token, i) => `${tokens[i]} ${token}`)]
      .map((atom) => impactLists.get(atom))
      .flatMap((list) => (list === null ? [] : [{ impacts: lookupOf(list), bound: list.bound }]));

  /**
   * Papers holding the phrase anywhere, filters aside: its list's count when it has a list
   * and no paper changed since the build, else FTS5 counts them (reading every position).
   */
  function phrasePapers(tokens: readonly string[], unchanged: boolean, query: ParsedQuery): number {
    const list = unchanged ? impactLists.get(tokens.join(" ")) : null;
    if (list !== null) return list.docCount;
    const unfiltered = compileSearch({ ...query, filters: NO_FILTERS }, false, 0).match;
    return unfiltered === null ? 0 : (counting.get(unfiltered) ?? 0);
  }

  return function searchPhrase(query: ParsedQuery, match: string, k: number): ListSearchResult | null {
    const tokens = singlePhrase(query);
    if (tokens === null) return null;
    const fresh = freshness();
    postings.sync(fresh?.state ?? null);
    impactLists.sync(fresh?.state ?? null);
    if (fresh === null) return null;
    const counts = tokens.map((token) => postings.docCount(token));
    // A word without a list is not frequent, and FTS5 reads a phrase at the pace of its rarest word.
    if (counts.some((count) => count === null)) return null;
    const rarest = postings.get(tokens[counts.indexOf(Math.min(...(counts as number[])))] as string);
    if (rarest === null) return null;

    // Filter terms weigh nothing in bm25(): the ranking is the phrase's alone, over fewer papers.
    const seqs = Int32Array.from(matching.all(match));
    const matches = hasFilters(query) ? phrasePapers(tokens, fresh.unlisted.length === 0, query) : seqs.length;
    const idf = bm25Idf(fresh.papers, matches);
    const unlisted = new Set(fresh.unlisted);
    const bounds = boundImpacts(seqs, rarest, unlisted);
    tightenByLists(bounds, seqs, boundingLists(tokens), unlisted);
    const uppers = bounds.map((impact) => idf * impact * BOUND_SLACK);
    const order = Array.from(seqs.keys()).sort((a, b) => (uppers[b] ?? 0) - (uppers[a] ?? 0) || a - b);

    const top: ScoredSeq[] = [];
    let verified = 0;
    for (const at of order) {
      if (top.length >= k && (top[k - 1] as ScoredSeq).score >= (uppers[at] ?? Infinity)) break;
      if (++verified > MAX_VERIFICATIONS) return null;
      const seq = seqs[at] as number;
      const score = scoreCandidate(seq, [{ tokens, idf }], [], fresh.averageLength);
      if (score !== null) insertTop(top, { seq, score }, k);
    }
    return { top, total: seqs.length };
  };
}

/**
 * The tokens of a search that is exactly one phrase of two or more words, filtered by
 * nothing but category, date or has:code (an author filter would add to the score), or null.
 */
function singlePhrase(query: ParsedQuery): string[] | null {
  const tree = query.tree;
  if (tree === null || tree.exclude.length > 0 || query.filters.authors.length > 0 || tree.include.length !== 1) {
    return null;
  }
  const group = tree.include[0] ?? [];
  const atom = group[0];
  if (group.length !== 1 || atom?.kind !== "phrase") return null;
  const tokens = porterTokens(atom.tokens.join(" "));
  return tokens.length >= 2 ? tokens : null;
}

/**
 * For each matching paper (ascending), its listed impact for one of the phrase's words;
 * Infinity for papers changed since the lists were built, whose listed impacts are old.
 */
function boundImpacts(seqs: Int32Array, word: WordPostings, unlisted: ReadonlySet<number>): Float64Array {
  const bounds = new Float64Array(seqs.length).fill(Infinity);
  let cursor = 0;
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i] as number;
    cursor = gallopTo(word.seqs, seq, cursor);
    if (unlisted.has(seq) || word.seqs[cursor] !== seq) continue; // unknown here: no bound from this word
    bounds[i] = word.impacts[cursor] as number;
  }
  return bounds;
}

/**
 * A phrase occurs at most as often as any of its word pairs, so a pair's impact bounds the
 * phrase's too (the phrase's own list holds its impact exactly); a paper missing from a
 * (partial) list has at most the list's last impact.
 */
function tightenByLists(
  bounds: Float64Array,
  seqs: Int32Array,
  pairs: ReadonlyArray<{ impacts: ReadonlyMap<number, number>; bound: number }>,
  unlisted: ReadonlySet<number>,
): void {
  for (const pair of pairs) {
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number;
      if (unlisted.has(seq)) continue;
      bounds[i] = Math.min(bounds[i] as number, pair.impacts.get(seq) ?? pair.bound);
    }
  }
}

const lookups = new WeakMap<ImpactList, Map<number, number>>();

/** A list's papers by seq, built once per loaded list. */
function lookupOf(list: ImpactList): Map<number, number> {
  let lookup = lookups.get(list);
  if (lookup === undefined) {
    lookup = new Map();
    for (let i = 0; i < list.seqs.length; i++) lookup.set(list.seqs[i] as number, list.impacts[i] as number);
    lookups.set(list, lookup);
  }
  return lookup;
}
