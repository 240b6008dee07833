/**
 * The parsed form of a search (docs/search-query-language.md). The tree is deliberately flat:
 * an AND of OR-groups plus a list of exclusions. That is everything the language can say, and
 * it compiles to SQLite FTS5 without precedence surprises.
 */

/** One word, already normalised to a single lower-case token of Unicode letters and digits. */
export interface TermAtom {
  kind: "term";
  token: string;
}

/** Consecutive tokens that must appear in this order; a hyphenated word such as gpt-4 becomes one too. */
export interface PhraseAtom {
  kind: "phrase";
  tokens: string[];
}

export type QueryAtom = TermAtom | PhraseAtom;

export interface QueryTree {
  /** Every group must match; within a group any one atom is enough (the user wrote OR between them). */
  include: QueryAtom[][];
  /** No paper matching any of these may be returned. */
  exclude: QueryAtom[];
}

/** An inclusive range of publication dates as YYYY-MM-DD strings (UTC calendar days). */
export interface DateRange {
  from: string | null;
  to: string | null;
}

export interface SearchFilters {
  /** Each author must be on the paper; compare case-insensitively. */
  authors: string[];
  /** The paper must be in any one of these lower-case categories or archives (cs.lg, cs, hep-th). */
  categories: string[];
  published: DateRange;
  hasCode: boolean;
}

export interface ParsedQuery {
  /** Null when the search is filters only, or when nothing searchable was typed. */
  tree: QueryTree | null;
  filters: SearchFilters;
  /** Human-readable notes about input that was changed or ignored. */
  warnings: string[];
  /** Set, with tree null and filters empty, when the input cannot mean anything. */
  error: string | null;
}
