import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App } from "../../../app.js";
import {
  AUTHOR_NAME_MAX_CHARS,
  type ClaimFailure,
  secondsUntilLimitResets,
} from "../../../core/discussion/author-claim-rules.js";
import type { AuthorClaim } from "../../../core/discussion/ports.js";
import type { HttpEnv } from "../http-env.js";
import { ApiError, parsePaperIdOrThrow } from "./api-errors.js";
import { ErrorSchema, PaperIdParamSchema } from "./api-schemas.js";
import { guardCommentWrite } from "./comment-api-guard.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

const STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 400,
  conflict: 409,
  "rate-limited": 429,
  unavailable: 503,
} as const satisfies Record<ClaimFailure["kind"], number>;

export const ClaimRequestSchema = z
  .object({
    author: z.string().trim().min(1).max(AUTHOR_NAME_MAX_CHARS).openapi({
      description: "The name as the paper lists it (case and spacing are forgiven)",
      example: "Grace Hopper",
    }),
  })
  .strict()
  .openapi("AuthorClaimRequest");

export const ClaimSchema = z
  .object({
    id: z.number().int(),
    paperId: z.string(),
    author: z.string().openapi({ description: "The listed name claimed" }),
    status: z.enum(["pending", "approved", "rejected", "withdrawn"]),
    createdAt: z.string().openapi({ format: "date-time" }),
    decidedAt: z.string().nullable().openapi({ format: "date-time", description: "The review or withdrawal" }),
    reason: z.string().nullable().openapi({ description: "The reviewer's reason, if they gave one" }),
  })
  .openapi("AuthorClaim");

export const ClaimedAuthorsSchema = z
  .object({
    paperId: z.string(),
    claimedAuthors: z.array(
      z.object({
        author: z.string().openapi({ description: "The listed name" }),
        handle: z.string(),
        displayName: z.string(),
        url: z.string().openapi({ description: "The member's profile" }),
      }),
    ),
    yourClaim: ClaimSchema.nullable().openapi({
      description: "The caller's newest claim on the paper; null when none or signed out",
    }),
  })
  .openapi("ClaimedAuthors");

const WRITE_AUTH =
  "Needs a signed-in session (with its X-CSRF-Token header) or `Authorization: Bearer <personal API token>`. Old-style ids contain a slash: encode it (hep-th%2F9901001).";

const listRoute = createRoute({
  method: "get",
  path: "/v1/papers/{id}/claims",
  summary: "A paper's claimed authors: members a curator confirmed as one of the listed authors",
  description: "Public. A signed-in caller also gets their own claim, whatever its status.",
  request: { params: PaperIdParamSchema },
  responses: {
    200: json(ClaimedAuthorsSchema, "The approved claims"),
    400: json(ErrorSchema, "Not an arXiv id"),
    404: json(ErrorSchema, "No such paper"),
  },
});

const claimRoute = createRoute({
  method: "post",
  path: "/v1/papers/{id}/claims",
  summary: "Claim to be one of the paper's listed authors",
  description: `${WRITE_AUTH} The claim waits for a curator's review; once approved, the caller's comments on the paper carry the author badge and isAuthorParticipating counts them.`,
  middleware: [guardCommentWrite({ json: true })] as const,
  request: {
    params: PaperIdParamSchema,
    body: { content: { "application/json": { schema: ClaimRequestSchema } }, required: true },
  },
  responses: {
    201: json(ClaimSchema, "The claim, pending review"),
    400: json(
      ErrorSchema,
      "Not an arXiv id, a malformed body, or a name the paper does not list (the answer lists them)",
    ),
    401: json(ErrorSchema, "Nobody is signed in"),
    403: json(ErrorSchema, "The account cannot claim (address not confirmed, or suspended), or no CSRF token"),
    404: json(ErrorSchema, "No such paper"),
    409: json(ErrorSchema, "The caller already claims a name on this paper, or the name is claimed by another account"),
    413: json(ErrorSchema, "Body too large"),
    415: json(ErrorSchema, "The body is not JSON"),
    429: json(ErrorSchema, "The caller's daily claim limit is reached (Retry-After: seconds to midnight UTC)"),
  },
});

const withdrawRoute = createRoute({
  method: "delete",
  path: "/v1/papers/{id}/claims",
  summary: "Withdraw the caller's pending or approved claim on the paper",
  description: WRITE_AUTH,
  middleware: [guardCommentWrite({ json: false })] as const,
  request: { params: PaperIdParamSchema },
  responses: {
    200: json(ClaimSchema, "The claim, now withdrawn"),
    400: json(ErrorSchema, "Not an arXiv id"),
    401: json(ErrorSchema, "Nobody is signed in"),
    403: json(ErrorSchema, "No CSRF token"),
    404: json(ErrorSchema, "The caller has no pending or approved claim on this paper"),
  },
});

/** `/api/v1/papers/{id}/claims`: claimed authorship, as the paper page's forms offer it. */
export function registerClaimApiRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;

  api.openapi(listRoute, async (c) => {
    const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
    if (!(await app.papers.getPaperDetails(paperId))) throw new ApiError(404, `No paper ${paperId} in this hub.`);
    const [claimed, own] = await Promise.all([
      app.authorClaims.listClaimedAuthors(paperId),
      app.authorClaims.findViewerClaim(c.get("viewer"), paperId),
    ]);
    const claimedAuthors = claimed.map((claim) => ({
      author: claim.authorName,
      handle: claim.userHandle,
      displayName: claim.userDisplayName,
      url: `${base}/users/${encodeURIComponent(claim.userHandle)}`,
    }));
    return c.json({ paperId, claimedAuthors, yourClaim: own && presentClaim(own) }, 200);
  });

  api.openapi(claimRoute, async (c) => {
    const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
    const outcome = await app.authorClaims.claim(c.get("viewer"), paperId, c.req.valid("json").author);
    if (!outcome.ok) return sendClaimFailure(c, app, outcome.error);
    c.header("Cache-Control", "no-store");
    return c.json(presentClaim(outcome.value), 201);
  });

  api.openapi(withdrawRoute, async (c) => {
    const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
    const outcome = await app.authorClaims.withdraw(c.get("viewer"), paperId);
    if (!outcome.ok) return sendClaimFailure(c, app, outcome.error);
    c.header("Cache-Control", "no-store");
    return c.json(presentClaim(outcome.value), 200);
  });
}

function presentClaim(claim: AuthorClaim) {
  return {
    id: claim.id,
    paperId: claim.paperId,
    author: claim.authorName,
    status: claim.status,
    createdAt: claim.createdAt,
    decidedAt: claim.decidedAt,
    reason: claim.decisionReason,
  };
}

/** `{ error }` with the failure's status; typed `never` so routes return it beside their typed answers. */
function sendClaimFailure(c: Context<HttpEnv>, app: App, failure: ClaimFailure): never {
  const status = STATUS[failure.kind];
  if (status === 401) c.header("WWW-Authenticate", 'Bearer realm="paperboy"');
  if (status === 429) c.header("Retry-After", String(secondsUntilLimitResets(app.now())));
  c.header("Cache-Control", "no-store");
  return c.json({ error: failure.message }, status) as never;
}
