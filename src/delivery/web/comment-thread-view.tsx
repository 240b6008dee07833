import type { Child } from "hono/jsx";
import type { ThreadNode } from "../../core/discussion/comment-thread.js";
import { REPORT_REASONS } from "../../core/discussion/report-reasons.js";
import { CsrfField, Notice } from "./account-forms.js";
import type { DiscussionView, FailedCommentForm } from "./comment-view.js";
import { formatTimestampDay } from "./format.js";
import { CommentTextarea } from "./comment-textarea.js";
import { paperPath } from "./paths.js";
import { profilePath } from "./profile-path.js";

type CommentNode = Extract<ThreadNode, { kind: "comment" }>;

/** One level of the thread: each comment or tombstone with its replies nested below. */
export function CommentThreadList({
  nodes,
  view,
  attachedTo,
}: {
  nodes: readonly ThreadNode[];
  view: DiscussionView;
  attachedTo: number | null;
}) {
  return (
    <ol class={attachedTo === null ? "comment-thread" : "comment-thread comment-replies"}>
      {nodes.map((node) => (
        <li>
          {node.kind === "comment" ? (
            <CommentItem node={node} view={view} attachedTo={attachedTo} />
          ) : (
            <p class="comment comment-tombstone muted" id={`comment-${node.id}`}>
              {node.reason === "deleted" ? "This comment was deleted." : "This comment was hidden by a moderator."}
            </p>
          )}
          {node.replies.length > 0 && <CommentThreadList nodes={node.replies} view={view} attachedTo={node.id} />}
        </li>
      ))}
    </ol>
  );
}

function CommentItem({
  node,
  view,
  attachedTo,
}: {
  node: CommentNode;
  view: DiscussionView;
  attachedTo: number | null;
}) {
  const failed = view.failed?.commentId === node.id ? view.failed : null;
  return (
    <article class={node.hidden ? "comment comment-hidden" : "comment"} id={`comment-${node.id}`}>
      <header class="comment-meta">
        <CommentAuthorName node={node} />
        {" · "}
        <a href={`#comment-${node.id}`} class="muted">
          <time datetime={node.createdAt}>{formatTimestampDay(node.createdAt)}</time>
        </a>
        {node.editedAt && (
          <span class="muted" title={`Edited ${node.editedAt.slice(0, 16).replace("T", " ")} UTC`}>
            {" · edited"}
          </span>
        )}
        {node.replyToId !== null && node.replyToId !== attachedTo && (
          <>
            {" · "}
            <a href={`#comment-${node.replyToId}`}>in reply to an earlier comment</a>
          </>
        )}
      </header>
      {node.hidden && (
        <p class="comment-note">Hidden by a moderator: only moderators and the author see this comment.</p>
      )}
      {/* Rendered from the Markdown subset and sanitised by src/core/discussion (render-comment.ts). */}
      <div class="comment-body" dangerouslySetInnerHTML={{ __html: node.html }} />
      {failed && !hasOwnBox(failed, node) && <RefusedHere failed={failed} />}
      <CommentActions node={node} view={view} failed={failed} />
    </article>
  );
}

/** Reply, edit and report refusals are shown in their box, when the viewer has that box. */
function hasOwnBox(failed: FailedCommentForm, node: CommentNode): boolean {
  const { actions } = node;
  return (
    (failed.form === "reply" && actions.reply) ||
    (failed.form === "edit" && actions.edit) ||
    (failed.form === "report" && actions.report)
  );
}

/** The refusal beside the comment, with what was typed (to copy) when there is no box to put it back in. */
function RefusedHere({ failed }: { failed: FailedCommentForm }) {
  return (
    <div class="comment-refused">
      <Notice tone="error">{failed.message}</Notice>
      {failed.text.trim() !== "" && (
        <textarea readonly rows={3} aria-label="What you wrote">
          {failed.text}
        </textarea>
      )}
    </div>
  );
}

