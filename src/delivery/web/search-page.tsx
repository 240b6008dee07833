import type { Hono } from "hono";
import type { App } from "../../app.js";
import { parseSearchQuery } from "../../core/search/parse-search-query.js";
import type { SearchFilters } from "../../core/search/query.js";
import type { SearchResults, SearchStatus } from "../../core/search/search-types.js";
import type { HttpEnv } from "../http/http-env.js";
import { formatCount, plural } from "./format.js";
import { Layout, type PageMeta, PageHead, sendPage } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { Pagination } from "./pagination.js";
import { EmptyState } from "./paper-list.js";
import { SearchExamples } from "./search-examples.js";
import { SearchFacetsPanel } from "./search-facets.js";
import { SearchForm, describeMode } from "./search-form.js";
import { SearchHitCard } from "./search-hit-card.js";
import {
  SEARCH_PAGE_SIZE,
  type SearchPageInput,
  clip,
  effectiveQuery,
  parseSearchPageInput,
  searchHref,
} from "./search-query.js";

/** Characters of the query shown in the page title and heading. */
const TITLE_QUERY_CHARS = 60;

/**
 * `/search`: a start page with examples, the results with highlights, facets and paging, or
 * (400) the reason a query cannot mean anything. Every control is a GET parameter.
 */
export function registerSearchPage(http: Hono<HttpEnv>, app: App): void {
  http.get(
    "/search",
    pageHandler(async (c) => {
      const input = parseSearchPageInput(c.req.query());
      const status = app.search.status();
      const publicUrl = app.config.publicUrl;
      if (input.q.trim() === "" && !input.hasCode) {
        return sendPage(c, <SearchStartPage input={input} status={status} publicUrl={publicUrl} />);
      }
      const q = effectiveQuery(input.q, input.hasCode);
      const outcome = await app.search.search({
        q,
        mode: input.mode,
        sort: input.sort,
        offset: (input.page - 1) * SEARCH_PAGE_SIZE,
        limit: SEARCH_PAGE_SIZE,
        facets: true,
        highlight: true,
      });
      if (outcome.kind === "rejected") {
        const page = <SearchStartPage input={input} status={status} publicUrl={publicUrl} problem={outcome.message} />;
        return sendPage(c, page, 400);
      }
      const filters = parseSearchQuery(q).filters;
      const page = (
        <SearchResultsPage input={input} status={status} results={outcome} filters={filters} publicUrl={publicUrl} />
      );
      // A page past the end is a dead link, not an empty search.
      return sendPage(c, page, outcome.hits.length === 0 && input.page > 1 ? 404 : 200);
    }),
  );
}

function searchMeta(input: SearchPageInput, title: string): PageMeta {
  return {
    title,
    searchQuery: input.q,
    // Result pages are endless and change daily: search engines should not index them.
    head: <meta name="robots" content="noindex" />,
  };
}

/** The start page, or a search that means nothing (with `problem`, sent as a 400). */
function SearchStartPage({
  input,
  status,
  publicUrl,
  problem,
}: {
  input: SearchPageInput;
  status: SearchStatus;
  publicUrl: string;
  problem?: string;
}) {
  const meta = problem ? searchMeta(input, "Search") : { title: "Search", canonicalPath: "/search" };
  return (
    <Layout meta={meta} publicUrl={publicUrl}>
      <PageHead
        title="Search papers"
        lede={`Find papers by their words${status.semantic === "disabled" ? "" : " or by their meaning"}: titles, abstracts and authors.`}
      />
      <SearchForm input={input} status={status} />
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <SearchExamples />
    </Layout>
  );
}

interface SearchResultsPageProps {
  readonly input: SearchPageInput;
  readonly status: SearchStatus;
  readonly results: SearchResults;
  readonly filters: SearchFilters;
  readonly publicUrl: string;
}

