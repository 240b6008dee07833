import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { App } from "../../../app.js";
import type { Viewer } from "../../../core/accounts/viewer.js";
import type { HttpEnv } from "../http-env.js";
import { ApiError, parsePaperIdOrThrow } from "./api-errors.js";
import { ErrorSchema, PaperIdParamSchema } from "./api-schemas.js";
import { guardCommentWrite, sendCommentFailure } from "./comment-api-guard.js";
import { findOwnCommentIds, findThreadNode, presentCommentThread, presentThreadNode } from "./comment-api-presenter.js";
import {
  CommentIdParamSchema,
  CommentSchema,
  CommentThreadSchema,
  EditCommentRequestSchema,
  NewCommentRequestSchema,
  ReportRequestSchema,
  ReportResultSchema,
} from "./comment-api-schemas.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const body = <T>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const WRITE_AUTH =
  "Needs a signed-in session (with its X-CSRF-Token header) or `Authorization: Bearer <personal API token>`.";
const writeErrors = {
  400: json(ErrorSchema, "Malformed JSON or id"),
  401: json(ErrorSchema, "Nobody is signed in"),
  403: json(
    ErrorSchema,
    "Not allowed: address not confirmed, suspended, not yours, too late to edit, or no CSRF token",
  ),
  404: json(ErrorSchema, "No such paper or comment (hidden comments are not found by those who cannot see them)"),
  413: json(ErrorSchema, "Body too large"),
  415: json(ErrorSchema, "The body is not JSON"),
  422: json(ErrorSchema, "The comment or report is not acceptable (empty, too long, unknown reason), with the reason"),
  503: json(ErrorSchema, "A source the operation needs is unreachable"),
};

const listRoute = createRoute({
  method: "get",
  path: "/v1/papers/{id}/comments",
  summary: "A paper's discussion: comments and replies in reading order",
  description:
    "Public. Signed-in callers also see their own hidden comments (moderators: all), their Markdown, and what they may do. Old-style ids contain a slash: encode it (hep-th%2F9901001).",
  request: { params: PaperIdParamSchema },
  responses: {
    200: json(CommentThreadSchema, "The thread"),
    400: json(ErrorSchema, "Not an arXiv id"),
    404: json(ErrorSchema, "No such paper"),
  },
});

const postRoute = createRoute({
  method: "post",
  path: "/v1/papers/{id}/comments",
  summary: "Comment on a paper, or reply to a comment",
  description: WRITE_AUTH,
  middleware: [guardCommentWrite({ json: true })] as const,
  request: { params: PaperIdParamSchema, body: body(NewCommentRequestSchema) },
  responses: { 201: json(CommentSchema, "The new comment"), ...writeErrors },
});

const editRoute = createRoute({
  method: "patch",
  path: "/v1/comments/{id}",
  summary: "Edit your comment (within 24 hours of posting); it is marked as edited",
  description: WRITE_AUTH,
  middleware: [guardCommentWrite({ json: true })] as const,
  request: { params: CommentIdParamSchema, body: body(EditCommentRequestSchema) },
  responses: { 200: json(CommentSchema, "The comment as edited"), ...writeErrors },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/comments/{id}",
  summary: "Delete your comment (admins: any); replies stay under a tombstone",
  description: WRITE_AUTH,
  middleware: [guardCommentWrite({ json: false })] as const,
  request: { params: CommentIdParamSchema },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const reportRoute = createRoute({
  method: "post",
  path: "/v1/comments/{id}/reports",
  summary: "Report a comment to the moderators",
  description: `${WRITE_AUTH} One report per person and comment: a second answers 200 with status "duplicate".`,
  middleware: [guardCommentWrite({ json: true })] as const,
  request: { params: CommentIdParamSchema, body: body(ReportRequestSchema) },
  responses: {
    201: json(ReportResultSchema, "Reported"),
    200: json(ReportResultSchema, "Already reported by you"),
    ...writeErrors,
  },
});

/** Validation problems of a write: 422 for the body, 400 for the URL. */
function invalidWrite(
  result: { success: boolean; target?: string; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  c: Context<HttpEnv>,
) {
  if (result.success) return undefined;
  const problems = (result.error?.issues ?? []).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  return c.json({ error: `Invalid request: ${problems.join("; ")}` }, result.target === "json" ? 422 : 400) as never;
}

/** The comment API: read a paper's thread; post, edit, delete and report comments. */
export function registerCommentApiRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  const base = app.config.publicUrl;

  /** The comment as the caller now sees it in its thread (depth, actions and badge included). */
  async function presentComment(viewer: Viewer, paperId: string, commentId: number) {
    const discussion = await app.discussion.getDiscussion(viewer, paperId);
    const node = findThreadNode(discussion.comments, commentId);
    if (node === null) throw new ApiError(404, "The comment is gone.");
    const stored = await app.storage.community.comments.find(commentId);
    const sources = new Map(stored ? [[commentId, stored.bodyMarkdown]] : []);
    return presentThreadNode(node, paperId, viewer, sources, base);
  }

  api.openapi(listRoute, async (c) => {
    const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
    if ((await app.papers.findPapers([paperId])).length === 0)
      throw new ApiError(404, `No paper ${paperId} in this hub.`);
    const viewer = c.get("viewer");
    const discussion = await app.discussion.getDiscussion(viewer, paperId);
    const sources = new Map<number, string>();
    for (const id of findOwnCommentIds(discussion.comments, viewer)) {
      const stored = await app.storage.community.comments.find(id);
      if (stored) sources.set(id, stored.bodyMarkdown);
    }
    return c.json(presentCommentThread(discussion, viewer, sources, base), 200);
  });

  api.openapi(
    postRoute,
    async (c) => {
      const paperId = parsePaperIdOrThrow(c.req.valid("param").id);
      const input = c.req.valid("json");
      const viewer = c.get("viewer")!;
      const outcome = await app.discussion.postComment(viewer, { paperId, body: input.body, parentId: input.parentId });
      if (!outcome.ok) return sendCommentFailure(c, outcome.error);
      c.header("Cache-Control", "no-store");
      c.header("Location", `${base}/papers/${paperId}#comment-${outcome.value.id}`);
      return c.json(await presentComment(viewer, paperId, outcome.value.id), 201);
    },
    invalidWrite,
  );

  api.openapi(
    editRoute,
    async (c) => {
      const { id } = c.req.valid("param");
      const viewer = c.get("viewer")!;
      const outcome = await app.discussion.editComment(viewer, id, c.req.valid("json").body);
      if (!outcome.ok) return sendCommentFailure(c, outcome.error);
      c.header("Cache-Control", "no-store");
      return c.json(await presentComment(viewer, outcome.value.paperId, id), 200);
    },
    invalidWrite,
  );

  api.openapi(
    deleteRoute,
    async (c) => {
      const outcome = await app.discussion.deleteComment(c.get("viewer"), c.req.valid("param").id);
      if (!outcome.ok) return sendCommentFailure(c, outcome.error);
      c.header("Cache-Control", "no-store");
      return c.body(null, 204);
    },
    invalidWrite,
  );

  api.openapi(
    reportRoute,
    async (c) => {
      const outcome = await app.discussion.reportComment(c.get("viewer"), c.req.valid("param").id, c.req.valid("json"));
      if (!outcome.ok) return sendCommentFailure(c, outcome.error);
      c.header("Cache-Control", "no-store");
      return c.json({ status: outcome.value }, outcome.value === "created" ? 201 : 200);
    },
    invalidWrite,
  );
}
