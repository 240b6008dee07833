import { MAX_COMMENT_CHARS } from "./render-comment.js";

export type CommentBodyCheck =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly problem: "empty" | "too-long"; readonly message: string };

/** The body to store: line endings unified and outer whitespace trimmed; refused when empty or too long. */
export function checkCommentBody(input: string): CommentBodyCheck {
  const body = input.replace(/\r\n?/g, "\n").trim();
  if (body === "") return { ok: false, problem: "empty", message: "The comment is empty." };
  if (body.length > MAX_COMMENT_CHARS) {
    return {
      ok: false,
      problem: "too-long",
      message: `The comment has ${body.length.toLocaleString("en")} characters; the limit is ${MAX_COMMENT_CHARS.toLocaleString("en")}.`,
    };
  }
  return { ok: true, body };
}
