import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import { type ListedAtom, type ScoredSeq, thresholdTopK } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { COLUMN_WEIGHTS, bm25Idf, bm25Impact, readIndexAverages } from "./bm25.js";
import { porterTokens } from "./porter-tokens.js";
import { createImpactListCache, readImpactState } from "./sqlite-impact-lists.js";

/**
 * The fast path of relevance search over frequent words: exact top-k from impact lists
 * (threshold-top-k.ts), scoring candidates one by one from their text instead of scoring
 * every match. Returns null whenever it cannot prove its answer within a small budget; the
 * caller then lets FTS5 score every match, which is always correct.
 */

/** Deeper pages are rare; they are scored directly. */
const MAX_K = 100;
/** Papers added or changed since the lists were built that a search may verify one by one. */
const MAX_UNLISTED = 200;
/**
 * Each verification reads one paper and tokenizes it: 50–200 µs at a million papers, more
 * when the page is not cached. Past this budget FTS5 scoring every match is the cheaper bet.
 */
const MAX_VERIFICATIONS = 250;
/** Lists are stale once the collection grew or shrank by more than this share. */
const MAX_DRIFT = 0.02;

interface PlannedAtom extends ListedAtom {
  /** Stemmed tokens: one for a word, several for a phrase. */
  readonly tokens: string[];
}

interface CandidateRow {
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  github_repo: string | null;
}

export function createPrunedKeywordSearch(db: SqliteDatabase) {
  const lists = createImpactListCache(db);
  const newerPapers = db.prepare<[number, number], { seq: number }>(
    "SELECT seq FROM papers WHERE seq > ? ORDER BY seq LIMIT ?",
  );
  const changedPapers = db.prepare<[number, number], { seq: number }>(
    "SELECT DISTINCT seq FROM search_changes WHERE change_id > ? LIMIT ?",
  );
  const candidate = db.prepare<[number], CandidateRow>(
    "SELECT title, abstract, authors, categories, github_repo FROM papers WHERE seq = ?",
  );

  return function searchPruned(query: ParsedQuery, k: number): { top: ScoredSeq[]; verified: number } | null {
    const tree = query.tree;
    if (tree === null || k > MAX_K || tree.include.some((group) => group.length !== 1)) return null;
    // Filter terms make FTS5's own intersection small, and most listed papers would fail them.
    if (hasFilters(query)) return null;
    const state = readImpactState(db);
    lists.sync(state);
    if (state === null) return null;
    const { papers, averageLength } = readIndexAverages(db);
    if (papers === 0 || Math.abs(papers - state.papers) > state.papers * MAX_DRIFT) return null;

    const planned = planAtoms(
      tree.include.map((group) => group[0] as QueryAtom),
      state.papers,
    );
    if (planned === null) return null;
    const unlisted = [
      ...newerPapers.all(state.throughSeq, MAX_UNLISTED + 1),
      ...changedPapers.all(state.throughChange, MAX_UNLISTED + 1),
    ].map((row) => row.seq);
    if (unlisted.length > MAX_UNLISTED) return null;

    const excluded = tree.exclude.map((atom) => porterTokens(atomText(atom)));
    const verify = (seq: number): number | null => {
      const row = candidate.get(seq);
      if (!row) return null;
      // The columns as FTS5 tokenizes them (paper_search_source in migrations/sqlite/003_search.sql).
      const authors = row.authors.replaceAll('","', '" authorsep "');
      const columns = [porterTokens(row.title), porterTokens(row.abstract), porterTokens(authors)];
      const text = columns.flat();
      if (excluded.some((tokens) => occurrences(text, tokens) > 0)) return null;
      const length = text.length + facetTermCount(row);
      let score = 0;
      for (const atom of planned) {
        let weighted = 0;
        columns.forEach((tokens, column) => {
          weighted += (COLUMN_WEIGHTS[column] ?? 0) * occurrences(tokens, atom.tokens);
        });
        if (weighted === 0) return null;
        score += atom.idf * bm25Impact(weighted, length, averageLength);
      }
      return score;
    };
    const result = thresholdTopK(planned, verify, {
      k,
      unlisted,
      maxVerifications: MAX_VERIFICATIONS,
      alwaysVerify: excluded.length > 0,
    });
    return result.proven ? { top: result.top, verified: result.verified } : null;
  };

  /** Every atom needs its own list (a word, or a word pair); otherwise the search is scored directly. */
  function planAtoms(atoms: readonly QueryAtom[], papers: number): PlannedAtom[] | null {
    const planned: PlannedAtom[] = [];
    for (const atom of atoms) {
      const tokens = porterTokens(atomText(atom));
      const list = tokens.length === 0 ? null : lists.get(tokens.join(" "));
      if (list === null) return null;
      planned.push({ tokens, idf: bm25Idf(papers, list.docCount), list, exact: true });
    }
    return planned;
  }
}

function atomText(atom: QueryAtom): string {
  return atom.kind === "term" ? atom.token : atom.tokens.join(" ");
}

/** Terms of the `facets` column (migrations/sqlite/003_search.sql): they count in a paper's length. */
function facetTermCount(row: CandidateRow): number {
  const categories = row.categories === "" ? 0 : row.categories.split(" ").length;
  return 2 + (row.github_repo === null ? 0 : 1) + categories;
}

function hasFilters(query: ParsedQuery): boolean {
  const { authors, categories, published, hasCode } = query.filters;
  return authors.length + categories.length > 0 || hasCode || published.from !== null || published.to !== null;
}

function occurrences(tokens: readonly string[], phrase: readonly string[]): number {
  let n = 0;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((token, j) => tokens[i + j] === token)) n += 1;
  }
  return n;
}
