import { z } from "@hono/zod-openapi";
import { parseDay } from "../../../lib/dates.js";

/** Request and response schemas of the JSON APIs; the OpenAPI document is generated from them. */

export const DaySchema = z
  .string()
  .refine((s) => parseDay(s) !== null, { message: "expected a date YYYY-MM-DD, e.g. 2025-03-14" })
  .openapi({ example: "2026-08-21" });

export const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

export const CategorySchema = z
  .string()
  .regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, "expected an arXiv category such as cs.LG or an archive such as cs")
  .openapi({ example: "cs.CL" });

export const PaperIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, example: "2501.01234" }),
});

export const TrendingQuerySchema = z.object({
  date: DaySchema.optional().openapi({
    description: "Rank as of the end of this day (default: today, or the latest day with data)",
  }),
  window: z.enum(["day", "week", "month"]).default("week").openapi({ description: "How far back activity counts" }),
  category: CategorySchema.optional(),
  has_code: booleanish.optional().openapi({ description: "Only papers with a GitHub repository", example: "1" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const PeriodParamSchema = z.object({
  kind: z.enum(["date", "week", "month"]).openapi({ param: { name: "kind", in: "path" } }),
  key: z
    .string()
    .max(20)
    .openapi({ param: { name: "key", in: "path" }, example: "2026-W34" }),
});

export const PeriodQuerySchema = z.object({
  sort: z.enum(["trending", "publishedAt"]).default("trending"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ErrorSchema = z.object({ error: z.string() }).openapi("Error");

export const PaperSchema = z
  .object({
    id: z.string().openapi({ example: "2501.01234" }),
    version: z.number().int(),
    title: z.string(),
    abstract: z.string(),
    authors: z.array(z.string()),
    categories: z.array(z.string()),
    primaryCategory: z.string().nullable(),
    publishedAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    comments: z.string().nullable(),
    doi: z.string().nullable(),
    journalRef: z.string().nullable(),
    githubRepo: z.string().nullable().openapi({ example: "owner/repo" }),
    githubStars: z.number().int().nullable(),
    projectPage: z.string().nullable(),
    aiSummary: z.string().nullable(),
    aiKeywords: z.array(z.string()),
    upvotes: z.number().int(),
    links: z.object({ html: z.string(), arxiv: z.string(), pdf: z.string(), bibtex: z.string(), markdown: z.string() }),
  })
  .openapi("Paper");

export const TrendingInfoSchema = z
  .object({
    score: z.number().openapi({ description: "Points before decay" }),
    hotness: z.number().openapi({ description: "Score decayed by age: the sort key" }),
    components: z.object({
      upvotePoints: z.number(),
      starPoints: z.number(),
      listingPoints: z.number(),
      pageRankPoints: z.number(),
      featurePoints: z.number(),
    }),
    starGain: z.number().nullable().openapi({ description: "Stars gained in the last 7 days" }),
    ageHours: z.number(),
    reasons: z.array(z.string()).openapi({ example: ["+120 stars this week", "35 upvotes", "2 days old"] }),
  })
  .openapi("TrendingInfo");

export const TrendingResponseSchema = z
  .object({
    asOf: z.string().openapi({ description: "The day ranked" }),
    isLatestData: z.boolean().openapi({ description: "True when the hub's data ends before today" }),
    window: z.enum(["day", "week", "month"]),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    items: z.array(z.object({ rank: z.number().int(), paper: PaperSchema, trending: TrendingInfoSchema })),
  })
  .openapi("TrendingResponse");

export const ListingSchema = z
  .object({
    listingDate: z.string(),
    submittedAt: z.string(),
    submittedBy: z.string().nullable(),
    featuredBy: z.string().nullable(),
  })
  .openapi("Listing");

export const PeriodSchema = z
  .object({
    kind: z.enum(["day", "week", "month"]),
    key: z.string(),
    first: z.string(),
    last: z.string(),
    url: z.string(),
  })
  .openapi("Period");

export const PeriodResponseSchema = z
  .object({
    period: PeriodSchema,
    previous: PeriodSchema.nullable(),
    next: PeriodSchema.nullable(),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    items: z.array(z.object({ listing: ListingSchema, paper: PaperSchema, trending: TrendingInfoSchema.nullable() })),
  })
  .openapi("DailyList");

export const PaperDetailsSchema = z
  .object({
    paper: PaperSchema,
    listings: z.array(ListingSchema),
    starHistory: z.array(z.object({ day: z.string(), stars: z.number().int() })),
    pageRanks: z.array(z.object({ day: z.string(), rank: z.number().int() })),
  })
  .openapi("PaperDetails");

export const HfDailyQuerySchema = z.object({
  p: z.coerce.number().int().min(0).max(10_000).default(0).openapi({ description: "Page, 0-based" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  date: DaySchema.optional(),
  week: z.string().max(10).optional().openapi({ example: "2026-W34" }),
  month: z.string().max(10).optional().openapi({ example: "2026-08" }),
  submitter: z.string().min(1).max(100).optional(),
  sort: z.enum(["publishedAt", "trending"]).default("publishedAt"),
});

/** Hugging Face's shapes are documented loosely: clients read named fields and ignore the rest. */
export const HfDailyItemSchema = z.object({}).passthrough().openapi("HfDailyPaperItem");
export const HfPaperSchema = z.object({}).passthrough().openapi("HfPaper");
