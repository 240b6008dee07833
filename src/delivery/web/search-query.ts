import type { SearchMode, SearchSort } from "../../core/search/search-types.js";
import { PageInputError } from "./page-input-error.js";
import { parsePageParam } from "./web-query.js";

/** Hits per results page: fewer than a list page, since each card carries a highlighted passage. */
export const SEARCH_PAGE_SIZE = 20;

export const SEARCH_MODES: readonly SearchMode[] = ["keyword", "semantic", "hybrid"];
export const SEARCH_SORTS: readonly SearchSort[] = ["relevance", "date", "trending"];

/** What `/search?q=&mode=&sort=&has_code=&page=` asks for. */
export interface SearchPageInput {
  /** As typed, untrimmed, so the box shows it back unchanged; empty for the start page. */
  readonly q: string;
  /** Absent: the hub's default mode (SearchStatus.defaultMode). */
  readonly mode: SearchMode | undefined;
  /** Absent: relevance, or newest first for a search of filters only (the service decides). */
  readonly sort: SearchSort | undefined;
  /** The "With code only" box; adds `has:code` to the search. */
  readonly hasCode: boolean;
  readonly page: number;
}

/** Reads the search page's URL; throws {@link PageInputError} naming a bad parameter. */
export function parseSearchPageInput(query: Record<string, string>): SearchPageInput {
  const mode = query.mode?.trim() || undefined;
  if (mode !== undefined && !isOneOf(SEARCH_MODES, mode)) {
    throw new PageInputError(`mode="${clip(mode)}" is not a search mode: expected keyword, semantic or hybrid.`);
  }
  const sort = query.sort?.trim() || undefined;
  if (sort !== undefined && !isOneOf(SEARCH_SORTS, sort)) {
    throw new PageInputError(`sort="${clip(sort)}" is not a search order: expected relevance, date or trending.`);
  }
  return { q: query.q ?? "", mode, sort, hasCode: parseCheckbox(query.has_code), page: parsePageParam(query) };
}

/** The query the service gets: the box's text plus `has:code` when the checkbox asks for it. */
export function effectiveQuery(q: string, hasCode: boolean): string {
  return hasCode ? `${q} has:code` : q;
}

/** `/search?…` for this input on `page`, defaults left out so URLs stay short and shareable. */
export function searchHref(input: Omit<SearchPageInput, "page">, page = 1): string {
  const params = new URLSearchParams({ q: input.q });
  if (input.mode) params.set("mode", input.mode);
  if (input.sort) params.set("sort", input.sort);
  if (input.hasCode) params.set("has_code", "1");
  if (page > 1) params.set("page", String(page));
  return `/search?${params.toString()}`;
}

/**
 * Matches `key:value` words in the query language (docs/search-query-language.md), with an
 * optional sign and a quoted value, so a facet link can replace them rather than pile up.
 */
function filterWordPattern(keys: readonly string[]): RegExp {
  return new RegExp(`(^|[\\s()])[-+]*(?:${keys.join("|")}):(?:"[^"]*"?|[^\\s()"]*)`, "gi");
}

/**
 * The query with `key:value` in place of any filter of the same kind. A year replaces
 * `from:` and `to:` too, since it sets both bounds. Facets narrow a search: adding a second
 * `cat:` would widen it (categories are ORed).
 */
export function withFilter(q: string, key: "cat" | "year", value: string): string {
  const replaced = key === "year" ? ["year", "from", "to"] : [key];
  const rest = q.replace(filterWordPattern(replaced), "$1").replace(/\s+/g, " ").trim();
  return rest ? `${rest} ${key}:${value}` : `${key}:${value}`;
}

/** A GET form sends `has_code=1` when ticked and nothing when not. */
function parseCheckbox(raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value || value === "0" || value === "false") return false;
  if (value === "1" || value === "true" || value === "on") return true;
  throw new PageInputError(`has_code="${clip(value)}" is not a yes/no value: expected 1 or 0.`);
}

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

/** Text clipped for display in a heading or message; long queries stay readable. */
export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
