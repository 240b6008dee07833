import type { Viewer } from "../accounts/viewer.js";
import type { PageRequest, PageResult, PaperStore } from "../papers/ports.js";
import type { Actor, StoredComment } from "./comment.js";
import { checkCommentBody } from "./comment-body.js";
import { canDelete, canEdit, canHide, canPost, canReply, canReport, isModerator } from "./comment-permissions.js";
import { type ThreadNode, buildCommentThread, countPublicComments, isReadable } from "./comment-thread.js";
import { type Outcome, fail, refuseNonModerator, refuseWriter, signInFirst, succeed } from "./discussion-outcome.js";
import type { CommunityStore, ModerationAction, OpenReport, VoteState } from "./ports.js";
import { COMMENT_RENDER_VERSION, renderCommentHtml } from "./render-comment.js";
import { checkReport } from "./report-reasons.js";
import { createSubmissionOperations } from "./submit-paper.js";
import type { SubmissionPolicy } from "./submission-rules.js";

/** The viewer fields the service reads: the rules' Actor plus the handle (listings and the audit log name it). */
export type DiscussionActor = Actor & Pick<Viewer, "handle">;

export interface DiscussionServiceDeps {
  readonly store: CommunityStore;
  readonly papers: Pick<PaperStore, "findPaper">;
  readonly now: () => Date;
  /** Users who are claimed authors of the paper; none until author claims exist. */
  readonly findPaperAuthorIds?: (paperId: string) => Promise<ReadonlySet<number>>;
  /** The same for many papers in one read (lists); without it, lists ask findPaperAuthorIds per paper. */
  readonly findAuthorIdsOfPapers?: (paperIds: readonly string[]) => Promise<ReadonlyMap<string, ReadonlySet<number>>>;
  /** Fetches an unknown paper from its source and imports it (submissions). */
  readonly fetchPaper?: (paperId: string) => Promise<"imported" | "not-found" | "unavailable">;
  readonly submissionPolicy?: SubmissionPolicy;
  /** Called after a vote or submission changed what trending reads (to drop caches). */
  readonly onSignalsChanged?: () => void;
  /** Called after a comment was posted, edited, deleted or hidden (public pages show counts and threads). */
  readonly onDiscussionChanged?: () => void;
}

export interface PaperDiscussion {
  readonly paperId: string;
  readonly comments: ThreadNode[];
  /** Comments a signed-out reader sees (HF's numComments). */
  readonly numComments: number;
  readonly isAuthorParticipating: boolean;
}

export type DiscussionService = ReturnType<typeof createDiscussionService>;

