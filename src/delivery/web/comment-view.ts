import type { Context } from "hono";
import type { App } from "../../app.js";
import { type Viewer, canContribute } from "../../core/accounts/viewer.js";
import type { ThreadNode } from "../../core/discussion/comment-thread.js";
import type { HttpEnv } from "../http/http-env.js";

/** Which comment form was posted: the new-comment box, or one of the boxes under a comment. */
export type CommentFormKind = "comment" | "reply" | "edit" | "delete" | "report" | "hide";

/** A refused form, shown again with its problem and what was typed. */
export interface FailedCommentForm {
  readonly form: CommentFormKind;
  /** The comment the box belongs to; null for the new-comment box. */
  readonly commentId: number | null;
  readonly text: string;
  readonly reason?: string;
  readonly message: string;
}

/** Everything the discussion section of a paper page shows. */
export interface DiscussionView {
  readonly paperId: string;
  readonly comments: readonly ThreadNode[];
  readonly numComments: number;
  readonly viewer: Viewer | null;
  /** A confirmed, unsuspended account: may post, reply and report. */
  readonly canComment: boolean;
  /** For the forms; null when signed out (no form is shown, so no CSRF cookie is set). */
  readonly csrfToken: string | null;
  /** Markdown of the comments the viewer may edit: their edit boxes start from it. */
  readonly sources: ReadonlyMap<number, string>;
  readonly failed: FailedCommentForm | null;
  /** A `?done=` confirmation after a redirect. */
  readonly done: string | null;
}

/** What `?done=` shows once after a comment form redirected back (Post/Redirect/Get). */
const DONE_MESSAGES: Readonly<Record<string, string>> = {
  deleted: "Comment deleted.",
  reported: "Thank you: moderators will look at the comment.",
  hidden: "Comment hidden. Only moderators and its author see it now.",
  unhidden: "Comment shown again.",
};

export async function loadDiscussionView(
  c: Context<HttpEnv>,
  app: App,
  paperId: string,
  failed: FailedCommentForm | null = null,
): Promise<DiscussionView> {
  const viewer = c.get("viewer");
  const discussion = await app.discussion.getDiscussion(viewer, paperId);
  return {
    paperId,
    comments: discussion.comments,
    numComments: discussion.numComments,
    viewer,
    canComment: canContribute(viewer),
    csrfToken: viewer === null ? null : c.get("csrf").token(),
    sources: await findEditableSources(app, discussion.comments),
    failed,
    done: failed === null ? (DONE_MESSAGES[c.req.query("done") ?? ""] ?? null) : null,
  };
}

/**
 * The thread carries rendered HTML only; the few comments the viewer may still edit (their
 * own, for a day) are read once more for their Markdown.
 */
async function findEditableSources(app: App, roots: readonly ThreadNode[]): Promise<Map<number, string>> {
  const editable: number[] = [];
  const visit = (node: ThreadNode) => {
    if (node.kind === "comment" && node.actions.edit) editable.push(node.id);
    node.replies.forEach(visit);
  };
  roots.forEach(visit);
  const sources = new Map<number, string>();
  for (const id of editable) {
    const stored = await app.storage.community.comments.find(id);
    if (stored) sources.set(id, stored.bodyMarkdown);
  }
  return sources;
}

/** Every node of the thread in reading order (depth first), with the id of the node it hangs under. */
export function flattenThread(roots: readonly ThreadNode[]): { node: ThreadNode; attachedTo: number | null }[] {
  const out: { node: ThreadNode; attachedTo: number | null }[] = [];
  const visit = (node: ThreadNode, attachedTo: number | null) => {
    out.push({ node, attachedTo });
    for (const reply of node.replies) visit(reply, node.id);
  };
  for (const root of roots) visit(root, null);
  return out;
}