function SearchResultsPage({ input, status, results, filters, publicUrl }: SearchResultsPageProps) {
  const shown = clip(input.q.trim() || "has:code", TITLE_QUERY_CHARS);
  const pages = Math.max(1, Math.ceil(results.total / SEARCH_PAGE_SIZE));
  const showFacets = results.facets !== null && results.hits.length > 0;
  return (
    <Layout meta={searchMeta(input, `“${shown}”: search`)} publicUrl={publicUrl}>
      <PageHead title={`Results for “${shown}”`} />
      <SearchForm input={input} status={status} sort={results.sort} />
      <ActiveFilters filters={filters} />
      {results.fallback && <p class="notice">{results.fallback}</p>}
      {results.warnings.length > 0 && (
        <ul class="notice search-warnings" aria-label="About your search">
          {results.warnings.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      )}
      <div class={showFacets ? "search-layout" : "search-layout no-facets"}>
        <div class="search-main">
          {results.total > 0 && <ResultSummary results={results} />}
          {results.hits.length > 0 ? (
            <ol class="cards search-hits" start={results.offset + 1} aria-label={`Search results, page ${input.page}`}>
              {results.hits.map((hit) => (
                <li>
                  <SearchHitCard hit={hit} />
                </li>
              ))}
            </ol>
          ) : (
            <NoResults input={input} status={status} results={results} pages={pages} />
          )}
          <Pagination page={input.page} pages={pages} hrefFor={(p) => searchHref(input, p)} />
        </div>
        {showFacets && results.facets && (
          <SearchFacetsPanel facets={results.facets} input={input} activeCategories={filters.categories} />
        )}
      </div>
    </Layout>
  );
}

/** "About 12,345 papers · matched by words and meaning · 35 ms", announced to screen readers. */
function ResultSummary({ results }: { results: SearchResults }) {
  const count = results.totalExact ? plural(results.total, "paper") : `About ${formatCount(results.total)} papers`;
  return (
    <p class="result-summary" role="status">
      {count} · matched by {describeMode(results.mode)} · {formatCount(Math.round(results.tookMs))} ms
    </p>
  );
}

/** The filters the query holds, in words, so a reader sees what `cat:` and `from:` did. */
function ActiveFilters({ filters }: { filters: SearchFilters }) {
  const chips = [
    ...filters.authors.map((a) => `author: ${a}`),
    ...filters.categories.map((c) => `category: ${c}`),
    ...describeDates(filters.published),
    ...(filters.hasCode ? ["with code"] : []),
  ];
  if (chips.length === 0) return null;
  return (
    <p class="search-filters">
      <span class="muted">Filters:</span>
      {chips.map((chip) => (
        <span class="chip">{chip}</span>
      ))}
    </p>
  );
}

function describeDates({ from, to }: SearchFilters["published"]): string[] {
  if (from && to) return [`published ${from} to ${to}`];
  if (from) return [`published from ${from}`];
  return to ? [`published until ${to}`] : [];
}

function NoResults({
  input,
  status,
  results,
  pages,
}: {
  input: SearchPageInput;
  status: SearchStatus;
  results: SearchResults;
  pages: number;
}) {
  if (results.total > 0) {
    return (
      <EmptyState title={`There is no page ${input.page}`}>
        <p>
          This search found {plural(results.total, "paper")}, which fit on {plural(pages, "page")}.{" "}
          <a href={searchHref(input, 1)}>Go to the first page</a>.
        </p>
      </EmptyState>
    );
  }
  const canTryMeaning = results.mode === "keyword" && status.semantic !== "disabled";
  return (
    <EmptyState title="No papers match this search">
      <p>Check the spelling, use fewer words, or remove a filter.</p>
      <p>
        {canTryMeaning && (
          <>
            <a href={searchHref({ ...input, mode: "semantic" })}>Search by meaning instead</a>
            {" · "}
          </>
        )}
        {input.hasCode && (
          <>
            <a href={searchHref({ ...input, hasCode: false })}>Include papers without code</a>
            {" · "}
          </>
        )}
        <a href="/search">How to search</a>
      </p>
    </EmptyState>
  );
}
