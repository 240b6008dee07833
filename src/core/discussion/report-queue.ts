import type { UserStore } from "../accounts/ports.js";
import type { PageRequest } from "../papers/ports.js";
import type { Actor, StoredComment } from "./comment.js";
import type { DiscussionService } from "./discussion-service.js";
import { type Outcome, succeed } from "./discussion-outcome.js";
import type { CommentStore, OpenReport } from "./ports.js";

/** The longest reason a moderator may give for an action (the audit log keeps it). */
export const MODERATION_REASON_MAX_CHARS = 500;

/** One reported comment as the moderators' queue shows it. */
export interface ReportedComment {
  readonly report: OpenReport;
  /** Null when the comment is gone (its reports go with it, so only in a race). */
  readonly comment: StoredComment | null;
  /** Reporters' handles by user id (a deleted reporter is absent). */
  readonly reporterHandles: ReadonlyMap<number, string>;
}

export interface ReportQueueDeps {
  readonly discussion: Pick<DiscussionService, "listOpenReports">;
  readonly comments: Pick<CommentStore, "find">;
  readonly users: Pick<UserStore, "findById">;
}

/** Open reports grouped by comment (the store groups them), with the comment and who reported it. */
export function createReportQueue({ discussion, comments, users }: ReportQueueDeps) {
  return {
    async listReportedComments(
      actor: Actor | null,
      page: PageRequest,
    ): Promise<Outcome<{ items: ReportedComment[]; total: number }>> {
      const open = await discussion.listOpenReports(actor, page);
      if (!open.ok) return open;
      const reporterIds = new Set(open.value.items.flatMap((r) => r.reports.map((x) => x.reporterId)));
      const handles = new Map<number, string>();
      for (const id of reporterIds) {
        const user = await users.findById(id);
        if (user) handles.set(id, user.handle);
      }
      const items = await Promise.all(
        open.value.items.map(async (report) => ({
          report,
          comment: await comments.find(report.commentId),
          reporterHandles: handles,
        })),
      );
      return succeed({ items, total: open.value.total });
    },
  };
}
