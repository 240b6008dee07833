import type { App } from "../../app.js";
import type { Role } from "../../core/accounts/ports.js";
import { COMMENT_RENDER_VERSION, renderCommentHtml } from "../../core/discussion/render-comment.js";
import type { Paper } from "../../core/papers/paper.js";

/** Each list on a profile shows the newest entries; the count says how many there are in all. */
export const PROFILE_LIST_LIMIT = 30;

export interface ProfileComment {
  readonly id: number;
  readonly paperId: string;
  readonly paperTitle: string | null;
  readonly html: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

export interface ProfileSubmission {
  readonly paperId: string;
  readonly paperTitle: string | null;
  readonly listingDate: string;
}

/** A paper the member is a claimed (curator-approved) author of, under the name it lists. */
export interface ProfileAuthoredPaper {
  readonly paperId: string;
  readonly paperTitle: string | null;
  readonly authorName: string;
}

/** What `/users/{handle}` shows: public facts only (never the email address). */
export interface Profile {
  readonly handle: string;
  readonly displayName: string;
  readonly role: Role;
  readonly joinedAt: string;
  readonly suspended: boolean;
  /** Approved authorship claims. */
  readonly authored: { readonly total: number; readonly items: readonly ProfileAuthoredPaper[] };
  readonly submissions: { readonly total: number; readonly items: readonly ProfileSubmission[] };
  readonly comments: { readonly total: number; readonly items: readonly ProfileComment[] };
  /** Null unless the user chose to show them (settings). */
  readonly upvoted: { readonly total: number; readonly items: readonly Paper[] } | null;
}

/** The profile of `handle`, or null when no account has it. */
export async function loadProfile(app: App, handle: string): Promise<Profile | null> {
  const user = await app.accounts.findUserByHandle(handle);
  if (user === null) return null;
  const page = { offset: 0, limit: PROFILE_LIST_LIMIT };
  const community = app.storage.community;
  const [authored, submissions, comments, settings] = await Promise.all([
    app.authorClaims.listAuthoredPapers(user.id, page),
    community.submissions.listByUser(user.id, page),
    community.comments.listPublicByAuthor(user.id, page),
    app.accounts.findProfileSettings(user.id),
  ]);
  const upvotedIds = settings?.showUpvotes ? await community.votes.listVotedPapers(user.id, page) : null;
  const paperIds = [
    ...authored.items.map((a) => a.paperId),
    ...submissions.items.map((s) => s.paperId),
    ...comments.items.map((c) => c.paperId),
    ...(upvotedIds?.items ?? []),
  ];
  const papers = new Map((await app.papers.findPapers([...new Set(paperIds)])).map((p) => [p.id, p]));
  return {
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
    joinedAt: user.createdAt,
    suspended: user.suspendedAt !== null,
    authored: {
      total: authored.total,
      items: authored.items.map((a) => ({
        paperId: a.paperId,
        paperTitle: papers.get(a.paperId)?.title ?? null,
        authorName: a.authorName,
      })),
    },
    submissions: {
      total: submissions.total,
      items: submissions.items.map((s) => ({
        paperId: s.paperId,
        paperTitle: papers.get(s.paperId)?.title ?? null,
        listingDate: s.listingDate,
      })),
    },
    comments: {
      total: comments.total,
      items: comments.items.map((c) => ({
        id: c.id,
        paperId: c.paperId,
        paperTitle: papers.get(c.paperId)?.title ?? null,
        // As on the paper page: HTML from an older renderer is rendered again.
        html: c.renderVersion === COMMENT_RENDER_VERSION ? c.bodyHtml : renderCommentHtml(c.bodyMarkdown),
        createdAt: c.createdAt,
        editedAt: c.editedAt,
      })),
    },
    upvoted:
      upvotedIds === null
        ? null
        : {
            total: upvotedIds.total,
            items: upvotedIds.items.flatMap((id) => papers.get(id) ?? []),
          },
  };
}
