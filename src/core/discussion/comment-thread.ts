import type { Actor, StoredComment } from "./comment.js";
import { canDelete, canEdit, canHide, canReply, canReport, canSeeHidden } from "./comment-permissions.js";

/**
 * A paper's comments as the viewer sees them: a tree in conversation order.
 *
 * Order: oldest first at every level, ties by id. Comments carry no votes of their own
 * (upvotes are for papers), and chronological order keeps a reply after what it answers
 * and never moves a comment once read.
 *
 * Depth: replies nest at most MAX_THREAD_DEPTH levels; a reply to a comment at the deepest
 * level is placed beside it at that level, with `replyToId` naming what it answers.
 */

/** Levels of nesting shown (0 is top level): deeper replies stay at the last level. */
export const MAX_THREAD_DEPTH = 6;

export interface CommentAuthor {
  readonly id: number;
  readonly handle: string;
  readonly displayName: string;
  /** A claimed author of the paper: shown with an author badge. */
  readonly isPaperAuthor: boolean;
}

export interface CommentActions {
  readonly reply: boolean;
  readonly edit: boolean;
  readonly delete: boolean;
  readonly hide: boolean;
  readonly report: boolean;
}

export type ThreadNode =
  | {
      readonly kind: "comment";
      readonly id: number;
      readonly depth: number;
      /** The comment this answers, also when placed beside it at the deepest level. */
      readonly replyToId: number | null;
      /** Null when the author's account was deleted. */
      readonly author: CommentAuthor | null;
      readonly html: string;
      readonly createdAt: string;
      readonly editedAt: string | null;
      /** Hidden by a moderator: only moderators and the author get here. */
      readonly hidden: boolean;
      readonly actions: CommentActions;
      readonly replies: ThreadNode[];
    }
  | {
      /** A deleted or hidden comment kept as a placeholder because replies hang from it. */
      readonly kind: "tombstone";
      readonly id: number;
      readonly depth: number;
      readonly replyToId: number | null;
      readonly reason: "deleted" | "hidden";
      readonly replies: ThreadNode[];
    };

export interface ThreadOptions {
  readonly viewer: Actor | null;
  /** Users who are claimed authors of the paper. */
  readonly paperAuthorIds: ReadonlySet<number>;
  readonly now: Date;
  readonly maxDepth?: number;
}

type MutableNode = ThreadNode & { replies: ThreadNode[]; depth: number };

export function buildCommentThread(comments: readonly StoredComment[], options: ThreadOptions): ThreadNode[] {
  const maxDepth = options.maxDepth ?? MAX_THREAD_DEPTH;
  const ordered = [...comments].sort(compareByTime);
  const parentOf = findParents(ordered);
  const kept = findKept(ordered, parentOf, options.viewer);
  const nodes = new Map<number, { node: MutableNode; attachedTo: MutableNode | null }>();
  const roots: ThreadNode[] = [];
  for (const comment of ordered) {
    if (!kept.has(comment.id)) continue;
    const parentId = parentOf.get(comment.id) ?? null;
    const parent = parentId === null ? undefined : nodes.get(parentId);
    // At the deepest level a reply goes beside its parent instead of under it.
    const atLimit = parent !== undefined && parent.node.depth >= maxDepth - 1;
    const attachedTo = parent === undefined ? null : atLimit ? parent.attachedTo : parent.node;
    const depth = attachedTo === null ? 0 : attachedTo.depth + 1;
    const node = toNode(comment, depth, parentId, options);
    nodes.set(comment.id, { node, attachedTo });
    (attachedTo === null ? roots : attachedTo.replies).push(node);
  }
  return roots;
}

/** Public counts for the paper (HF's `numComments`, `isAuthorParticipating`): what a signed-out reader sees. */
export function countPublicComments(
  comments: readonly Pick<StoredComment, "authorId" | "deletedAt" | "hiddenAt">[],
  paperAuthorIds: ReadonlySet<number>,
): { numComments: number; isAuthorParticipating: boolean } {
  const visible = comments.filter((c) => c.deletedAt === null && c.hiddenAt === null);
  return {
    numComments: visible.length,
    isAuthorParticipating: visible.some((c) => c.authorId !== null && paperAuthorIds.has(c.authorId)),
  };
}

/** Whether the viewer may read the comment's text. */
export function isReadable(comment: StoredComment, viewer: Actor | null): boolean {
  return comment.deletedAt === null && (comment.hiddenAt === null || canSeeHidden(viewer, comment));
}

function compareByTime(a: StoredComment, b: StoredComment): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id;
}

/**
 * Each comment's parent, when that parent exists and came earlier. Anything else (a missing
 * parent, a loop) makes the comment top level, so the tree is always a tree.
 */
function findParents(ordered: readonly StoredComment[]): Map<number, number> {
  const seen = new Set<number>();
  const parents = new Map<number, number>();
  for (const comment of ordered) {
    if (comment.parentId !== null && seen.has(comment.parentId)) parents.set(comment.id, comment.parentId);
    seen.add(comment.id);
  }
  return parents;
}

/** Readable comments, and unreadable ones with a readable reply somewhere below (tombstones). */
function findKept(
  ordered: readonly StoredComment[],
  parentOf: ReadonlyMap<number, number>,
  viewer: Actor | null,
): Set<number> {
  const kept = new Set<number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const comment = ordered[i]!;
    if (!kept.has(comment.id) && !isReadable(comment, viewer)) continue;
    kept.add(comment.id);
    const parentId = parentOf.get(comment.id);
    if (parentId !== undefined) kept.add(parentId);
  }
  return kept;
}

function toNode(comment: StoredComment, depth: number, replyToId: number | null, options: ThreadOptions): MutableNode {
  const { viewer, now } = options;
  if (!isReadable(comment, viewer)) {
    const reason = comment.deletedAt !== null ? "deleted" : "hidden";
    return { kind: "tombstone", id: comment.id, depth, replyToId, reason, replies: [] };
  }
  return {
    kind: "comment",
    id: comment.id,
    depth,
    replyToId,
    author: toAuthor(comment, options.paperAuthorIds),
    html: comment.bodyHtml,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    hidden: comment.hiddenAt !== null,
    actions: {
      reply: canReply(viewer, comment),
      edit: canEdit(viewer, comment, now),
      delete: canDelete(viewer, comment),
      hide: canHide(viewer, comment),
      report: canReport(viewer, comment),
    },
    replies: [],
  };
}

function toAuthor(comment: StoredComment, paperAuthorIds: ReadonlySet<number>): CommentAuthor | null {
  if (comment.authorId === null) return null;
  return {
    id: comment.authorId,
    handle: comment.authorHandle ?? "",
    displayName: comment.authorName ?? "",
    isPaperAuthor: paperAuthorIds.has(comment.authorId),
  };
}
