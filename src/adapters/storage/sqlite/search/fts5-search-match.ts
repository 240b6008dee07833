import type { ParsedQuery, QueryAtom, SearchFilters } from "../../../../core/search/query.js";
import { toFts5Match } from "../../../../core/search/to-fts5-match.js";

/**
 * Compiles a parsed search to MATCH expressions over the `paper_search` index
 * (migrations/sqlite/003_search.sql). Words are searched in title, abstract and authors;
 * filters become `facets` terms, so one FTS5 query intersects everything.
 */

/** Searched words must be in one of these; `facets` holds filter terms only. */
const TEXT_COLUMNS = "{title abstract authors}";
/** The earliest year on arXiv; an open "from" starts here. */
const FIRST_ARXIV_YEAR = 1991;

export interface CompiledSearch {
  /** The whole search: words and filters. Null when there is nothing to match. */
  readonly match: string | null;
  /** Any searched word, for highlighting (a semantic hit may match only some). */
  readonly anyWord: string | null;
  /** Exact day bounds to apply after MATCH, when the terms only cover whole months. */
  readonly dayBounds: { readonly from: string | null; readonly to: string | null } | null;
}

export function compileSearch(query: ParsedQuery, prefixLast: boolean, thisYear: number): CompiledSearch {
  const parts: string[] = [];
  const text = toFts5Match(query.tree, { prefixLast: prefixLast && lastWordIsPrefixable(query) });
  if (text !== null) parts.push(`${TEXT_COLUMNS}: (${text})`);
  const filters = filterTerms(query.filters, thisYear);
  parts.push(...(filters ?? []));
  // A date range no paper can fall in (before arXiv began) matches nothing.
  const match = parts.length === 0 || filters === null ? null : parts.join(" AND ");
  return { match, anyWord: anyWordMatch(query, prefixLast), dayBounds: dayBounds(query.filters) };
}

/** A match of any of the excluded words (to drop semantic hits the reader excluded). */
export function excludedMatch(query: ParsedQuery): string | null {
  const excluded = query.tree?.exclude ?? [];
  if (excluded.length === 0) return null;
  return `${TEXT_COLUMNS}: (${excluded.map(quoteAtom).join(" OR ")})`;
}

/** One- and two-letter prefixes match too much of the vocabulary to be useful or fast. */
function lastWordIsPrefixable(query: ParsedQuery): boolean {
  const lastGroup = query.tree?.include.at(-1);
  const last = lastGroup?.at(-1);
  return last?.kind === "term" && last.token.length >= 3;
}

function anyWordMatch(query: ParsedQuery, prefixLast: boolean): string | null {
  const atoms = query.tree?.include.flat() ?? [];
  if (atoms.length === 0) return null;
  const prefix = prefixLast && lastWordIsPrefixable(query);
  const quoted = atoms.map((atom, i) => quoteAtom(atom) + (prefix && i === atoms.length - 1 ? " *" : ""));
  return `{title abstract}: (${quoted.join(" OR ")})`;
}

function quoteAtom(atom: QueryAtom): string {
  const text = atom.kind === "term" ? atom.token : atom.tokens.join(" ");
  return `"${text.replace(/"/g, '""')}"`;
}

/** Null when the filters cannot match any paper. */
function filterTerms(filters: SearchFilters, thisYear: number): string[] | null {
  const terms: string[] = [];
  for (const author of filters.authors) {
    const tokens =
      author
        .normalize("NFC")
        .toLowerCase()
        .match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
    if (tokens.length > 0) terms.push(`{authors}: "${tokens.join(" ").replace(/"/g, '""')}"`);
  }
  if (filters.categories.length > 0) terms.push(`{facets}: (${filters.categories.map(categoryTerm).join(" OR ")})`);
  const dates = dateTerms(filters, thisYear);
  if (dates !== null && dates.length === 0) return null;
  if (dates !== null) terms.push(`{facets}: (${dates.map((term) => `"${term}"`).join(" OR ")})`);
  if (filters.hasCode) terms.push(`{facets}: "hascode"`);
  return terms;
}

/**
 * The filters as groups of `facets` terms (any term of a group, every group), for searches
 * that intersect posting lists themselves. A term ending in `*` is a prefix. Null when a
 * filter has no such form (author names are phrases in their own column).
 */
export function facetTermGroups(filters: SearchFilters, thisYear: number): string[][] | null {
  if (filters.authors.length > 0) return null;
  const groups: string[][] = [];
  if (filters.categories.length > 0) groups.push(filters.categories.flatMap(categoryFacetTerms));
  const dates = dateTerms(filters, thisYear);
  if (dates !== null) groups.push(dates);
  if (filters.hasCode) groups.push(["hascode"]);
  return groups;
}

function categoryFacetTerms(category: string): string[] {
  const [archive = "", subject] = category.toLowerCase().split(".", 2);
  const base = `cat${archive.replace(/[^a-z]/g, "")}`;
  return subject === undefined ? [base, `${base}x*`] : [`${base}x${subject.replace(/[^a-z]/g, "")}`];
}

/** `cs.LG` → catcsxlg; an archive (`cs`, `hep-th`) matches itself and any of its subjects. */
export function categoryTerm(category: string): string {
  const [archive = "", subject] = category.toLowerCase().split(".", 2);
  const base = `cat${archive.replace(/[^a-z]/g, "")}`;
  if (subject !== undefined) return `"${base}x${subject.replace(/[^a-z]/g, "")}"`;
  return `("${base}" OR "${base}x" *)`;
}

/**
 * Month and year terms covering the range, clamped to the years papers can have (arXiv's first
 * to this one), so a range like `to:9999` costs no more than the years that exist. Whole years
 * are one term each: FTS5 merges two year lists faster than 24 month lists (a filtered phrase
 * at a million papers: 4.0 against 6.2 ms median). Null: the range covers every possible
 * paper (no terms needed); empty: it covers none.
 */
function dateTerms(filters: SearchFilters, thisYear: number): string[] | null {
  const { from, to } = filters.published;
  if (from === null && to === null) return null;
  const firstDay = `${FIRST_ARXIV_YEAR}-01-01`;
  const lastDay = `${thisYear}-12-31`;
  const start = from === null || from < firstDay ? firstDay : from;
  const end = to === null || to > lastDay ? lastDay : to;
  if (start > end) return [];
  if (start === firstDay && end === lastDay) return null;
  const months = monthsBetween(start, end);
  // Whole years inside the range as year terms, the partial years at either end as months.
  const terms: string[] = [];
  const firstYear = Number(start.slice(0, 4));
  const lastYear = Number(end.slice(0, 4));
  for (const month of months) {
    const year = Number(month.slice(0, 4));
    const wholeYear = (year > firstYear || start.slice(5, 7) === "01") && (year < lastYear || end.slice(5, 7) === "12");
    if (!wholeYear) terms.push(`ym${month.replace("-", "")}`);
    else if (month.endsWith("-01")) terms.push(`y${year}`);
  }
  return terms;
}

/** YYYY-MM of every month the range touches. */
function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const lastYear = Number(end.slice(0, 4));
  const lastMonth = Number(end.slice(5, 7));
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** Month terms are exact when the range starts on a first and ends on a last day of a month. */
function dayBounds(filters: SearchFilters): CompiledSearch["dayBounds"] {
  const { from, to } = filters.published;
  const fromAligned = from === null || from.endsWith("-01");
  const toAligned = to === null || to === lastDayOfMonth(to);
  return fromAligned && toAligned ? null : { from, to };
}

function lastDayOfMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${day.slice(0, 8)}${String(last).padStart(2, "0")}`;
}
