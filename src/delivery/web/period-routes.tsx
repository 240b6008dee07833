import { SubscribeForm } from "./subscribe-form.js";
import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import { type ListingPeriod, parsePeriod, periodOfKind, periodPath } from "../../core/listings/listing-period.js";
import { formatDay } from "../../lib/dates.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendPage } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { PeriodPage } from "./period-page.js";
import { PAGE_SIZE, parsePageParam, parseSortParam } from "./web-query.js";
import { withVoteStates } from "./vote-states.js";

/**
 * The daily lists: `/papers` (the latest day with papers), `/papers/date/YYYY-MM-DD`,
 * `/papers/week/YYYY-Www` (ISO week) and `/papers/month/YYYY-MM`. Register before the
 * paper routes, whose `/papers/*` would otherwise read "date/2026-06-29" as an id.
 */
export function registerPeriodRoutes(http: Hono<HttpEnv>, app: App): void {
  async function sendPeriod(c: Context<HttpEnv>, period: ListingPeriod, isLatest: boolean) {
    const query = c.req.query();
    const sort = parseSortParam(query);
    const page = parsePageParam(query);
    const list = await app.listings.getPeriodList(period, { sort, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const status = list.items.length === 0 && page > 1 ? 404 : 200;
    const body = (
      <PeriodPage
        list={list}
        sort={sort}
        page={page}
        isLatest={isLatest}
        publicUrl={app.config.publicUrl}
        subscribe={period.kind === "day" ? <SubscribeForm c={c} /> : undefined}
      />
    );
    return sendPage(
      c,
      await withVoteStates(
        c,
        app,
        list.items.map((item) => item.paper.id),
        body,
      ),
      status,
    );
  }

  /** The latest listing day, or today when the hub has no lists yet (its page then says so). */
  async function latestDay(): Promise<string> {
    return (await app.listings.findLatestListingDay()) ?? formatDay(app.now());
  }

  http.get(
    "/papers",
    pageHandler(async (c) => sendPeriod(c, parsePeriod("date", await latestDay()), true)),
  );
  http.get("/papers/date", (c) => c.redirect("/papers", 302));
  for (const kind of ["week", "month"] as const) {
    // The nav's Weekly and Monthly: the period holding the latest list, which changes daily.
    http.get(`/papers/${kind}`, async (c) => c.redirect(periodPath(periodOfKind(kind, await latestDay())), 302));
  }
  for (const kind of ["date", "week", "month"] as const) {
    http.get(
      `/papers/${kind}/:key`,
      pageHandler(async (c) => sendPeriod(c, parsePeriod(kind, c.req.param("key") ?? ""), false)),
    );
  }
}
