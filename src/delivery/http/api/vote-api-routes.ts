import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import type { HttpEnv } from "../http-env.js";
import { parsePaperIdOrThrow } from "./api-errors.js";
import { ErrorSchema, PaperIdParamSchema } from "./api-schemas.js";
import { guardJsonBody, sendCommunityFailure } from "./community-api-failure.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

export const VoteRequestSchema = z
  .object({
    voted: z.boolean().optional().openapi({
      description: "The vote wanted: true to upvote, false to take it back. Omitted: toggle.",
      example: true,
    }),
  })
  .strict()
  .openapi("VoteRequest");

export const VoteStateSchema = z
  .object({
    voted: z.boolean().openapi({ description: "Whether the caller's upvote is now counted" }),
    upvotes: z.number().int().openapi({ description: "The paper's upvotes: imported counts plus votes cast here" }),
  })
  .openapi("VoteState");

const voteRoute = createRoute({
  method: "post",
  path: "/v1/papers/{id}/votes",
  summary: "Upvote a paper, or take the upvote back",
  description:
    "Needs a signed-in session (with its X-CSRF-Token) or `Authorization: Bearer <personal API token>`. " +
    "With `voted` the call is idempotent (safe to retry); without a body it toggles. Old-style ids contain a slash: encode it (hep-th%2F9901001).",
  middleware: [guardJsonBody({ required: false })] as const,
  request: {
    params: PaperIdParamSchema,
    body: { content: { "application/json": { schema: VoteRequestSchema } }, required: false },
  },
  responses: {
    200: json(VoteStateSchema, "The caller's vote and the paper's count after the change"),
    400: json(ErrorSchema, "Not an arXiv id, or a malformed body"),
    401: json(ErrorSchema, "Nobody is signed in"),
    403: json(
      ErrorSchema,
      "The account cannot vote (address not confirmed, or suspended), or the CSRF token is missing",
    ),
    404: json(ErrorSchema, "No such paper in this hub"),
    415: json(ErrorSchema, "The body is not JSON"),
  },
});

/** `POST /api/v1/papers/{id}/votes`: the upvote button's script and API clients use it. */
export function registerVoteApiRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  api.openapi(voteRoute, async (c) => {
    const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
    const { voted } = c.req.valid("json");
    const outcome = await app.discussion.vote(c.get("viewer"), paperId, voted);
    if (!outcome.ok) {
      const { kind, message } = outcome.error;
      // A vote asks no outside source, so it is never "unavailable" (503).
      if (kind === "unavailable") throw new Error(`vote failed as unavailable: ${message}`);
      return sendCommunityFailure(c, { kind, message });
    }
    c.header("Cache-Control", "no-store");
    return c.json({ voted: outcome.value.voted, upvotes: outcome.value.upvotes }, 200);
  });
}
