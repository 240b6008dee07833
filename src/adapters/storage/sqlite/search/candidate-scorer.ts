import type { FilterablePaper } from "../../../../core/search/filter-match.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { COLUMN_WEIGHTS, bm25Impact } from "./bm25.js";
import { porterTokens } from "./porter-tokens.js";

/**
 * Scores one paper for a search the way FTS5's bm25() would, from the paper's text: the
 * columns tokenized as paper_search stores them (porter-tokens.ts), each atom's occurrences
 * weighted by column. For the papers a pruned search must check one by one (50–200 µs each
 * at a million papers).
 */

export interface ScoredAtom {
  /** Stemmed tokens: one for a word, several for a phrase. */
  readonly tokens: readonly string[];
  readonly idf: number;
}

/** The columns of a paper that search reads. */
export interface PaperRow {
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  github_repo: string | null;
  published_at: string;
}

/** Returns the paper's score, or null when it is gone, lacks an atom or holds an excluded one. */
export type CandidateScorer = (
  seq: number,
  atoms: readonly ScoredAtom[],
  excluded: ReadonlyArray<readonly string[]>,
  averageLength: number,
) => number | null;

/** A paper's text as FTS5 indexes it: tokens of title, abstract and authors, and its length. */
export interface TokenizedPaper {
  readonly columns: ReadonlyArray<readonly string[]>;
  readonly length: number;
  /** What filters look at (filter-match.ts). */
  readonly filterable: FilterablePaper;
}

export function createPaperTokenizer(db: SqliteDatabase): (seq: number) => TokenizedPaper | null {
  const candidate = db.prepare<[number], PaperRow>(
    "SELECT title, abstract, authors, categories, github_repo, published_at FROM papers WHERE seq = ?",
  );
  return (seq) => {
    const row = candidate.get(seq);
    return row ? tokenizePaperRow(row) : null;
  };
}

/** The columns as FTS5 tokenizes them (paper_search_source in migrations/sqlite/003_search.sql). */
export function tokenizePaperText(row: PaperRow): Pick<TokenizedPaper, "columns" | "length"> {
  const authors = row.authors.replaceAll('","', '" authorsep "');
  const columns = [porterTokens(row.title), porterTokens(row.abstract), porterTokens(authors)];
  return { columns, length: columns.reduce((sum, tokens) => sum + tokens.length, 0) + facetTermCount(row) };
}

/** The tokenized columns, and what filters look at. */
export function tokenizePaperRow(row: PaperRow): TokenizedPaper {
  return {
    ...tokenizePaperText(row),
    filterable: {
      categories: row.categories === "" ? [] : row.categories.split(" "),
      publishedAt: row.published_at,
      githubRepo: row.github_repo,
      authors: JSON.parse(row.authors) as string[],
    },
  };
}

/** Whether the paper holds the tokens, next to each other and in order, in one column. */
export function holdsPhrase(paper: TokenizedPaper, tokens: readonly string[]): boolean {
  return paper.columns.some((column) => occurrences(column, tokens) > 0);
}

/**
 * Papers holding an atom today, as bm25()'s idf counts them, from the count when its list
 * was built: less the changed or deleted papers that held it then, plus the changed and new
 * papers holding it now. `heldAtBuild` is exact for complete lists; for partial ones it
 * misses changed papers below the list's cut, a slight overcount until the next build.
 */
export function countPapersNow(
  countAtBuild: number,
  tokens: readonly string[],
  heldAtBuild: (seq: number) => boolean,
  current: ReadonlyMap<number, TokenizedPaper | null>,
): number {
  let papers = countAtBuild;
  for (const [seq, paper] of current) {
    if (heldAtBuild(seq)) papers -= 1;
    if (paper !== null && holdsPhrase(paper, tokens)) papers += 1;
  }
  return Math.max(0, papers);
}

/** The paper's BM25 score, or null when it lacks an atom or holds an excluded one. */
export function scoreTokenizedPaper(
  paper: TokenizedPaper,
  atoms: readonly ScoredAtom[],
  excluded: ReadonlyArray<readonly string[]>,
  averageLength: number,
): number | null {
  if (excluded.some((tokens) => holdsPhrase(paper, tokens))) return null;
  let score = 0;
  for (const atom of atoms) {
    let weighted = 0;
    paper.columns.forEach((tokens, column) => {
      weighted += (COLUMN_WEIGHTS[column] ?? 0) * occurrences(tokens, atom.tokens);
    });
    if (weighted === 0) return null;
    score += atom.idf * bm25Impact(weighted, paper.length, averageLength);
  }
  return score;
}

export function createCandidateScorer(db: SqliteDatabase): CandidateScorer {
  const tokenize = createPaperTokenizer(db);
  return (seq, atoms, excluded, averageLength) => {
    const paper = tokenize(seq);
    return paper === null ? null : scoreTokenizedPaper(paper, atoms, excluded, averageLength);
  };
}

/** Terms of the `facets` column (migrations/sqlite/003_search.sql): they count in a paper's length. */
function facetTermCount(row: PaperRow): number {
  const categories = row.categories === "" ? 0 : row.categories.split(" ").length;
  return 2 + (row.github_repo === null ? 0 : 1) + categories;
}

function occurrences(tokens: readonly string[], phrase: readonly string[]): number {
  let n = 0;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((token, j) => tokens[i + j] === token)) n += 1;
  }
  return n;
}
