import { z } from "@hono/zod-openapi";
import { MAX_QUERY_CHARS } from "../../../core/search/parse-search-query.js";
import { PaperSchema, booleanish } from "./api-schemas.js";

/** Request and response schemas of search (`/api/v1/search`, similar papers, HF's `/api/papers/search`). */

/** Hugging Face's limits on `/api/papers/search` (../shared/research/hf-api.md). */
const HF_MAX_QUERY_CHARS = 250;
const HF_MAX_LIMIT = 120;
const HF_DEFAULT_LIMIT = 50;

const SEARCH_MODES = ["keyword", "semantic", "hybrid"] as const;

const queryText = (maxChars: number) =>
  z
    .string({ error: "required: the text to search for" })
    .max(maxChars, `at most ${maxChars.toLocaleString("en-US")} characters`);

export const SearchQuerySchema = z.object({
  q: queryText(MAX_QUERY_CHARS).openapi({
    description:
      'What to look for, in the query language: words, "phrases", -exclusions, OR, and the filters author:, cat:, year:, from:, to: and has:code',
    example: 'diffusion "image generation" cat:cs.CV from:2024',
  }),
  mode: z.enum(SEARCH_MODES).optional().openapi({
    description:
      "keyword (words, BM25), semantic (meaning) or hybrid (both fused). Default: the hub's best available mode",
  }),
  sort: z.enum(["relevance", "date", "trending"]).optional().openapi({
    description: "Default: relevance, or date for a search of filters only",
  }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  prefix: booleanish.optional().openapi({ description: "Match the last word as a prefix (search as you type)" }),
  facets: booleanish.optional().openapi({ description: "Count the matches by primary category and by year" }),
  highlight: booleanish.optional().openapi({
    description: "Split each title and the best abstract passage into matched and unmatched segments",
  }),
});

const TextSegmentSchema = z
  .object({ text: z.string(), match: z.boolean() })
  .openapi("TextSegment", { description: "A stretch of text; joined in order, segments give the whole text back" });

const SearchHitSchema = z
  .object({
    paper: PaperSchema,
    score: z.number().openapi({ description: "Higher is better; comparable only within one response" }),
    matchedBy: z.array(z.enum(["keyword", "semantic"])).openapi({ description: "Which retrievers found the paper" }),
    highlight: z
      .object({
        title: z.array(TextSegmentSchema),
        abstract: z.array(TextSegmentSchema).openapi({ description: "The best passage, with … where it was cut" }),
      })
      .nullable()
      .openapi({ description: "Null unless asked for, or when no word matched (a paper found by meaning)" }),
  })
  .openapi("SearchHit");

const FacetCountSchema = z.object({ value: z.string(), count: z.number().int() });

const SearchFacetsSchema = z
  .object({
    categories: z.array(FacetCountSchema).openapi({ description: "Primary categories, most papers first" }),
    years: z.array(FacetCountSchema).openapi({ description: "Publication years, ascending" }),
    countedMatches: z.number().int(),
    exact: z.boolean().openapi({ description: "False when only the best matches were counted" }),
  })
  .openapi("SearchFacets");

export const SearchResponseSchema = z
  .object({
    q: z.string(),
    mode: z.enum(SEARCH_MODES).openapi({ description: "The mode that ran (see fallback)" }),
    sort: z.enum(["relevance", "date", "trending"]),
    page: z.number().int(),
    limit: z.number().int(),
    total: z
      .number()
      .int()
      .openapi({ description: "Matching papers (for semantic and hybrid: those that can be paged)" }),
    totalExact: z.boolean().openapi({ description: "False when total is a lower bound" }),
    hits: z.array(SearchHitSchema),
    facets: SearchFacetsSchema.nullable(),
    warnings: z.array(z.string()).openapi({ description: "Input that was changed or ignored, in words" }),
    fallback: z.string().nullable().openapi({ description: "Why another mode ran than the one asked for" }),
    tookMs: z.number(),
  })
  .openapi("SearchResponse");

export const SimilarQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const SimilarResponseSchema = z
  .object({
    paper: PaperSchema,
    similar: z.array(
      z.object({
        paper: PaperSchema,
        similarity: z.number().openapi({ description: "Higher is closer; comparable only within one response" }),
      }),
    ),
  })
  .openapi("SimilarPapers");

export const HfSearchQuerySchema = z.object({
  q: queryText(HF_MAX_QUERY_CHARS),
  limit: z.coerce.number().int().min(1).max(HF_MAX_LIMIT).default(HF_DEFAULT_LIMIT),
});

/** Like HF's daily items: clients read named fields and ignore the rest. */
export const HfSearchItemSchema = z.object({}).passthrough().openapi("HfPaperSearchItem");
