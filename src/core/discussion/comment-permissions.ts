import { MS_PER_HOUR } from "../../lib/dates.js";
import { hasRole } from "../accounts/roles.js";
import type { Actor, StoredComment } from "./comment.js";

/**
 * Who may do what to a comment. Moderators hide rather than edit or delete, so no one
 * puts words in another's mouth and a hidden comment can be restored as it was.
 */

/**
 * Authors may edit for a day. Fixing a typo or a formula is what edits are for; after
 * replies have built on a comment for a day, changing it would rewrite the conversation.
 * The "edited" mark shows every edit.
 */
export const COMMENT_EDIT_WINDOW_HOURS = 24;

type Comment = Pick<StoredComment, "authorId" | "createdAt" | "deletedAt" | "hiddenAt">;

/** Writes at all: a confirmed address and not suspended (as accounts' canContribute). */
export function canPost(actor: Actor | null): actor is Actor {
  return actor !== null && actor.emailVerified && !actor.suspended;
}

export function isCommentAuthor(actor: Actor | null, comment: Pick<StoredComment, "authorId">): boolean {
  return actor !== null && comment.authorId !== null && comment.authorId === actor.userId;
}

export function isModerator(actor: Actor | null): actor is Actor {
  return actor !== null && !actor.suspended && hasRole(actor.role, "moderator");
}

/** Replies go under comments the public can see. */
export function canReply(actor: Actor | null, parent: Comment): boolean {
  return canPost(actor) && parent.deletedAt === null && parent.hiddenAt === null;
}

/** The author, within the edit window, while the comment is neither deleted nor hidden. */
export function canEdit(actor: Actor | null, comment: Comment, now: Date): boolean {
  const ageMs = now.getTime() - Date.parse(comment.createdAt);
  return (
    canPost(actor) &&
    isCommentAuthor(actor, comment) &&
    comment.deletedAt === null &&
    comment.hiddenAt === null &&
    ageMs <= COMMENT_EDIT_WINDOW_HOURS * MS_PER_HOUR
  );
}

/**
 * The author at any time (a suspension stops posting, not taking one's words back), or an
 * admin (for what hiding is not enough for, such as personal data).
 */
export function canDelete(actor: Actor | null, comment: Comment): boolean {
  if (comment.deletedAt !== null || actor === null) return false;
  return isCommentAuthor(actor, comment) || (!actor.suspended && hasRole(actor.role, "admin"));
}

/** Moderators and admins hide and unhide. */
export function canHide(actor: Actor | null, comment: Comment): boolean {
  return isModerator(actor) && comment.deletedAt === null;
}

/** A hidden comment stays readable to moderators and its author, so the author knows why. */
export function canSeeHidden(actor: Actor | null, comment: Comment): boolean {
  return isModerator(actor) || isCommentAuthor(actor, comment);
}

/** Anyone who may post reports what others wrote and the public still sees. */
export function canReport(actor: Actor | null, comment: Comment): boolean {
  return canPost(actor) && !isCommentAuthor(actor, comment) && comment.deletedAt === null && comment.hiddenAt === null;
}
