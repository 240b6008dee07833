import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { App } from "../../app.js";
import { describeInvalidInput } from "../../core/accounts/account-input.js";
import { parseArxivId } from "../../core/papers/arxiv-id.js";
import type { DiscussionFailure } from "../../core/discussion/discussion-outcome.js";
import type { HttpEnv } from "../http/http-env.js";
import {
  type CommentAction,
  commentActionParamsSchema,
  editCommentFormSchema,
  newCommentFormSchema,
  reportCommentFormSchema,
} from "./comment-form-schemas.js";
import type { CommentFormKind, FailedCommentForm } from "./comment-view.js";
import type { PageStatus } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { sendPaperPage } from "./paper-routes.js";
import { paperPath } from "./paths.js";

type C = Context<HttpEnv>;

/** What a refusal of the discussion core answers as a page. */
const FAILURE_STATUS: Record<DiscussionFailure["kind"], PageStatus> = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 422,
  // Comments never wait on a source; should one ever, the page says so without a 5xx.
  unavailable: 409,
};

/**
 * The comment forms of the paper page: post (or reply), edit, delete, report, and hide or
 * unhide for moderators. Each validates, calls one discussion operation and redirects back
 * to the comment (Post/Redirect/Get); a refused form gets the paper page again with the
 * reason and what was typed. `:id{.+}` because old-style ids hold a slash.
 */
export function registerCommentRoutes(http: Hono<HttpEnv>, app: App): void {
  http.post(
    "/papers/:id{.+}/comments",
    pageHandler((c) => postComment(c, app)),
  );
  http.post(
    "/papers/:id{.+}/comments/:commentId{[0-9]+}/:action{[a-z]+}",
    pageHandler((c) => actOnComment(c, app)),
  );
}

async function postComment(c: C, app: App): Promise<Response> {
  const paperId = parseArxivId(c.req.param("id")!).id;
  const raw = await readRawForm(c);
  const parentId = Number(raw["parent_id"]) || null;
  const kind: CommentFormKind = parentId === null ? "comment" : "reply";
  const form = parseForm(newCommentFormSchema, raw);
  if (!form.ok) {
    const failed = { form: kind, commentId: parentId, text: textOf(raw, "body"), message: form.message };
    return refuse(c, app, paperId, failed, 400);
  }
  const outcome = await app.discussion.postComment(c.get("viewer"), {
    paperId,
    body: form.data.body,
    parentId: form.data.parent_id,
  });
  if (!outcome.ok) {
    const failed = { form: kind, commentId: form.data.parent_id, text: form.data.body, message: outcome.error.message };
    return refuse(c, app, paperId, failed, FAILURE_STATUS[outcome.error.kind]);
  }
  return c.redirect(`${paperPath(paperId)}#comment-${outcome.value.id}`, 303);
}

async function actOnComment(c: C, app: App): Promise<Response> {
  const paperId = parseArxivId(c.req.param("id")!).id;
  const params = commentActionParamsSchema.safeParse(c.req.param());
  if (!params.success) return c.notFound();
  const { commentId, action } = params.data;
  const raw = await readRawForm(c);
  const viewer = c.get("viewer");
  const back = (done?: string) =>
    c.redirect(`${paperPath(paperId)}${done ? `?done=${done}` : ""}#comment-${commentId}`, 303);
  const fail = (failure: DiscussionFailure, text = "", reason?: string) =>
    refuse(
      c,
      app,
      paperId,
      { form: formOf(action), commentId, text, reason, message: failure.message },
      FAILURE_STATUS[failure.kind],
    );

  switch (action) {
    case "edit": {
      const form = parseForm(editCommentFormSchema, raw);
      if (!form.ok) return fail({ kind: "invalid", message: form.message }, textOf(raw, "body"));
      const outcome = await app.discussion.editComment(viewer, commentId, form.data.body);
      return outcome.ok ? back() : fail(outcome.error, form.data.body);
    }
    case "delete": {
      const outcome = await app.discussion.deleteComment(viewer, commentId);
      return outcome.ok ? back("deleted") : fail(outcome.error);
    }
    case "report": {
      const form = parseForm(reportCommentFormSchema, raw);
      if (!form.ok) return fail({ kind: "invalid", message: form.message }, textOf(raw, "note"), textOf(raw, "reason"));
      const outcome = await app.discussion.reportComment(viewer, commentId, form.data);
      return outcome.ok ? back("reported") : fail(outcome.error, form.data.note ?? "", form.data.reason);
    }
    case "hide":
    case "unhide": {
      const hidden = action === "hide";
      const outcome = await app.discussion.setCommentHidden(viewer, commentId, hidden, null);
      return outcome.ok ? back(hidden ? "hidden" : "unhidden") : fail(outcome.error);
    }
  }
}

function formOf(action: CommentAction): CommentFormKind {
  return action === "unhide" ? "hide" : action;
}

function refuse(c: C, app: App, paperId: string, failed: FailedCommentForm, status: PageStatus) {
  c.header("Cache-Control", "private, no-store");
  return sendPaperPage(c, app, paperId, failed, status);
}

/** The posted fields as text (files and repeated fields are not text: they fail the schema). */
async function readRawForm(c: C): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

function parseForm<T extends z.ZodType>(
  schema: T,
  raw: Record<string, unknown>,
): { ok: true; data: z.output<T> } | { ok: false; message: string } {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: describeInvalidInput(parsed.error) };
}

/** What was typed in a field, to show it again; capped so a refused form cannot echo an unbounded body. */
function textOf(raw: Record<string, unknown>, field: string): string {
  const value = raw[field];
  return typeof value === "string" ? value.slice(0, 20_000) : "";
}
