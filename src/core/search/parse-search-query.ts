import type { ParsedQuery, QueryAtom, QueryTree, SearchFilters } from "./query.js";

/**
 * Parses what a reader typed into the search box (docs/search-query-language.md). Never
 * throws: odd input is repaired with a warning, and input that cannot mean anything gets an
 * `error`. Terms are normalised to bare tokens here so that nothing the user types can reach
 * FTS5 as syntax (see to-fts5-match.ts).
 */

/** Longer input is cut here; no real search needs more and it bounds the work per request. */
export const MAX_QUERY_CHARS = 10_000;
/** Tokens across all terms and phrases; more make FTS5 slow without making results better. */
export const MAX_QUERY_TOKENS = 64;
/** Longest author name kept; the longest real ones are well under 100 characters. */
export const MAX_AUTHOR_CHARS = 200;

/**
 * A token is a run of Unicode letters and digits (with their combining marks), mirroring the
 * default token characters of FTS5's unicode61 tokenizer ("L* N* Co").
 * @see https://www.sqlite.org/fts5.html#unicode61_tokenizer
 */
const TOKEN_PATTERN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const LONE_SURROGATE_PATTERN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROL_PATTERN = /\p{Cc}/gu;
/** Parentheses are not grouping in this language; they separate words like spaces do. */
const SEPARATOR_PATTERN = /[\s()]/;
const FILTER_PATTERN = /^([a-z]+):(.*)$/is;
const FILTER_KEYS = new Set(["author", "cat", "year", "from", "to", "has"]);
/** An arXiv archive (cs, hep-th) optionally followed by a subject class (cs.LG, astro-ph.CO). */
const CATEGORY_PATTERN = /^[a-z][a-z-]*(\.[a-z][a-z-]*)?$/i;
const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

type Lexeme =
  | { type: "text"; text: string; negated: boolean; quoted: boolean }
  | { type: "filter"; key: string; value: string; negated: boolean }
  | { type: "or" }
  | { type: "and" }
  | { type: "not" };

export function parseSearchQuery(input: string): ParsedQuery {
  const warnings: string[] = [];
  const filters: SearchFilters = { authors: [], categories: [], published: { from: null, to: null }, hasCode: false };
  let text = typeof input === "string" ? input : "";
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS);
    warnings.push(`The search was cut to its first ${MAX_QUERY_CHARS} characters.`);
  }
  text = text.replace(LONE_SURROGATE_PATTERN, " ").replace(CONTROL_PATTERN, " ");
  const lexemes = lexQuery(text, warnings);
  for (const lexeme of lexemes) if (lexeme.type === "filter") applyFilter(filters, lexeme, warnings);
  orderDateRange(filters, warnings);
  const tree = buildTree(lexemes, warnings);
  // Hostile input can repeat one mistake thousands of times; the reader needs to hear it once.
  const uniqueWarnings = [...new Set(warnings)];
  if (tree === null && isEmptyFilters(filters)) {
    const error = text.trim() === "" ? "The search is empty." : "The search has no words or filters to look for.";
    return { tree, filters, warnings: uniqueWarnings, error };
  }
  return { tree, filters, warnings: uniqueWarnings, error: null };
}

function lexQuery(text: string, warnings: string[]): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    if (SEPARATOR_PATTERN.test(text[i] ?? " ")) {
      i++;
      continue;
    }
    let negated = false;
    for (; text[i] === "-" || text[i] === "+"; i++) if (text[i] === "-") negated = true;
    if (text[i] === '"') {
      const { value, end } = readQuoted(text, i, warnings);
      lexemes.push({ type: "text", text: value, negated, quoted: true });
      i = end;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== '"' && !SEPARATOR_PATTERN.test(text[end] ?? " ")) end++;
    const word = text.slice(i, end);
    i = end;
    if (word === "") continue;
    // Only capitals are operators: "Think in Strokes, Not Pixels" is a title to find, not an exclusion.
    if (!negated && (word === "OR" || word === "AND" || word === "NOT")) {
      lexemes.push(word === "OR" ? { type: "or" } : word === "AND" ? { type: "and" } : { type: "not" });
      continue;
    }
    const filter = FILTER_PATTERN.exec(word);
    const key = filter?.[1]?.toLowerCase() ?? "";
    if (!FILTER_KEYS.has(key)) {
      if (filter) warnings.push(`Unknown filter "${key}:" was searched as words.`);
      lexemes.push({ type: "text", text: word, negated, quoted: false });
      continue;
    }
    let value = filter?.[2] ?? "";
    if (value === "" && text[i] === '"') ({ value, end: i } = readQuoted(text, i, warnings));
    lexemes.push({ type: "filter", key, value, negated });
  }
  return lexemes;
}

/** Reads a quoted string starting at `start`; an unclosed quote closes at the end of the input. */
function readQuoted(text: string, start: number, warnings: string[]): { value: string; end: number } {
  const close = text.indexOf('"', start + 1);
  if (close === -1) {
    warnings.push("A quote was not closed; it was closed at the end of the search.");
    return { value: text.slice(start + 1), end: text.length };
  }
  return { value: text.slice(start + 1, close), end: close + 1 };
}

function applyFilter(filters: SearchFilters, lexeme: Extract<Lexeme, { type: "filter" }>, warnings: string[]): void {
  const { key, negated } = lexeme;
  const value = lexeme.value.replace(/\s+/g, " ").trim();
  if (negated) return void warnings.push(`Filters cannot be excluded; "-${key}:" was ignored.`);
  if (value === "") return void warnings.push(`"${key}:" needs a value; it was ignored.`);
  if (key === "author") return applyAuthor(filters, value, warnings);
  if (key === "cat") return applyCategory(filters, value, warnings);
  if (key === "has") {
    if (value.toLowerCase() === "code") filters.hasCode = true;
    else warnings.push(`"has:${value}" is not known; only has:code is. It was ignored.`);
    return;
  }
  const bounds = parseDateFilter(key, value);
  if (bounds === null) return void warnings.push(`"${key}:${value}" is not a date like 2024, 2024-06 or 2024-06-30.`);
  for (const [bound, date] of bounds) {
    if (filters.published[bound] !== null) warnings.push(`A later filter replaced the "${bound}" date.`);
    filters.published[bound] = date;
  }
}

