import type { SearchFilters } from "./query.js";

/** The fields of a paper that search filters look at. */
export interface FilterablePaper {
  readonly categories: readonly string[];
  /** ISO 8601; only the YYYY-MM-DD part is compared. */
  readonly publishedAt: string;
  readonly githubRepo: string | null;
  readonly authors: readonly string[];
}

const NAME_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * Whether a paper passes the filters, with the meaning the keyword index gives them
 * (docs/search-query-language.md): a category filter matches any listed category, an archive
 * (`cs`, `hep-th`) any category in it; an author filter matches when its words appear, in
 * order and next to each other, in one author's name; dates are inclusive UTC days.
 */
export function paperMatchesFilters(paper: FilterablePaper, filters: SearchFilters): boolean {
  if (filters.hasCode && paper.githubRepo === null) return false;
  const day = paper.publishedAt.slice(0, 10);
  if (filters.published.from !== null && day < filters.published.from) return false;
  if (filters.published.to !== null && day > filters.published.to) return false;
  if (filters.categories.length > 0 && !filters.categories.some((wanted) => inCategory(paper.categories, wanted))) {
    return false;
  }
  return filters.authors.every((wanted) => paper.authors.some((author) => nameContains(author, wanted)));
}

function inCategory(categories: readonly string[], wanted: string): boolean {
  const target = wanted.toLowerCase();
  return categories.some((category) => {
    const code = category.toLowerCase();
    return code === target || (!target.includes(".") && code.startsWith(`${target}.`));
  });
}

function nameTokens(name: string): string[] {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().match(NAME_TOKEN) ?? [];
}

function nameContains(author: string, wanted: string): boolean {
  const have = nameTokens(author);
  const want = nameTokens(wanted);
  if (want.length === 0) return false;
  for (let start = 0; start + want.length <= have.length; start++) {
    if (want.every((token, i) => have[start + i] === token)) return true;
  }
  return false;
}
