import type { App } from "../../app.js";
import type { TrendingResult } from "../../core/ranking/trending-service.js";
import { PageInputError } from "./page-input-error.js";
import type { PaperListItem } from "./paper-list.js";
import { PAGE_SIZE, type TrendingFilters } from "./web-query.js";

/**
 * Trending narrowed by a search (`/?q=`, as Hugging Face's trending page accepts): the papers
 * matching `q` and the page's category and code filters, most trending first. Each card
 * still explains its trending score, computed for the same day as the plain ranking.
 */
export async function searchTrendingPapers(
  app: App,
  filters: TrendingFilters,
  q: string,
): Promise<{ result: TrendingResult; items: PaperListItem[] }> {
  const outcome = await app.search.search({
    q: [q, filters.category ? `cat:${filters.category}` : "", filters.hasCode ? "has:code" : ""].join(" "),
    sort: "trending",
    offset: (filters.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  if (outcome.kind === "rejected") throw new PageInputError(`q: ${outcome.message}`);
  // A zero-length page resolves the ranking day (today, or the latest day with data) cheaply.
  const { asOf, isLatestData } = await app.trending.getTrending({
    date: filters.date,
    window: filters.window,
    offset: 0,
    limit: 0,
  });
  const papers = outcome.hits.map((hit) => hit.paper);
  const ranked = await app.trending.rankPapers(
    papers.map((p) => p.id),
    asOf,
  );
  const rankedById = new Map(ranked.map((r) => [r.score.paperId, r]));
  const items = papers.map((paper) => ({ paper, ranked: rankedById.get(paper.id) ?? null }));
  return {
    result: { asOf, isLatestData, total: outcome.total, items: items.flatMap((i) => (i.ranked ? [i.ranked] : [])) },
    items,
  };
}

/** A trending URL with the search added, so paging and filters keep it. */
export function withSearchParam(href: string, q: string): string {
  if (!q) return href;
  return `${href}${href.includes("?") ? "&" : "?"}${new URLSearchParams({ q }).toString()}`;
}
