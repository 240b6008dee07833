import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import { MAX_SEARCH_LIMIT } from "../../../core/search/search-service.js";
import type { SearchHit } from "../../../core/search/search-types.js";
import type { HttpEnv } from "../http-env.js";
import { ApiError, parsePaperIdOrThrow } from "./api-errors.js";
import { ErrorSchema, PaperIdParamSchema } from "./api-schemas.js";
import {
  HfSearchItemSchema,
  HfSearchQuerySchema,
  SearchQuerySchema,
  SearchResponseSchema,
  SimilarQuerySchema,
  SimilarResponseSchema,
} from "./search-api-schemas.js";
import { presentHfSearchItem, presentSearchResults, presentSimilarPapers } from "./search-presenters.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const badRequest = json(ErrorSchema, "Invalid parameters, or a search that cannot mean anything, with the reason");

const searchRoute = createRoute({
  method: "get",
  path: "/v1/search",
  summary: "Search papers by words, meaning or both, with highlights and facets",
  description:
    "The query language (filters, phrases, exclusions, OR) is the search box's. Input that was repaired is explained in `warnings`; input with nothing to look for is a 400.",
  request: { query: SearchQuerySchema },
  responses: { 200: json(SearchResponseSchema, "A page of matching papers"), 400: badRequest },
});

const similarRoute = createRoute({
  method: "get",
  path: "/v1/papers/{id}/similar",
  summary: "Papers closest in meaning to one paper (by shared words when the hub has no embeddings)",
  description: "Old-style ids contain a slash: encode it (hep-th%2F9901001).",
  request: { params: PaperIdParamSchema, query: SimilarQuerySchema },
  responses: {
    200: json(SimilarResponseSchema, "The paper and its nearest papers, closest first"),
    400: badRequest,
    404: json(ErrorSchema, "No such paper"),
  },
});

const hfSearchRoute = createRoute({
  method: "get",
  path: "/papers/search",
  summary: "Hugging Face-compatible paper search",
  description: "Same parameters and item shape as huggingface.co/api/papers/search; the best matches first.",
  request: { query: HfSearchQuerySchema },
  responses: { 200: json(HfSearchItemSchema.array(), "Matching papers"), 400: badRequest },
});

export function registerV1SearchRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;

  api.openapi(searchRoute, async (c) => {
    const query = c.req.valid("query");
    const outcome = await app.search.search({
      q: query.q,
      mode: query.mode,
      sort: query.sort,
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
      prefix: query.prefix ?? false,
      facets: query.facets ?? false,
      highlight: query.highlight ?? false,
    });
    if (outcome.kind === "rejected") throw new ApiError(400, outcome.message);
    return c.json(presentSearchResults(outcome, query.page, base), 200);
  });

  api.openapi(similarRoute, async (c) => {
    const id = parsePaperIdOrThrow(c.req.valid("param").id);
    const result = await app.search.similar(id, c.req.valid("query").limit);
    if (!result) throw new ApiError(404, `No paper ${id} in this hub.`);
    return c.json(presentSimilarPapers(result, base), 200);
  });
}

/** Must be registered before `/papers/{id}`, which would read "search" as a paper id. */
export function registerHfSearchRoute(api: OpenAPIHono<HttpEnv>, app: App): void {
  api.openapi(hfSearchRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    // HF allows more per request than the service answers at once: ask page by page.
    const hits: SearchHit[] = [];
    while (hits.length < limit) {
      const outcome = await app.search.search({
        q,
        offset: hits.length,
        limit: Math.min(MAX_SEARCH_LIMIT, limit - hits.length),
      });
      if (outcome.kind === "rejected") throw new ApiError(400, outcome.message);
      hits.push(...outcome.hits);
      if (outcome.hits.length < outcome.limit || hits.length >= outcome.total) break;
    }
    const discussions = await app.discussion.summarizeDiscussions(hits.map((hit) => hit.paper.id));
    return c.json(
      hits.map((hit) => presentHfSearchItem(hit.paper, app.config.publicUrl, discussions.get(hit.paper.id))),
      200,
    );
  });
}
