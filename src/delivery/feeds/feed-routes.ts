import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import { InvalidPeriodError, type ListingPeriod, dayPeriod, parsePeriod } from "../../core/listings/listing-period.js";
import { TrendingQuerySchema } from "../http/api/api-schemas.js";
import type { HttpEnv } from "../http/http-env.js";
import { renderAtomFeed } from "./atom-feed.js";
import {
  type FeedDocument,
  type FeedFormat,
  type ListFeedInput,
  buildListFeedDocument,
  buildTrendingFeedDocument,
} from "./feed-document.js";
import { renderJsonFeed } from "./json-feed.js";
import { renderRssFeed } from "./rss-feed.js";

/** As many items as the trending page's first page. */
const TRENDING_FEED_ITEMS = 30;
/** A daily list rarely holds more; a week or month feed shows its most trending papers. */
const LIST_FEED_ITEMS = 100;

/**
 * `application/rss+xml` was never registered but is what readers and browsers expect; the
 * other two are the formats' own types.
 * @see https://www.rfc-editor.org/rfc/rfc4287#section-7
 * @see https://www.jsonfeed.org/version/1.1/
 */
const FORMATS: Readonly<Record<FeedFormat, { contentType: string; render: (doc: FeedDocument) => string }>> = {
  rss: { contentType: "application/rss+xml; charset=utf-8", render: renderRssFeed },
  atom: { contentType: "application/atom+xml; charset=utf-8", render: renderAtomFeed },
  json: { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
};

/** The trending page's filters, validated as the API validates them; the feed does its own paging. */
const TrendingFeedQuerySchema = TrendingQuerySchema.pick({ date: true, window: true, category: true, has_code: true });

/**
 * Feeds of trending and of every daily, weekly and monthly list, each as RSS, Atom and
 * JSON Feed: `/feeds/trending.rss`, `/feeds/daily.atom`, `/feeds/week/2026-W26.json`.
 * An unknown extension is a 404; a malformed date, week, month or filter a plain-text 400.
 */
export function registerFeedRoutes(http: Hono<HttpEnv>, app: App): void {
  const publicUrl = app.config.publicUrl;

  async function sendTrendingFeed(c: Context, format: FeedFormat) {
    // A GET form sends `category=` for "all categories": an empty value means no filter, as on the page.
    const given = Object.entries(c.req.query()).filter(([, value]) => value.trim() !== "");
    const parsed = TrendingFeedQuerySchema.safeParse(Object.fromEntries(given));
    if (!parsed.success) return c.text(describeIssues(parsed.error.issues), 400);
    const filters = {
      window: parsed.data.window,
      category: parsed.data.category,
      hasCode: parsed.data.has_code,
      date: parsed.data.date,
    };
    const result = await app.trending.getTrending({ ...filters, offset: 0, limit: TRENDING_FEED_ITEMS });
    const papers = await app.papers.findPapers(result.items.map((r) => r.score.paperId));
    const byId = new Map(papers.map((p) => [p.id, p]));
    const entries = result.items.flatMap((ranked) => {
      const paper = byId.get(ranked.score.paperId);
      return paper ? [{ paper, ranked }] : [];
    });
    const input = { ...filters, search: canonicalSearch(filters), asOf: result.asOf, entries };
    return sendFeed(c, format, buildTrendingFeedDocument(input, publicUrl));
  }

  async function sendListFeed(
    c: Context,
    format: FeedFormat,
    period: ListingPeriod | null,
    feed: Omit<ListFeedInput, "list">,
  ) {
    const options = { sort: "trending", offset: 0, limit: LIST_FEED_ITEMS } as const;
    const list = period ? await app.listings.getPeriodList(period, options) : null;
    return sendFeed(c, format, buildListFeedDocument({ ...feed, list }, publicUrl));
  }

  http.get("/feeds/:file", async (c) => {
    const file = splitFeedFile(c.req.param("file"));
    if (file?.name === "trending") return sendTrendingFeed(c, file.format);
    if (file?.name !== "daily") return c.notFound();
    const day = await app.listings.findLatestListingDay();
    return sendListFeed(c, file.format, day ? dayPeriod(day) : null, { feedPath: "/feeds/daily", isLatest: true });
  });

  http.get("/feeds/:kind/:file", async (c) => {
    const kind = c.req.param("kind");
    const file = splitFeedFile(c.req.param("file"));
    if (!file || (kind !== "date" && kind !== "week" && kind !== "month")) return c.notFound();
    let period: ListingPeriod;
    try {
      period = parsePeriod(kind, file.name);
    } catch (error) {
      if (error instanceof InvalidPeriodError) return c.text(error.message, 400);
      throw error;
    }
    return sendListFeed(c, file.format, period, { feedPath: `/feeds/${kind}/${period.key}`, isLatest: false });
  });
}

function sendFeed(c: Context, format: FeedFormat, doc: FeedDocument): Response {
  return c.body(FORMATS[format].render(doc), 200, { "Content-Type": FORMATS[format].contentType });
}

/** "window: Invalid option: expected one of …", one line per problem. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("\n");
}

/** `2026-W26.atom` → `{ name: "2026-W26", format: "atom" }`; null for an unknown extension. */
function splitFeedFile(file: string): { name: string; format: FeedFormat } | null {
  const dot = file.lastIndexOf(".");
  const extension = file.slice(dot + 1);
  if (dot <= 0 || !Object.hasOwn(FORMATS, extension)) return null;
  return { name: file.slice(0, dot), format: extension as FeedFormat };
}

/** The filters that differ from the defaults, in a fixed order, for the feed's own links. */
function canonicalSearch(filters: { window: string; category?: string; hasCode?: boolean; date?: string }): string {
  const params = new URLSearchParams();
  if (filters.window !== "week") params.set("window", filters.window); // the schema's default
  if (filters.category) params.set("category", filters.category);
  if (filters.hasCode) params.set("has_code", "1");
  if (filters.date) params.set("date", filters.date);
  const search = params.toString();
  return search ? `?${search}` : "";
}
