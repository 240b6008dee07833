import type { QueryAtom, QueryTree } from "./query.js";

/**
 * Compiles a parsed search tree to an FTS5 MATCH expression. Every token is emitted as an FTS5
 * string ("..." with `"` doubled), so no user input can become an operator, column filter or
 * NEAR group; only the AND, OR, NOT, parentheses and `*` written here are syntax.
 * @see https://www.sqlite.org/fts5.html#full_text_query_syntax
 */

export interface Fts5MatchOptions {
  /** Match the last included word as a prefix ("token" *), for search-as-you-type. */
  prefixLast: boolean;
}

/** Returns null when there is nothing to match, so the caller searches by filters alone. */
export function toFts5Match(tree: QueryTree | null, options: Fts5MatchOptions = { prefixLast: false }): string | null {
  if (tree === null || tree.include.length === 0) return null;
  const lastGroup = tree.include.length - 1;
  const groups = tree.include.map((group, groupIndex) => {
    const atoms = group.map((atom, atomIndex) => {
      const isLast = groupIndex === lastGroup && atomIndex === group.length - 1;
      return quoteAtom(atom) + (options.prefixLast && isLast ? " *" : "");
    });
    return atoms.length === 1 ? (atoms[0] ?? "") : `(${atoms.join(" OR ")})`;
  });
  const included = groups.join(" AND ");
  if (tree.exclude.length === 0) return included;
  // FTS5's NOT is binary (a NOT b), so exclusions hang off the whole included expression.
  const excluded = tree.exclude.map(quoteAtom);
  const left = groups.length === 1 ? included : `(${included})`;
  return `${left} NOT ${excluded.length === 1 ? excluded[0] : `(${excluded.join(" OR ")})`}`;
}

/** A multi-token string is an FTS5 phrase: its tokens must appear next to each other, in order. */
function quoteAtom(atom: QueryAtom): string {
  const text = atom.kind === "term" ? atom.token : atom.tokens.join(" ");
  return `"${text.replace(/"/g, '""')}"`;
}
