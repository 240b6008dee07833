import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import { addDays } from "../../../lib/dates.js";
import { dayPeriod, type ListingPeriod } from "../../../core/listings/listing-period.js";
import type { HttpEnv } from "../http-env.js";
import { ApiError, parsePaperIdOrThrow, parsePeriodOrThrow } from "./api-errors.js";
import {
  ErrorSchema,
  HfDailyItemSchema,
  HfDailyQuerySchema,
  HfPaperSchema,
  PaperIdParamSchema,
} from "./api-schemas.js";
import { presentHfDailyItem, presentHfPaperInfo } from "./hf-presenter.js";
import { registerHfSearchRoute } from "./search-api-routes.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

const dailyPapersRoute = createRoute({
  method: "get",
  path: "/daily_papers",
  summary: "Hugging Face-compatible daily papers",
  description:
    'Same parameters and item shape as huggingface.co/api/daily_papers. Without date/week/month: the newest listings first (sort=publishedAt) or the last 7 listed days by trending (sort=trending). A `Link: <…>; rel="next"` header points at the next page.',
  request: { query: HfDailyQuerySchema },
  responses: {
    200: json(HfDailyItemSchema.array(), "Daily paper items"),
    400: json(ErrorSchema, "Bad date, week, month or paging"),
  },
});

const paperInfoRoute = createRoute({
  method: "get",
  path: "/papers/{id}",
  summary: "Hugging Face-compatible paper info",
  request: { params: PaperIdParamSchema },
  responses: {
    200: json(HfPaperSchema, "The paper, flat, with HF's field names"),
    400: json(ErrorSchema, "Not an arXiv id"),
    404: json(ErrorSchema, "Not in this hub"),
  },
});

/** The days a trending request without a date covers, ending at the latest listing. */
const TRENDING_DEFAULT_DAYS = 7;

export function registerHfRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;
  registerHfSearchRoute(api, app);

  api.openapi(dailyPapersRoute, async (c) => {
    const q = c.req.valid("query");
    const explicit = [q.date && ["date", q.date], q.week && ["week", q.week], q.month && ["month", q.month]].filter(
      (x): x is ["date" | "week" | "month", string] => !!x,
    );
    if (explicit.length > 1) throw new ApiError(400, "Give at most one of date, week and month.");
    const offset = q.p * q.limit;
    let period: ListingPeriod | null = explicit[0] ? parsePeriodOrThrow(...explicit[0]) : null;
    if (!period && q.sort === "trending") {
      const latest = await app.listings.findLatestListingDay();
      period = latest
        ? { ...dayPeriod(latest), kind: "week", key: latest, first: addDays(latest, -TRENDING_DEFAULT_DAYS + 1) }
        : null;
    }
    let items: Parameters<typeof presentHfDailyItem>[0][];
    let hasMore: boolean;
    if (period) {
      const list = await app.listings.getPeriodList(period, {
        sort: q.sort,
        offset,
        limit: q.limit,
        submittedBy: q.submitter,
      });
      items = list.items;
      hasMore = offset + q.limit < list.total;
    } else {
      const recent = await app.listings.getRecentListings({ offset, limit: q.limit, submittedBy: q.submitter });
      items = recent.items;
      hasMore = recent.hasMore;
    }
    if (hasMore) {
      const next = new URL(c.req.url);
      next.searchParams.set("p", String(q.p + 1));
      next.searchParams.set("limit", String(q.limit));
      c.header("Link", `<${base}/api/daily_papers${next.search}>; rel="next"`);
    }
    const discussions = await app.discussion.summarizeDiscussions(items.map((item) => item.paper.id));
    return c.json(
      items.map((item) => presentHfDailyItem(item, base, discussions.get(item.paper.id))),
      200,
    );
  });

  api.openapi(paperInfoRoute, async (c) => {
    const id = parsePaperIdOrThrow(c.req.valid("param").id);
    const details = await app.papers.getPaperDetails(id);
    if (!details) throw new ApiError(404, `Paper ${id} not found in this hub.`);
    const discussion = (await app.discussion.summarizeDiscussions([id])).get(id);
    return c.json(presentHfPaperInfo(details.paper, details.listings[0] ?? null, base, discussion), 200);
  });
}
