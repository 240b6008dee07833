import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import { gallopTo } from "../../../../core/search/intersect-postings.js";
import { type ListedAtom, type ScoredSeq, thresholdTopK } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { type TokenizedPaper, countPapersNow, createPaperTokenizer, scoreTokenizedPaper } from "./candidate-scorer.js";
import { porterTokens } from "./porter-tokens.js";
import { type StoredImpactList, createImpactListCache } from "./sqlite-impact-lists.js";
import type { WordPostingsCache } from "./sqlite-word-postings.js";
import { atomText, createListFreshness, hasFilters } from "./list-freshness.js";

/**
 * The fast path of relevance search over frequent words: exact top-k from impact lists
 * (threshold-top-k.ts), scoring candidates one by one from their text instead of scoring
 * every match. Returns null whenever it cannot prove its answer within a small budget; the
 * caller then lets FTS5 score every match, which is always correct.
 */

/** Deeper pages are rare; they are scored directly. */
const MAX_K = 100;
/**
 * Each verification reads one paper and tokenizes it: 50–200 µs at a million papers, more
 * when the page is not cached. Past this budget FTS5 scoring every match is the cheaper bet.
 */
const MAX_VERIFICATIONS = 250;

interface PlannedAtom extends ListedAtom {
  /** Stemmed tokens: one for a word, several for a phrase. */
  readonly tokens: string[];
  readonly list: StoredImpactList;
}

/** `postings` (shared with the other list-based searches) tells which papers held a word. */
export function createPrunedKeywordSearch(db: SqliteDatabase, postings: WordPostingsCache) {
  const lists = createImpactListCache(db);
  const freshness = createListFreshness(db);
  const tokenize = createPaperTokenizer(db);

  return function searchPruned(
    query: ParsedQuery,
    k: number,
  ): { top: ScoredSeq[]; verified: number; total: number | null } | null {
    const tree = query.tree;
    if (tree === null || k > MAX_K || tree.include.some((group) => group.length !== 1)) return null;
    // Filter terms make FTS5's own intersection small, and most listed papers would fail them.
    if (hasFilters(query)) return null;
    const fresh = freshness();
    lists.sync(fresh?.state ?? null);
    postings.sync(fresh?.state ?? null);
    if (fresh === null) return null;
    const { averageLength, unlisted } = fresh;
    // Papers changed since the build, read once: they correct counts and are always verified.
    const current = new Map(unlisted.map((seq) => [seq, tokenize(seq)]));
    const planned = planAtoms(
      tree.include.map((group) => group[0] as QueryAtom),
      fresh.papers,
      current,
    );
    if (planned === null) return null;

    const excluded = tree.exclude.map((atom) => porterTokens(atomText(atom)));
    const verify = (seq: number) => {
      const paper = current.has(seq) ? (current.get(seq) ?? null) : tokenize(seq);
      return paper === null ? null : scoreTokenizedPaper(paper, planned, excluded, averageLength);
    };
    const result = thresholdTopK(planned, verify, {
      k,
      unlisted,
      maxVerifications: MAX_VERIFICATIONS,
      alwaysVerify: excluded.length > 0,
    });
    if (!result.proven) return null;
    // One atom and no paper changed since the build: its list's count is the number of matches.
    const only = planned.length === 1 && excluded.length === 0 && current.size === 0 ? planned[0] : undefined;
    return { top: result.top, verified: result.verified, total: only?.list.docCount ?? null };
  };

  /** Every atom needs its own list (a word, or a word pair); otherwise the search is scored directly. */
  function planAtoms(
    atoms: readonly QueryAtom[],
    papers: number,
    current: ReadonlyMap<number, TokenizedPaper | null>,
  ): PlannedAtom[] | null {
    const planned: PlannedAtom[] = [];
    for (const atom of atoms) {
      const tokens = porterTokens(atomText(atom));
      const list = tokens.length === 0 ? null : lists.get(tokens.join(" "));
      if (list === null) return null;
      const count = countPapersNow(list.docCount, tokens, heldAtBuild(tokens, list), current);
      planned.push({ tokens, idf: bm25Idf(papers, count), list, exact: true });
    }
    return planned;
  }

  /** A word's complete postings say exactly; a pair's partial list only for its best papers. */
  function heldAtBuild(tokens: readonly string[], list: StoredImpactList): (seq: number) => boolean {
    const complete = tokens.length === 1 ? postings.get(tokens[0] as string) : null;
    if (complete !== null) return (seq) => complete.seqs[gallopTo(complete.seqs, seq, 0)] === seq;
    return (seq) => list.seqs.includes(seq);
  }
}