function applyAuthor(filters: SearchFilters, value: string, warnings: string[]): void {
  let name = value.replace(/"/g, "");
  if (!/[\p{L}\p{N}]/u.test(name)) return void warnings.push(`"author:${value}" has no name in it; it was ignored.`);
  if (name.length > MAX_AUTHOR_CHARS) {
    name = name.slice(0, MAX_AUTHOR_CHARS).replace(LONE_SURROGATE_PATTERN, "");
    warnings.push(`An author name was cut to ${MAX_AUTHOR_CHARS} characters.`);
  }
  if (!filters.authors.some((author) => author.toLowerCase() === name.toLowerCase())) filters.authors.push(name);
}

function applyCategory(filters: SearchFilters, value: string, warnings: string[]): void {
  if (!CATEGORY_PATTERN.test(value)) return void warnings.push(`"cat:${value}" is not an arXiv category like cs.LG.`);
  const category = value.toLowerCase();
  if (!filters.categories.includes(category)) filters.categories.push(category);
}

/** year: sets both bounds; from: and to: set one, expanded to the first or last day they cover. */
function parseDateFilter(key: string, value: string): ["from" | "to", string][] | null {
  if (key === "year") {
    const start = /^\d{4}$/.test(value) ? parseDateBound(value, "start") : null;
    const end = parseDateBound(value, "end");
    return start && end
      ? [
          ["from", start],
          ["to", end],
        ]
      : null;
  }
  const bound = key === "to" ? "to" : "from";
  const date = parseDateBound(value, bound === "to" ? "end" : "start");
  return date === null ? null : [[bound, date]];
}

/** Expands YYYY, YYYY-MM or YYYY-MM-DD to the first ("start") or last ("end") day it covers. */
function parseDateBound(value: string, edge: "start" | "end"): string | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? (edge === "start" ? 1 : 12) : Number(match[2]);
  if (year < 1000 || month < 1 || month > 12) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = match[3] === undefined ? (edge === "start" ? 1 : daysInMonth) : Number(match[3]);
  if (day < 1 || day > daysInMonth) return null;
  return `${match[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A reversed range is almost always a slip, so it is swapped rather than returning nothing. */
function orderDateRange(filters: SearchFilters, warnings: string[]): void {
  const { from, to } = filters.published;
  if (from === null || to === null || from <= to) return;
  filters.published = { from: to, to: from };
  warnings.push(`"from" was after "to"; the dates were swapped.`);
}

function isEmptyFilters(filters: SearchFilters): boolean {
  const { authors, categories, published, hasCode } = filters;
  return authors.length + categories.length === 0 && published.from === null && published.to === null && !hasCode;
}

/** Turns lexemes into the AND-of-OR-groups tree, repairing dangling operators with a warning. */
function buildTree(lexemes: Lexeme[], warnings: string[]): QueryTree | null {
  const tree: QueryTree = { include: [], exclude: [] };
  const budget = { tokens: MAX_QUERY_TOKENS, warned: false };
  let lastWasIncluded = false;
  let pendingOr = false;
  let pendingNot = false;
  for (const lexeme of lexemes) {
    if (lexeme.type === "filter" || lexeme.type === "and") continue;
    if (lexeme.type === "or") {
      if (lastWasIncluded && !pendingNot) pendingOr = true;
      else warnings.push("OR needs a word on each side; it was ignored.");
      continue;
    }
    if (lexeme.type === "not") {
      pendingNot = true;
      continue;
    }
    const atom = toAtom(lexeme.text, lexeme.quoted, budget, warnings);
    const negated = lexeme.negated || pendingNot;
    pendingNot = false;
    if (atom === null) continue;
    if (negated) {
      if (pendingOr) warnings.push("OR cannot join an exclusion; it was ignored.");
      tree.exclude.push(atom);
    } else if (pendingOr && lastWasIncluded) tree.include.at(-1)?.push(atom);
    else tree.include.push([atom]);
    lastWasIncluded = !negated;
    pendingOr = false;
  }
  if (pendingOr) warnings.push("OR needs a word on each side; it was ignored.");
  if (pendingNot) warnings.push("NOT needs a word after it; it was ignored.");
  if (tree.include.length === 0 && tree.exclude.length > 0) {
    warnings.push("Exclusions need at least one word to search for; they were ignored.");
    return null;
  }
  return tree.include.length === 0 ? null : tree;
}

function toAtom(
  text: string,
  quoted: boolean,
  budget: { tokens: number; warned: boolean },
  warnings: string[],
): QueryAtom | null {
  const tokens = text.normalize("NFC").toLowerCase().match(TOKEN_PATTERN) ?? [];
  if (tokens.length === 0) {
    if (quoted) warnings.push("An empty phrase was ignored.");
    return null;
  }
  if (tokens.length > budget.tokens) {
    if (!budget.warned) warnings.push(`Only the first ${MAX_QUERY_TOKENS} words were searched.`);
    budget.warned = true;
    tokens.length = budget.tokens;
    if (tokens.length === 0) return null;
  }
  budget.tokens -= tokens.length;
  return tokens.length === 1 ? { kind: "term", token: tokens[0] ?? "" } : { kind: "phrase", tokens };
}
