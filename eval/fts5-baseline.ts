// Keyword baselines that run without the hub: a standalone in-memory SQLite FTS5 table of the
// corpus (title, abstract, authors) ranked by bm25() with per-column weights.
// @see https://www.sqlite.org/fts5.html
import Database from "better-sqlite3";
import type { BuiltSystems, EvalDocument, SearchSystem, SearchSystemFactory } from "./eval-types.js";

export interface ColumnWeights {
  readonly title: number;
  readonly abstract: number;
  readonly authors: number;
}

/** How the query's words are combined into an FTS5 MATCH. */
export type MatchMode = "or" | "and-then-or";

export interface Fts5BaselineConfig {
  readonly weights: ColumnWeights;
  readonly mode: MatchMode;
}

/**
 * The baselines printed today: every word optional with equal and title-boosted weights, and
 * "all words first, then any word" (the hub's keyword mode ANDs words). Title ×4 was the best
 * title weight on CISI (eval history); authors stay at 1 as no query names an author.
 */
export const FTS5_BASELINES: readonly Fts5BaselineConfig[] = [
  { weights: { title: 1, abstract: 1, authors: 1 }, mode: "or" },
  { weights: { title: 4, abstract: 1, authors: 1 }, mode: "or" },
  { weights: { title: 4, abstract: 1, authors: 1 }, mode: "and-then-or" },
];

/** Runs of letters and digits, lower-cased and de-duplicated: what unicode61 would index. */
function queryTokens(text: string): string[] {
  return [
    ...new Set(
      text
        .normalize("NFKC")
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    ),
  ];
}

/**
 * Turns free text into an FTS5 OR of its tokens. Each token is double-quoted, so words such
 * as AND, NOT or NEAR and characters such as * ^ : ( ) cannot act as FTS5 syntax.
 * @see https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
export function buildOrMatchQuery(text: string): string {
  return queryTokens(text)
    .map((token) => `"${token}"`)
    .join(" OR ");
}

/** The same tokens, all required. */
export function buildAndMatchQuery(text: string): string {
  return queryTokens(text)
    .map((token) => `"${token}"`)
    .join(" AND ");
}

export function systemName(config: Fts5BaselineConfig): string {
  const { title, abstract, authors } = config.weights;
  return `fts5 ${config.mode === "or" ? "OR" : "AND→OR"} t${title}/a${abstract}/au${authors}`;
}

/** Loads the documents into an in-memory FTS5 table; one system per baseline configuration. */
export function createFts5Systems(
  documents: readonly EvalDocument[],
  configs: readonly Fts5BaselineConfig[] = FTS5_BASELINES,
): BuiltSystems {
  const db = new Database(":memory:");
  // @see https://www.sqlite.org/fts5.html#porter_tokenizer
  db.exec(
    "CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, title, abstract, authors, tokenize = 'porter unicode61')",
  );
  const insert = db.prepare("INSERT INTO docs (doc_id, title, abstract, authors) VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (const doc of documents) insert.run(doc.id, doc.title, doc.abstract, doc.authors.join("; "));
  })();
  // bm25() takes one weight per column, doc_id included; it returns lower-is-better scores.
  // @see https://www.sqlite.org/fts5.html#the_bm25_function
  const select = db.prepare<[string, number, number, number, number], { doc_id: string }>(
    "SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, ?, ?, ?) LIMIT ?",
  );
  // Datasets over one corpus repeat queries (titles and titles-plain tokenize alike): rank each once.
  const cache = new Map<string, string[]>();
  const ranked = (match: string, weights: ColumnWeights, k: number): string[] => {
    if (match === "") return [];
    const key = `${weights.title}/${weights.abstract}/${weights.authors}/${k}/${match}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const ids = select.all(match, weights.title, weights.abstract, weights.authors, k).map((row) => row.doc_id);
    cache.set(key, ids);
    return ids;
  };

  const systemFor = (config: Fts5BaselineConfig): SearchSystem => ({
    name: systemName(config),
    search: async (query, k) => {
      const any = () => ranked(buildOrMatchQuery(query), config.weights, k);
      if (config.mode === "or") return any();
      const all = ranked(buildAndMatchQuery(query), config.weights, k);
      return all.length >= k ? all : [...new Set([...all, ...any()])].slice(0, k);
    },
  });
  return { systems: configs.map(systemFor), close: async () => void db.close() };
}

export const fts5BaselineFactory: SearchSystemFactory = {
  name: "fts5 baseline",
  build: async (corpus) => createFts5Systems(corpus.documents),
};
