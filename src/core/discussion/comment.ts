import type { Viewer } from "../accounts/viewer.js";

/**
 * Who acts on a discussion: the part of the accounts Viewer the rules read. A route passes
 * its Viewer as is.
 */
export type Actor = Pick<Viewer, "userId" | "role" | "emailVerified" | "suspended">;

/** A comment as stored: times are ISO 8601 UTC; a deleted comment's body is erased. */
export interface StoredComment {
  readonly id: number;
  readonly paperId: string;
  /** Null for a top-level comment. Always an older comment on the same paper. */
  readonly parentId: number | null;
  /** Null when the author's account was deleted (the comment stays, unsigned). */
  readonly authorId: number | null;
  readonly authorHandle: string | null;
  readonly authorName: string | null;
  readonly bodyMarkdown: string;
  readonly bodyHtml: string;
  /** The COMMENT_RENDER_VERSION that produced bodyHtml. */
  readonly renderVersion: number;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly deletedAt: string | null;
  /** Set when a moderator hid it; only moderators and the author still see it. */
  readonly hiddenAt: string | null;
}