function CommentAuthorName({ node }: { node: CommentNode }) {
  if (node.author === null) return <span class="muted">[deleted account]</span>;
  return (
    <>
      <a href={profilePath(node.author.handle)} class="comment-author">
        {node.author.displayName}
      </a>{" "}
      <span class="muted">@{node.author.handle}</span>
      {node.author.isPaperAuthor && (
        <span class="badge" title="A claimed author of this paper">
          Author
        </span>
      )}
    </>
  );
}

/** Reply, edit and report open in `<details>` boxes; delete and hide are one button each. */
function CommentActions({
  node,
  view,
  failed,
}: {
  node: CommentNode;
  view: DiscussionView;
  failed: FailedCommentForm | null;
}) {
  const token = view.csrfToken;
  const { actions } = node;
  if (token === null || !Object.values(actions).some(Boolean)) return null;
  const base = `${paperPath(view.paperId)}/comments`;
  const action = (name: string) => `${base}/${node.id}/${name}`;
  return (
    <div class="comment-actions">
      {actions.reply && (
        <ActionBox summary="Reply" open={failed?.form === "reply"}>
          <form method="post" action={base} class="comment-form">
            <CsrfField token={token} />
            <input type="hidden" name="parent_id" value={String(node.id)} />
            {failed?.form === "reply" && <Notice tone="error">{failed.message}</Notice>}
            <CommentTextarea
              id={`reply-${node.id}`}
              value={failed?.form === "reply" ? failed.text : ""}
              label="Your reply"
            />
            <button type="submit" class="button">
              Post reply
            </button>
          </form>
        </ActionBox>
      )}
      {actions.edit && (
        <ActionBox summary="Edit" open={failed?.form === "edit"}>
          <form method="post" action={action("edit")} class="comment-form">
            <CsrfField token={token} />
            {failed?.form === "edit" && <Notice tone="error">{failed.message}</Notice>}
            <CommentTextarea
              id={`edit-${node.id}`}
              value={failed?.form === "edit" ? failed.text : (view.sources.get(node.id) ?? "")}
              label="Edit your comment"
            />
            <button type="submit" class="button">
              Save
            </button>
          </form>
        </ActionBox>
      )}
      {actions.report && <ReportBox nodeId={node.id} action={action("report")} token={token} failed={failed} />}
      {actions.delete && (
        <form method="post" action={action("delete")} class="inline-form">
          <CsrfField token={token} />
          <button type="submit" class="link-button">
            Delete
          </button>
        </form>
      )}
      {actions.hide && (
        <form method="post" action={action(node.hidden ? "unhide" : "hide")} class="inline-form">
          <CsrfField token={token} />
          <button type="submit" class="link-button">
            {node.hidden ? "Unhide" : "Hide"}
          </button>
        </form>
      )}
    </div>
  );
}

function ReportBox(props: { nodeId: number; action: string; token: string; failed: FailedCommentForm | null }) {
  const failed = props.failed?.form === "report" ? props.failed : null;
  return (
    <ActionBox summary="Report" open={failed !== null}>
      <form method="post" action={props.action} class="comment-form">
        <CsrfField token={props.token} />
        {failed && <Notice tone="error">{failed.message}</Notice>}
        <p>
          <label for={`report-reason-${props.nodeId}`}>Reason</label>{" "}
          <select id={`report-reason-${props.nodeId}`} name="reason" required>
            {REPORT_REASONS.map((reason) => (
              <option value={reason} selected={failed?.reason === reason}>
                {reason}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for={`report-note-${props.nodeId}`}>Note for moderators (needed for “other”)</label>
          <textarea id={`report-note-${props.nodeId}`} name="note" rows={2} maxlength={500}>
            {failed?.text ?? ""}
          </textarea>
        </p>
        <button type="submit" class="button">
          Send report
        </button>
      </form>
    </ActionBox>
  );
}

function ActionBox({ summary, open, children }: { summary: string; open: boolean; children?: Child }) {
  return (
    <details class="comment-action" open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
