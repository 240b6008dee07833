import type { ListingSort } from "../../core/listings/listings-service.js";
import { TRENDING_WINDOW_DAYS, type TrendingWindow } from "../../core/ranking/trending-service.js";
import { parseDay } from "../../lib/dates.js";
import { isCategoryCode } from "./arxiv-categories.js";
import { PageInputError } from "./page-input-error.js";

/** Papers per page on every list. */
export const PAGE_SIZE = 30;
/** 300,000 papers deep: further is a mistyped URL, not browsing. */
const MAX_PAGE = 10_000;
const DEFAULT_WINDOW: TrendingWindow = "week";

/**
 * A query value, or undefined when absent or empty: a GET form sends `category=` for
 * "All categories", which means no filter.
 */
function value(query: Record<string, string>, name: string): string | undefined {
  const v = query[name]?.trim();
  return v ? v : undefined;
}

export function parsePageParam(query: Record<string, string>): number {
  const raw = value(query, "page");
  if (raw === undefined) return 1;
  const page = Number(raw);
  if (!/^\d+$/.test(raw) || page < 1 || page > MAX_PAGE) {
    throw new PageInputError(
      `page="${clip(raw)}" is not a page number: expected a whole number from 1 to ${MAX_PAGE}.`,
    );
  }
  return page;
}

export function parseSortParam(query: Record<string, string>): ListingSort {
  const raw = value(query, "sort") ?? "trending";
  if (raw !== "trending" && raw !== "publishedAt") {
    throw new PageInputError(`sort="${clip(raw)}" is not a sort order: expected "trending" or "publishedAt".`);
  }
  return raw;
}

export interface TrendingFilters {
  readonly date?: string;
  readonly window: TrendingWindow;
  readonly category?: string;
  readonly hasCode: boolean;
  readonly page: number;
}

/** Reads `/?date=&window=&category=&has_code=&page=`; throws {@link PageInputError} naming the bad one. */
export function parseTrendingFilters(query: Record<string, string>): TrendingFilters {
  const date = value(query, "date");
  if (date !== undefined && !parseDay(date)) {
    throw new PageInputError(`date="${clip(date)}" is not a date: expected YYYY-MM-DD, e.g. 2025-03-14.`);
  }
  const window = value(query, "window") ?? DEFAULT_WINDOW;
  if (!(window in TRENDING_WINDOW_DAYS)) {
    throw new PageInputError(`window="${clip(window)}" is not a trending window: expected day, week or month.`);
  }
  const category = value(query, "category");
  if (category !== undefined && !isCategoryCode(category)) {
    throw new PageInputError(`category="${clip(category)}" is not an arXiv category: expected e.g. cs.LG or hep-th.`);
  }
  return {
    date,
    window: window as TrendingWindow,
    category,
    hasCode: parseFlag(query, "has_code"),
    page: parsePageParam(query),
  };
}

function parseFlag(query: Record<string, string>, name: string): boolean {
  const raw = value(query, name)?.toLowerCase();
  if (raw === undefined || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true" || raw === "on") return true;
  throw new PageInputError(`${name}="${clip(raw)}" is not a yes/no value: expected 1 or 0.`);
}

/** The URL of trending with these filters, leaving defaults out so URLs stay short and shareable. */
export function trendingHref(filters: Omit<TrendingFilters, "page">, page: number): string {
  const params = new URLSearchParams();
  if (filters.date) params.set("date", filters.date);
  if (filters.window !== DEFAULT_WINDOW) params.set("window", filters.window);
  if (filters.category) params.set("category", filters.category);
  if (filters.hasCode) params.set("has_code", "1");
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/?${search}` : "/";
}

/** `path?sort=…&page=…` for period and author lists, defaults left out. */
export function listHref(path: string, page: number, sort: ListingSort = "trending"): string {
  const params = new URLSearchParams();
  if (sort !== "trending") params.set("sort", sort);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