export function createDiscussionService(deps: DiscussionServiceDeps) {
  const { store, now } = deps;
  const iso = () => now().toISOString();
  const authorsOf = (paperId: string) => deps.findPaperAuthorIds?.(paperId) ?? Promise.resolve(new Set<number>());

  /** The comment as the actor may see it; hidden ones are "not found" to those who cannot see them. */
  async function findVisible(commentId: number, actor: Actor | null): Promise<StoredComment | null> {
    const comment = await store.comments.find(commentId);
    return comment && (comment.deletedAt !== null || isReadable(comment, actor)) ? comment : null;
  }

  async function moderate(actor: DiscussionActor, action: string, commentId: number, reason: string | null) {
    const entry: ModerationAction = {
      actorId: actor.userId,
      actorHandle: actor.handle,
      action,
      targetType: "comment",
      targetId: String(commentId),
      reason,
      createdAt: iso(),
    };
    await store.moderationLog.append(entry);
  }

  return {
    ...createSubmissionOperations(deps),

    async getDiscussion(viewer: Actor | null, paperId: string): Promise<PaperDiscussion> {
      const [stored, paperAuthorIds] = await Promise.all([store.comments.listForPaper(paperId), authorsOf(paperId)]);
      // HTML from an older renderer is not trusted: render it again (a sanitiser fix applies at once).
      const comments = stored.map((c) =>
        c.renderVersion === COMMENT_RENDER_VERSION || c.deletedAt !== null
          ? c
          : { ...c, bodyHtml: renderCommentHtml(c.bodyMarkdown), renderVersion: COMMENT_RENDER_VERSION },
      );
      return {
        paperId,
        comments: buildCommentThread(comments, { viewer, paperAuthorIds, now: now() }),
        ...countPublicComments(comments, paperAuthorIds),
      };
    },

    /** Per paper, for lists and the HF-compatible API: public comment count and author participation. */
    async summarizeDiscussions(paperIds: readonly string[]) {
      const summaries = await store.comments.summarize(paperIds);
      // Claimed authors matter only where someone commented: one read for all those papers.
      const commented = paperIds.filter((id) => summaries.has(id));
      const authorsByPaper = deps.findAuthorIdsOfPapers ? await deps.findAuthorIdsOfPapers(commented) : null;
      const result = new Map<string, { numComments: number; isAuthorParticipating: boolean }>();
      for (const paperId of paperIds) {
        const summary = summaries.get(paperId);
        const authors = !summary
          ? new Set<number>()
          : authorsByPaper
            ? (authorsByPaper.get(paperId) ?? new Set<number>())
            : await authorsOf(paperId);
        result.set(paperId, {
          numComments: summary?.numComments ?? 0,
          isAuthorParticipating: summary?.authorIds.some((id) => authors.has(id)) ?? false,
        });
      }
      return result;
    },

    async postComment(
      actor: DiscussionActor | null,
      input: { paperId: string; body: string; parentId?: number | null },
    ): Promise<Outcome<StoredComment>> {
      if (!canPost(actor)) return refuseWriter(actor);
      const body = checkCommentBody(input.body);
      if (!body.ok) return fail("invalid", body.message);
      if (!(await deps.papers.findPaper(input.paperId))) return fail("not-found", "No such paper.");
      const parentId = input.parentId ?? null;
      if (parentId !== null) {
        const parent = await findVisible(parentId, actor);
        if (!parent || parent.paperId !== input.paperId) return fail("not-found", "No such comment on this paper.");
        if (!canReply(actor, parent)) return fail("forbidden", "This comment takes no more replies.");
      }
      const created = await store.comments.insert({
        paperId: input.paperId,
        parentId,
        authorId: actor.userId,
        bodyMarkdown: body.body,
        bodyHtml: renderCommentHtml(body.body),
        renderVersion: COMMENT_RENDER_VERSION,
        createdAt: iso(),
      });
      if (!created) return fail("not-found", "The paper or comment is gone.");
      deps.onDiscussionChanged?.();
      return succeed(created);
    },

    async editComment(actor: DiscussionActor | null, commentId: number, text: string): Promise<Outcome<StoredComment>> {
      if (actor === null) return signInFirst();
      const comment = await findVisible(commentId, actor);
      if (!comment) return fail("not-found", "No such comment.");
      if (!canEdit(actor, comment, now())) return fail("forbidden", "This comment can no longer be edited by you.");
      const body = checkCommentBody(text);
      if (!body.ok) return fail("invalid", body.message);
      const html = renderCommentHtml(body.body);
      const update = {
        bodyMarkdown: body.body,
        bodyHtml: html,
        renderVersion: COMMENT_RENDER_VERSION,
        editedAt: iso(),
      };
      if (!(await store.comments.updateBody(commentId, update))) return fail("not-found", "No such comment.");
      deps.onDiscussionChanged?.();
      return succeed((await store.comments.find(commentId))!);
    },

    async deleteComment(actor: DiscussionActor | null, commentId: number, reason?: string): Promise<Outcome<true>> {
      if (actor === null) return signInFirst();
      const comment = await findVisible(commentId, actor);
      if (!comment || comment.deletedAt !== null) return fail("not-found", "No such comment.");
      if (!canDelete(actor, comment)) return fail("forbidden", "Only the author or an admin can delete this comment.");
      await store.comments.markDeleted(commentId, iso());
      if (comment.authorId !== actor.userId) await moderate(actor, "comment.delete", commentId, reason ?? null);
      deps.onDiscussionChanged?.();
      return succeed(true);
    },

    /** Hides (or unhides) a comment, closes its open reports and records the action. */
    async setCommentHidden(
      actor: DiscussionActor | null,
      commentId: number,
      hidden: boolean,
      reason: string | null,
    ): Promise<Outcome<true>> {
      if (actor === null) return signInFirst();
      const comment = await findVisible(commentId, actor);
      if (!comment || comment.deletedAt !== null) return fail("not-found", "No such comment.");
      if (!canHide(actor, comment)) return fail("forbidden", "Only moderators hide comments.");
      const changed = await store.comments.setHidden(commentId, hidden ? iso() : null, hidden ? actor.userId : null);
      if (hidden) await store.reports.resolve(commentId, "hidden", actor.userId, iso());
      if (changed) await moderate(actor, hidden ? "comment.hide" : "comment.unhide", commentId, reason);
      if (changed) deps.onDiscussionChanged?.();
      return succeed(true);
    },

    async dismissReports(
      actor: DiscussionActor | null,
      commentId: number,
      reason: string | null,
    ): Promise<Outcome<number>> {
      if (!isModerator(actor)) return refuseNonModerator(actor, "Only moderators handle reports.");
      const closed = await store.reports.resolve(commentId, "dismissed", actor.userId, iso());
      if (closed > 0) await moderate(actor, "report.dismiss", commentId, reason);
      return succeed(closed);
    },

    async reportComment(
      actor: DiscussionActor | null,
      commentId: number,
      input: { reason: string; note?: string | null },
    ): Promise<Outcome<"created" | "duplicate">> {
      if (!canPost(actor)) return refuseWriter(actor);
      const comment = await findVisible(commentId, actor);
      if (!comment || comment.deletedAt !== null) return fail("not-found", "No such comment.");
      if (!canReport(actor, comment)) return fail("forbidden", "You cannot report this comment.");
      const report = checkReport(input.reason, input.note);
      if (!report.ok) return fail("invalid", report.message);
      const createdAt = iso();
      return succeed(await store.reports.insert({ commentId, reporterId: actor.userId, ...report, createdAt }));
    },

    async listOpenReports(actor: Actor | null, page: PageRequest): Promise<Outcome<PageResult<OpenReport>>> {
      if (!isModerator(actor)) return refuseNonModerator(actor, "Only moderators handle reports.");
      return succeed(await store.reports.listOpen(page));
    },

    async listModerationLog(actor: Actor | null, page: PageRequest) {
      if (!isModerator(actor)) return refuseNonModerator(actor, "Only moderators read the log.");
      return succeed(await store.moderationLog.list(page));
    },

    /** Toggles the vote, or sets it when `voted` is given (idempotent, for retried requests). */
    async vote(actor: Actor | null, paperId: string, voted?: boolean): Promise<Outcome<VoteState>> {
      if (!canPost(actor)) return refuseWriter(actor);
      const state =
        voted === undefined
          ? await store.votes.toggle(actor.userId, paperId, iso())
          : await store.votes.set(actor.userId, paperId, voted, iso());
      if (!state) return fail("not-found", "No such paper.");
      deps.onSignalsChanged?.();
      return succeed(state);
    },

    async findVote(viewer: Actor | null, paperId: string): Promise<VoteState | null> {
      return store.votes.find(viewer?.userId ?? null, paperId);
    },
  };
}
