import type { Child } from "hono/jsx";
import type { ListingPeriod } from "../../core/listings/listing-period.js";
import { describePeriod, periodOfKind, periodPath } from "../../core/listings/listing-period.js";
import type { ListingSort, PeriodList } from "../../core/listings/listings-service.js";
import { formatHumanDay } from "../../lib/dates.js";
import { type FeedLinks, latestDailyFeedLinks, periodFeedLinks } from "./feed-links.js";
import { plural } from "./format.js";
import { Layout, type NavSection, PageHead } from "./layout.js";
import { Pagination } from "./pagination.js";
import { EmptyState, PaperList } from "./paper-list.js";
import { SubmitLink } from "./submit-page.js";
import { PAGE_SIZE, listHref, pageCount } from "./web-query.js";

const NAV_OF_KIND: Record<ListingPeriod["kind"], NavSection> = { day: "daily", week: "weekly", month: "monthly" };
const KIND_LABELS: Record<ListingPeriod["kind"], string> = { day: "Day", week: "Week", month: "Month" };
const SORT_LABELS: Record<ListingSort, string> = { trending: "Trending", publishedAt: "Newest" };

export interface PeriodPageProps {
  readonly list: PeriodList;
  readonly sort: ListingSort;
  readonly page: number;
  /** True on /papers, which shows the latest day under its own URL and feeds. */
  readonly isLatest: boolean;
  readonly publicUrl: string;
  /** The digest sign-up form on daily pages (subscribe-form.tsx). */
  readonly subscribe?: Child;
}

/** "Jun 29, 2026" for a day; "Week 27 of 2026", "June 2026" for longer periods. */
export function shortPeriodLabel(period: ListingPeriod): string {
  return period.kind === "day" ? formatHumanDay(period.key) : describePeriod(period);
}

export function PeriodPage({ list, sort, page, isLatest, publicUrl, subscribe }: PeriodPageProps) {
  const { period } = list;
  const path = isLatest ? "/papers" : periodPath(period);
  const label = describePeriod(period);
  const feeds: FeedLinks = isLatest ? latestDailyFeedLinks() : periodFeedLinks(period, shortPeriodLabel(period));
  const meta = {
    title: isLatest ? "Daily papers" : `Papers of ${shortPeriodLabel(period)}`,
    description: `${plural(list.total, "paper")} on the daily list for ${label}, ranked by trending.`,
    canonicalPath: listHref(path, page, sort),
    feeds,
    nav: NAV_OF_KIND[period.kind],
  };
  return (
    <Layout meta={meta} publicUrl={publicUrl}>
      <PageHead title={isLatest ? "Daily papers" : label} lede={describeLede(list, isLatest)} feeds={feeds} />
      {subscribe}
      <div class="toolbar">
        <ViewSwitch period={period} />
        <SortSwitch path={path} sort={sort} />
        <SubmitLink />
      </div>
      <PeriodNav list={list} />
      {list.items.length > 0 ? (
        <PaperList
          items={list.items}
          asOf={period.last}
          firstRank={sort === "trending" ? (page - 1) * PAGE_SIZE + 1 : undefined}
          label={`Papers of ${label}, page ${page}`}
        />
      ) : (
        <PeriodEmptyState list={list} page={page} path={path} sort={sort} />
      )}
      <Pagination page={page} pages={pageCount(list.total)} hrefFor={(p) => listHref(path, p, sort)} />
    </Layout>
  );
}

function describeLede(list: PeriodList, isLatest: boolean): string {
  const { period } = list;
  const span = period.kind === "day" ? "" : ` (${formatHumanDay(period.first)} – ${formatHumanDay(period.last)})`;
  const count = `${plural(list.total, "paper")} on the daily list`;
  return isLatest ? `The latest list, ${describePeriod(period)}: ${count}.` : `${count}${span}.`;
}

/** Day, week and month views of the same date. */
function ViewSwitch({ period }: { period: ListingPeriod }) {
  return (
    <div class="toolbar-group">
      <span id="view-label">View</span>
      <div class="segmented" role="group" aria-labelledby="view-label">
        {(["day", "week", "month"] as const).map((kind) =>
          kind === period.kind ? (
            <span aria-current="page">{KIND_LABELS[kind]}</span>
          ) : (
            <a href={periodPath(periodOfKind(kind, period.first))}>{KIND_LABELS[kind]}</a>
          ),
        )}
      </div>
    </div>
  );
}

function SortSwitch({ path, sort }: { path: string; sort: ListingSort }) {
  return (
    <div class="toolbar-group">
      <span id="sort-label">Sort by</span>
      <div class="segmented" role="group" aria-labelledby="sort-label">
        {(Object.keys(SORT_LABELS) as ListingSort[]).map((s) =>
          s === sort ? (
            <span aria-current="true">{SORT_LABELS[s]}</span>
          ) : (
            <a href={listHref(path, 1, s)}>{SORT_LABELS[s]}</a>
          ),
        )}
      </div>
    </div>
  );
}

/** The nearest earlier and later periods that have papers (empty days are skipped). */
function PeriodNav({ list }: { list: PeriodList }) {
  if (!list.previous && !list.next) return null;
  const kind = KIND_LABELS[list.period.kind].toLowerCase();
  return (
    <nav class="pager period-nav" aria-label={`Other ${kind}s`}>
      {list.previous ? (
        <a href={periodPath(list.previous)}>
          <span class="sr-only">{`Previous ${kind}: `}</span>← {shortPeriodLabel(list.previous)}
        </a>
      ) : (
        <span />
      )}
      {list.next ? (
        <a href={periodPath(list.next)}>
          <span class="sr-only">{`Next ${kind}: `}</span>
          {shortPeriodLabel(list.next)} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

function PeriodEmptyState({
  list,
  page,
  path,
  sort,
}: {
  list: PeriodList;
  page: number;
  path: string;
  sort: ListingSort;
}) {
  if (list.total > 0) {
    return (
      <EmptyState title={`There is no page ${page}`}>
        <p>
          This list has {plural(list.total, "paper")}, which fit on {plural(pageCount(list.total), "page")}.{" "}
          <a href={listHref(path, 1, sort)}>Go to the first page</a>.
        </p>
      </EmptyState>
    );
  }
  const kind = list.period.kind === "day" ? "that day" : `in that ${list.period.kind}`;
  return (
    <EmptyState title={`No papers ${list.period.kind === "day" ? "on" : "in"} ${shortPeriodLabel(list.period)}`}>
      <p>
        Nothing was added to the daily list {kind}.{" "}
        {list.previous || list.next
          ? "The links above go to the nearest lists that have papers."
          : "This hub has no daily lists yet."}
      </p>
      <p>
        <a href="/">See what is trending</a>
      </p>
    </EmptyState>
  );
}
