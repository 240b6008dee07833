import { SubscribeForm } from "./subscribe-form.js";
import type { Child } from "hono/jsx";
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
import { clip } from "./search-query.js";
import { searchTrendingPapers, withSearchParam } from "./search-trending.js";
import { PAGE_SIZE, type TrendingFilters, pageCount, parseTrendingFilters, trendingHref } from "./web-query.js";
import { withVoteStates } from "./vote-states.js";

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
      const q = c.req.query("q")?.trim() ?? "";
      const { result, items } = q ? await searchTrendingPapers(app, filters, q) : await findTrending(app, filters);
      const page = (
        <TrendingPage
          filters={filters}
          q={q}
          result={result}
          items={items}
          publicUrl={app.config.publicUrl}
          subscribe={<SubscribeForm c={c} />}
        />
      );
      // A page past the end is a dead link, not an empty ranking.
      const withVotes = await withVoteStates(
        c,
        app,
        items.map((item) => item.paper.id),
        page,
      );
      return sendPage(c, withVotes, items.length === 0 && filters.page > 1 ? 404 : 200);
    }),
  );
}

async function findTrending(app: App, filters: TrendingFilters) {
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
  return { result, items };
}

interface TrendingPageProps {
  readonly filters: TrendingFilters;
  /** A search narrowing the ranking (`?q=`), or "". */
  readonly q: string;
  readonly result: TrendingResult;
  readonly items: readonly PaperListItem[];
  readonly publicUrl: string;
  /** The digest sign-up form (subscribe-form.tsx). */
  readonly subscribe?: Child;
}

function TrendingPage({ filters, q, result, items, publicUrl, subscribe }: TrendingPageProps) {
  const feeds = trendingFeedLinks();
  const asOf = formatHumanDay(result.asOf);
  const hrefFor = (page: number) => withSearchParam(trendingHref(filters, page), q);
  const meta = {
    title: q ? `Trending papers matching “${clip(q, 60)}”` : "Trending papers",
    description: `Research papers trending over ${WINDOW_LABELS[filters.window].span}, ranked by upvotes, GitHub stars and daily lists.`,
    canonicalPath: hrefFor(filters.page),
    feeds,
    nav: "trending" as const,
    searchQuery: q || undefined,
  };
  const lede = q
    ? `The papers matching your search, most trending first, as of ${asOf}.`
    : `Ranked by upvotes, GitHub star growth, daily lists and position on the Hugging Face papers page over ${WINDOW_LABELS[filters.window].span}, decayed by age, as of ${asOf}.`;
  return (
    <Layout meta={meta} publicUrl={publicUrl}>
      <PageHead title={meta.title} lede={lede} feeds={feeds} />
      {subscribe}
      {result.isLatestData && (
        <p class="notice">Showing trending as of {asOf}, the latest day with data in this hub.</p>
      )}
      <TrendingFilterForm filters={filters} q={q} />
      {items.length > 0 ? (
        <PaperList
          items={items}
          asOf={result.asOf}
          firstRank={(filters.page - 1) * PAGE_SIZE + 1}
          label={`Trending papers, page ${filters.page}`}
        />
      ) : (
        <TrendingEmptyState filters={filters} q={q} asOf={asOf} total={result.total} />
      )}
      <Pagination page={filters.page} pages={pageCount(result.total)} hrefFor={hrefFor} />
    </Layout>
  );
}

/**
 * A GET form, so filtering works without JavaScript and every view has a shareable URL.
 * A search ranks its matches by trending on its own terms, so the window applies only without one.
 */
function TrendingFilterForm({ filters, q }: { filters: TrendingFilters; q: string }) {
  const extraCategory = filters.category && !isOfferedCategory(filters.category) ? filters.category : null;
  return (
    <form class="toolbar" method="get" action="/" aria-label="Filter trending papers">
      {filters.date && <input type="hidden" name="date" value={filters.date} />}
      <div class="field">
        <label for="filter-q">Matching</label>
        <input id="filter-q" type="search" name="q" value={q} placeholder="Any paper" autocomplete="off" />
      </div>
      {!q && (
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
      )}
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

function TrendingEmptyState({
  filters,
  q,
  asOf,
  total,
}: {
  filters: TrendingFilters;
  q: string;
  asOf: string;
  total: number;
}) {
  if (total > 0) {
    return (
      <EmptyState title={`There is no page ${filters.page}`}>
        <p>
          This ranking has {total} papers, which fit on {pageCount(total)} pages.{" "}
          <a href={withSearchParam(trendingHref(filters, 1), q)}>Go to the first page</a>.
        </p>
      </EmptyState>
    );
  }
  if (q) {
    return (
      <EmptyState title="No trending papers match this search">
        <p>
          <a href={trendingHref({ ...filters, category: undefined, hasCode: false }, 1)}>Show all trending papers</a>
          {" · "}
          <a href={`/search?${new URLSearchParams({ q }).toString()}`}>Search all papers</a>
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
