import type { Viewer } from "../../../core/accounts/viewer.js";
import type { ThreadNode } from "../../../core/discussion/comment-thread.js";
import type { PaperDiscussion } from "../../../core/discussion/discussion-service.js";

const NO_ACTIONS = { reply: false, edit: false, delete: false, report: false, hide: false };

/** Every node of the thread in reading order, each with the comment it answers. */
export function presentCommentThread(
  discussion: PaperDiscussion,
  viewer: Viewer | null,
  sources: ReadonlyMap<number, string>,
  publicUrl: string,
) {
  const comments: ReturnType<typeof presentThreadNode>[] = [];
  const visit = (node: ThreadNode) => {
    comments.push(presentThreadNode(node, discussion.paperId, viewer, sources, publicUrl));
    node.replies.forEach(visit);
  };
  discussion.comments.forEach(visit);
  return {
    paperId: discussion.paperId,
    numComments: discussion.numComments,
    isAuthorParticipating: discussion.isAuthorParticipating,
    comments,
  };
}

export function presentThreadNode(
  node: ThreadNode,
  paperId: string,
  viewer: Viewer | null,
  sources: ReadonlyMap<number, string>,
  publicUrl: string,
) {
  const url = `${publicUrl}/papers/${paperId}#comment-${node.id}`;
  if (node.kind === "tombstone") {
    return {
      id: node.id,
      parentId: node.replyToId,
      depth: node.depth,
      deleted: node.reason === "deleted",
      hidden: node.reason === "hidden",
      author: null,
      html: null,
      markdown: null,
      createdAt: null,
      editedAt: null,
      isMine: false,
      actions: NO_ACTIONS,
      url,
    };
  }
  const isMine = viewer !== null && node.author?.id === viewer.userId;
  return {
    id: node.id,
    parentId: node.replyToId,
    depth: node.depth,
    deleted: false,
    hidden: node.hidden,
    author: node.author && {
      handle: node.author.handle,
      displayName: node.author.displayName,
      isPaperAuthor: node.author.isPaperAuthor,
      url: `${publicUrl}/users/${encodeURIComponent(node.author.handle)}`,
    },
    html: node.html,
    markdown: isMine ? (sources.get(node.id) ?? null) : null,
    createdAt: node.createdAt,
    editedAt: node.editedAt,
    isMine,
    actions: { ...node.actions },
    url,
  };
}

/** The node with this id, wherever it hangs. */
export function findThreadNode(roots: readonly ThreadNode[], id: number): ThreadNode | null {
  for (const node of roots) {
    if (node.id === id) return node;
    const found = findThreadNode(node.replies, id);
    if (found) return found;
  }
  return null;
}

/** Ids of the caller's own comments in the thread: their Markdown is given back for editing. */
export function findOwnCommentIds(roots: readonly ThreadNode[], viewer: Viewer | null): number[] {
  if (viewer === null) return [];
  const ids: number[] = [];
  const visit = (node: ThreadNode) => {
    if (node.kind === "comment" && node.author?.id === viewer.userId) ids.push(node.id);
    node.replies.forEach(visit);
  };
  roots.forEach(visit);
  return ids;
}
