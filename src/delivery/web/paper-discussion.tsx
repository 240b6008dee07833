import { MAX_COMMENT_CHARS } from "../../core/discussion/render-comment.js";
import { CsrfField, Notice } from "./account-forms.js";
import { CommentTextarea } from "./comment-textarea.js";
import { CommentThreadList } from "./comment-thread-view.js";
import { type DiscussionView, flattenThread } from "./comment-view.js";
import { usePaperDiscussion } from "./paper-discussion-context.js";
import { paperPath } from "./paths.js";

/**
 * The paper page's comments: the thread, then the box for a new comment (or why there is
 * none). Plain forms that post and redirect back: nothing here needs JavaScript.
 */
export function PaperDiscussionSection() {
  const view = usePaperDiscussion();
  if (view === null) return null;
  const failedHere = view.failed?.form === "comment" ? view.failed : null;
  return (
    <section id="comments" class="discussion" aria-labelledby="comments-heading">
      <h2 id="comments-heading">
        Discussion{" "}
        <span class="muted">
          ({view.numComments} comment{view.numComments === 1 ? "" : "s"})
        </span>
      </h2>
      {view.done && <Notice tone="ok">{view.done}</Notice>}
      {view.failed && view.failed.form !== "comment" && !isInThread(view, view.failed.commentId) && (
        <Notice tone="error">{view.failed.message}</Notice>
      )}
      {view.comments.length === 0 ? (
        <p class="muted">No comments yet.</p>
      ) : (
        <CommentThreadList nodes={view.comments} view={view} attachedTo={null} />
      )}
      <NewCommentBox view={view} failed={failedHere} />
    </section>
  );
}

/** Whether the comment a refused form belongs to is shown (its refusal is then shown beside it). */
function isInThread(view: DiscussionView, commentId: number | null): boolean {
  return flattenThread(view.comments).some(({ node }) => node.kind === "comment" && node.id === commentId);
}

function NewCommentBox({ view, failed }: { view: DiscussionView; failed: DiscussionView["failed"] }) {
  if (!view.canComment || view.csrfToken === null) return <CannotComment view={view} failed={failed} />;
  return (
    <form method="post" action={`${paperPath(view.paperId)}/comments`} class="comment-form" id="new-comment">
      <CsrfField token={view.csrfToken} />
      <h3>
        <label for="new-comment-body">Add a comment</label>
      </h3>
      {failed && <Notice tone="error">{failed.message}</Notice>}
      <CommentTextarea id="new-comment-body" value={failed?.text ?? ""} />
      <MarkdownHelp />
      <p>
        <button type="submit" class="button">
          Post comment
        </button>
      </p>
    </form>
  );
}

/** Signed out: a link to sign in and come back; signed in but not allowed: the reason. */
function CannotComment({ view, failed }: { view: DiscussionView; failed: DiscussionView["failed"] }) {
  const back = `${paperPath(view.paperId)}#comments`;
  return (
    <div class="comment-form">
      {failed && <Notice tone="error">{failed.message}</Notice>}
      {view.viewer === null ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(back)}`}>Log in to comment</a> or{" "}
          <a href="/signup">create an account</a>.
        </p>
      ) : view.viewer.suspended ? (
        <p class="muted">Your account is suspended: you cannot comment.</p>
      ) : (
        <p class="muted">
          Confirm your email address to comment: follow the link we mailed you, or ask for a new one in{" "}
          <a href="/settings">settings</a>.
        </p>
      )}
    </div>
  );
}

/** What the comment Markdown understands (src/core/discussion/render-comment.ts). */
function MarkdownHelp() {
  return (
    <details class="markdown-help" id="markdown-help">
      <summary>Formatting help</summary>
      <ul>
        <li>
          <code>*italic*</code>, <code>**bold**</code>, <code>`code`</code>
        </li>
        <li>
          Links: <code>[text](https://example.org)</code>; bare <code>https://…</code> addresses become links
        </li>
        <li>
          Lists (<code>- item</code>, <code>1. item</code>), quotes (<code>&gt; text</code>), code blocks (
          <code>```</code>)
        </li>
        <li>
          Math: <code>$x^2$</code> inline, <code>$$\sum_i x_i$$</code> on its own line
        </li>
        <li>No HTML, images, headings or tables. At most {MAX_COMMENT_CHARS.toLocaleString("en")} characters.</li>
      </ul>
    </details>
  );
}
