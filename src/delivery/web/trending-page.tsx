import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { TrendingResult, TrendingWindow } from "../../core/ranking/trending-service.js";
import { formatHumanDay } from "../../lib/dates.js";
import type { HttpEnv } from "../http/http-env.js";
import { ARXIV_CATEGORY_GROUPS, isOfferedCategory } from "./arxiv-categories.js";
import { trendingFeedLinks } from "./feed-links.js";
import { Layout, PageHead, sendPage } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { Pagination } from "./pagination.js";
import { EmptyState, type PaperListItem, PaperList } from "./paper-list.js";
import { PAGE_SIZE, type TrendingFilters, pageCount, parseTrendingFilters, trendingHref } from "./web-query.js";

const WINDOW_LABELS: Record<TrendingWindow, { option: string; span: string }> = {
  day: { option: "Past day", span: "the past day" },
  week: { option: "Past week", span: "the past week" },
  month: { option: "Past 30 days", span: "the past 30 days" },
};

export function registerTrendingPage(http: Hono<HttpEnv>, app: App): void {
  http.get(
    "/",
    pageHandler(async (c) => {
      const filters = parseTrendingFilters(c.req.query());
      const result = await app.trending.getTrending({
        date: filters.date,
        window: filters.window,
        category: filters.category,
        hasCode: filters.hasCode,
        offset: (filters.page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      });
      const papers = await app.papers.findPapers(result.items.map((r) => r.score.paperId));
      const byId = new Map(papers.map((p) => [p.id, p]));
      const items = result.items.flatMap((ranked) => {
        const paper = byId.get(ranked.score.paperId);
        return paper ? [{ paper, ranked }] : [];
      });
      const page = <TrendingPage filters={filters} result={result} items={items} publicUrl={app.config.publicUrl} />;
      // A page past the end is a dead link, not an empty ranking.
      return sendPage(c, page, items.length === 0 && filters.page > 1 ? 404 : 200);
    }),
  );
}

interface TrendingPageProps {
  readonly filters: TrendingFilters;
  readonly result: TrendingResult;
  readonly items: readonly PaperListItem[];
  readonly publicUrl: string;
}

function TrendingPage({ filters, result, items, publicUrl }: TrendingPageProps) {
  const feeds = trendingFeedLinks();
  const asOf = formatHumanDay(result.asOf);
  const meta = {
    title: "Trending papers",
    description: `Research papers trending over ${WINDOW_LABELS[filters.window].span}, ranked by upvotes, GitHub stars and daily lists.`,
    canonicalPath: trendingHref(filters, filters.page),
    feeds,
    nav: "trending" as const,
  };
  return (
    <Layout meta={meta} publicUrl={publicUrl}>
      <PageHead
        title="Trending papers"
        lede={`Ranked by upvotes, GitHub star growth, daily lists and position on the Hugging Face papers page over ${WINDOW_LABELS[filters.window].span}, decayed by age, as of ${asOf}.`}
        feeds={feeds}
      />
      {result.isLatestData && (
        <p class="notice">Showing trending as of {asOf}, the latest day with data in this hub.</p>
      )}
      <TrendingFilterForm filters={filters} />
      {items.length > 0 ? (
        <PaperList
          items={items}
          asOf={result.asOf}
          firstRank={(filters.page - 1) * PAGE_SIZE + 1}
          label={`Trending papers, page ${filters.page}`}
        />
      ) : (
        <TrendingEmptyState filters={filters} asOf={asOf} total={result.total} />
      )}
      <Pagination page={filters.page} pages={pageCount(result.total)} hrefFor={(p) => trendingHref(filters, p)} />
    </Layout>
  );
}

/** A GET form, so filtering works without JavaScript and every view has a shareable URL. */
function TrendingFilterForm({ filters }: { filters: TrendingFilters }) {
  const extraCategory = filters.category && !isOfferedCategory(filters.category) ? filters.category : null;
  return (
    <form class="toolbar" method="get" action="/" aria-label="Filter trending papers">
      {filters.date && <input type="hidden" name="date" value={filters.date} />}
      <div class="field">
        <label for="filter-window">Time window</label>
        <select id="filter-window" name="window">
          {(Object.keys(WINDOW_LABELS) as TrendingWindow[]).map((w) => (
            <option value={w} selected={w === filters.window}>
              {WINDOW_LABELS[w].option}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-category">Category</label>
        <select id="filter-category" name="category">
          <option value="">All categories</option>
          {extraCategory && (
            <option value={extraCategory} selected>
              {extraCategory}
            </option>
          )}
          {ARXIV_CATEGORY_GROUPS.map((group) => (
            <optgroup label={group.label}>
              {group.categories.map(([code, name]) => (
                <option value={code} selected={code === filters.category}>
                  {`${name} (${code})`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <label class="check">
        <input type="checkbox" name="has_code" value="1" checked={filters.hasCode} />
        With code only
      </label>
      <button class="button" type="submit">
        Apply filters
      </button>
    </form>
  );
}

function TrendingEmptyState({ filters, asOf, total }: { filters: TrendingFilters; asOf: string; total: number }) {
  if (total > 0) {
    return (
      <EmptyState title={`There is no page ${filters.page}`}>
        <p>
          This ranking has {total} papers, which fit on {pageCount(total)} pages.{" "}
          <a href={trendingHref(filters, 1)}>Go to the first page</a>.
        </p>
      </EmptyState>
    );
  }
  const filtered = filters.category !== undefined || filters.hasCode;
  return (
    <EmptyState title={filtered ? "No trending papers match these filters" : "Nothing is trending yet"}>
      <p>
        No paper had activity in {WINDOW_LABELS[filters.window].span} as of {asOf}
        {filtered ? " with the chosen filters." : "."}
      </p>
      <p>
        {filtered && (
          <>
            <a href={trendingHref({ date: filters.date, window: filters.window, hasCode: false }, 1)}>Clear filters</a>
            {" · "}
          </>
        )}
        {filters.window !== "month" && (
          <>
            <a href={trendingHref({ ...filters, window: "month" }, 1)}>Try the past 30 days</a>
            {" · "}
          </>
        )}
        <a href="/papers">Browse the daily papers</a>
      </p>
    </EmptyState>
  );
}
