import { MAX_COMMENT_CHARS } from "../../core/discussion/render-comment.js";

/** The Markdown box of every comment form; `value` keeps what was typed when a post is refused. */
export function CommentTextarea({ id, value, label }: { id: string; value: string; label?: string }) {
  return (
    <textarea id={id} name="body" rows={5} required maxlength={MAX_COMMENT_CHARS} aria-label={label}>
      {value}
    </textarea>
  );
}
