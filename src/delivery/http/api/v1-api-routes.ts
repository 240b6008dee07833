import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import type { HttpEnv } from "../http-env.js";
import { ApiError, parsePaperIdOrThrow, parsePeriodOrThrow } from "./api-errors.js";
import {
  ErrorSchema,
  PaperDetailsSchema,
  PaperIdParamSchema,
  PeriodParamSchema,
  PeriodQuerySchema,
  PeriodResponseSchema,
  TrendingQuerySchema,
  TrendingResponseSchema,
} from "./api-schemas.js";
import { presentListing, presentPaper, presentPeriod, presentTrending } from "./presenters.js";
import { registerV1SearchRoutes } from "./search-api-routes.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const badRequest = json(ErrorSchema, "Invalid parameters, with a message saying which and why");
const notFound = json(ErrorSchema, "No such paper or list");

const trendingRoute = createRoute({
  method: "get",
  path: "/v1/trending",
  summary: "Trending papers, with the components of each score",
  request: { query: TrendingQuerySchema },
  responses: { 200: json(TrendingResponseSchema, "A page of trending papers"), 400: badRequest },
});

const paperRoute = createRoute({
  method: "get",
  path: "/v1/papers/{id}",
  summary: "One paper with its listings, star history and Hugging Face page ranks",
  description: "Old-style ids contain a slash: encode it (hep-th%2F9901001).",
  request: { params: PaperIdParamSchema },
  responses: { 200: json(PaperDetailsSchema, "The paper"), 400: badRequest, 404: notFound },
});

const periodRoute = createRoute({
  method: "get",
  path: "/v1/daily/{kind}/{key}",
  summary: "A daily list: one day (date/2026-08-21), ISO week (week/2026-W34) or month (month/2026-08)",
  request: { params: PeriodParamSchema, query: PeriodQuerySchema },
  responses: { 200: json(PeriodResponseSchema, "The papers listed in the period"), 400: badRequest },
});

const latestRoute = createRoute({
  method: "get",
  path: "/v1/daily/latest",
  summary: "The latest day's list",
  request: { query: PeriodQuerySchema },
  responses: { 200: json(PeriodResponseSchema, "The latest daily list"), 404: notFound },
});

export function registerV1Routes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;

  api.openapi(trendingRoute, async (c) => {
    const q = c.req.valid("query");
    const result = await app.trending.getTrending({
      date: q.date,
      window: q.window,
      category: q.category,
      hasCode: q.has_code,
      offset: (q.page - 1) * q.limit,
      limit: q.limit,
    });
    const papers = new Map(
      (await app.papers.findPapers(result.items.map((r) => r.score.paperId))).map((p) => [p.id, p]),
    );
    return c.json(
      {
        asOf: result.asOf,
        isLatestData: result.isLatestData,
        window: q.window,
        page: q.page,
        limit: q.limit,
        total: result.total,
        items: result.items
          .filter((r) => papers.has(r.score.paperId))
          .map((r, i) => ({
            rank: (q.page - 1) * q.limit + i + 1,
            paper: presentPaper(papers.get(r.score.paperId)!, base),
            trending: presentTrending(r),
          })),
      },
      200,
    );
  });

  api.openapi(paperRoute, async (c) => {
    const id = parsePaperIdOrThrow(c.req.valid("param").id);
    const details = await app.papers.getPaperDetails(id);
    if (!details) throw new ApiError(404, `No paper ${id} in this hub.`);
    return c.json(
      {
        paper: presentPaper(details.paper, base),
        listings: details.listings.map(presentListing),
        starHistory: details.starHistory.map((s) => ({ day: s.day, stars: s.stars })),
        pageRanks: details.pageRanks.map((r) => ({ day: r.day, rank: r.rank })),
      },
      200,
    );
  });

  const presentList = async (
    period: ReturnType<typeof parsePeriodOrThrow>,
    q: { sort: "trending" | "publishedAt"; page: number; limit: number },
  ) => {
    const list = await app.listings.getPeriodList(period, {
      sort: q.sort,
      offset: (q.page - 1) * q.limit,
      limit: q.limit,
    });
    return {
      period: presentPeriod(list.period, base),
      previous: list.previous ? presentPeriod(list.previous, base) : null,
      next: list.next ? presentPeriod(list.next, base) : null,
      page: q.page,
      limit: q.limit,
      total: list.total,
      items: list.items.map((item) => ({
        listing: presentListing(item.listing),
        paper: presentPaper(item.paper, base),
        trending: item.ranked ? presentTrending(item.ranked) : null,
      })),
    };
  };

  api.openapi(latestRoute, async (c) => {
    const day = await app.listings.findLatestListingDay();
    if (!day) throw new ApiError(404, "No daily list yet: import papers with listings first.");
    return c.json(await presentList(parsePeriodOrThrow("date", day), c.req.valid("query")), 200);
  });

  api.openapi(periodRoute, async (c) => {
    const { kind, key } = c.req.valid("param");
    return c.json(await presentList(parsePeriodOrThrow(kind, key), c.req.valid("query")), 200);
  });

  registerV1SearchRoutes(api, app);
}
