import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import type { HttpEnv } from "../http-env.js";
import { ErrorSchema } from "./api-schemas.js";
import { guardJsonBody, sendCommunityFailure } from "./community-api-failure.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

export const HfIndexRequestSchema = z
  .object({
    arxivId: z
      .string()
      .min(1)
      .max(300)
      .openapi({ description: "An arXiv id or its arxiv.org / huggingface.co URL", example: "2501.01234" }),
  })
  .openapi("HfIndexRequest");

const SubmissionRefusalSchema = z
  .object({
    error: z.string(),
    listingDate: z.string().optional().openapi({ description: "The day the paper is already listed (409)" }),
    url: z.string().optional().openapi({ description: "That daily list (409)" }),
  })
  .openapi("SubmissionRefusal");

const indexRoute = createRoute({
  method: "post",
  path: "/papers/index",
  summary: "Hugging Face-compatible paper submission",
  description:
    "Puts the paper on today's daily list, as huggingface.co/api/papers/index does, fetching it from arXiv when the hub lacks it. " +
    "Needs `Authorization: Bearer <personal API token>` (or a signed-in session with its X-CSRF-Token). Answers `{}` like Hugging Face.",
  middleware: [guardJsonBody({ required: true })] as const,
  request: { body: { content: { "application/json": { schema: HfIndexRequestSchema } }, required: true } },
  responses: {
    200: json(z.object({}).openapi("HfIndexResponse"), "Submitted: the paper is on today's daily list"),
    400: json(ErrorSchema, "Not an arXiv id, or a malformed body"),
    401: json(ErrorSchema, "No token and no session"),
    403: json(ErrorSchema, "The account cannot submit (address not confirmed, or suspended)"),
    404: json(ErrorSchema, "arXiv has no such paper"),
    409: json(SubmissionRefusalSchema, "Already on a daily list (the answer links it)"),
    415: json(ErrorSchema, "The body is not JSON"),
    422: json(ErrorSchema, "Published longer ago than the submission window allows"),
    429: json(ErrorSchema, "The caller's daily submission limit is reached"),
    503: json(ErrorSchema, "arXiv could not be reached to fetch the paper"),
  },
});

/** `POST /api/papers/index`, as Hugging Face's; the /submit page calls the same operation. */
export function registerSubmissionApiRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;
  api.openapi(indexRoute, async (c) => {
    const outcome = await app.discussion.submitPaper(c.get("viewer"), c.req.valid("json").arxivId);
    if (!outcome.ok) return sendCommunityFailure(c, outcome.error);
    c.header("Cache-Control", "no-store");
    const result = outcome.value;
    switch (result.kind) {
      case "accepted":
        return c.json({}, 200);
      case "duplicate":
        return c.json(
          {
            error: `${result.paperId} is already on the daily list of ${result.listingDate}.`,
            listingDate: result.listingDate,
            url: `${base}/papers/date/${result.listingDate}`,
          },
          409,
        );
      case "too-old":
        return c.json(
          {
            error: `${result.paperId} was published on ${result.publishedAt.slice(0, 10)}; the daily list takes papers up to ${result.windowDays} days old.`,
          },
          422,
        );
      case "limit-reached":
        return c.json(
          { error: `You reached today's limit of ${result.dailyLimit} submissions; it resets at midnight UTC.` },
          429,
        );
    }
  });
}
