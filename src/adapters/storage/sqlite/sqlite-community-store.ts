import type { CommunityStore, ModerationLog, SubmissionStore } from "../../../core/discussion/ports.js";
import type { SubmissionDecision, SubmissionFacts } from "../../../core/discussion/submission-rules.js";
import { createSqliteCommentReportStore } from "./sqlite-comment-report-store.js";
import { createSqliteCommentStore } from "./sqlite-comment-store.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqliteVoteStore } from "./sqlite-vote-store.js";

/** Comments, reports, votes, submissions and the moderation log on one database (migration 005). */
export function createSqliteCommunityStore(db: SqliteDatabase): CommunityStore {
  return {
    comments: createSqliteCommentStore(db),
    reports: createSqliteCommentReportStore(db),
    votes: createSqliteVoteStore(db),
    submissions: createSqliteSubmissionStore(db),
    moderationLog: createSqliteModerationLog(db),
  };
}

interface FactsRow {
  published_at: string;
  listing_date: string | null;
  submissions_today: number;
}

function createSqliteSubmissionStore(db: SqliteDatabase): SubmissionStore {
  const readFacts = db.prepare<{ paperId: string; userId: number; dayStart: string }, FactsRow>(`
    SELECT p.published_at,
      (SELECT max(listing_date) FROM daily_listings WHERE paper_id = p.id) AS listing_date,
      (SELECT count(*) FROM submissions WHERE user_id = @userId AND created_at >= @dayStart) AS submissions_today
    FROM papers p WHERE p.id = @paperId`);
  const insertSubmission = db.prepare(
    "INSERT INTO submissions (user_id, paper_id, listing_date, created_at) VALUES (?, ?, ?, ?)",
  );
  const insertListing = db.prepare(
    "INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by) VALUES (?, ?, ?, ?)",
  );
  const listByUser = db.prepare<
    [number, number, number],
    { paper_id: string; listing_date: string; created_at: string }
  >(
    "SELECT paper_id, listing_date, created_at FROM submissions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
  );
  const countByUser = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM submissions WHERE user_id = ?");

  // IMMEDIATE: the facts are read under the write lock, so the decision still holds at the write.
  const submit = db.transaction(
    (
      request: { userId: number; userHandle: string; paperId: string; now: string; dayStart: string },
      decide: (facts: SubmissionFacts) => SubmissionDecision,
    ): SubmissionDecision | null => {
      const row = readFacts.get(request);
      if (!row) return null;
      const decision = decide({
        publishedAt: row.published_at,
        existingListingDate: row.listing_date,
        submissionsToday: row.submissions_today,
      });
      if (decision.kind !== "accepted") return decision;
      insertSubmission.run(request.userId, request.paperId, decision.listingDate, request.now);
      insertListing.run(decision.listingDate, request.paperId, request.now, request.userHandle);
      return decision;
    },
  );

  return {
    async submit(request, decide) {
      return submit.immediate({ ...request }, decide);
    },
    async listByUser(userId, page) {
      const items = listByUser
        .all(userId, page.limit, page.offset)
        .map((r) => ({ paperId: r.paper_id, listingDate: r.listing_date, createdAt: r.created_at }));
      return { items, total: countByUser.get(userId)!.n };
    },
  };
}

interface AuditRow {
  id: number;
  actor_id: number;
  actor_handle: string;
  action: string;
  target_type: "comment" | "user" | "paper";
  target_id: string;
  reason: string | null;
  created_at: string;
}

function createSqliteModerationLog(db: SqliteDatabase): ModerationLog {
  const append = db.prepare(`
    INSERT INTO moderation_audit_log (actor_id, actor_handle, action, target_type, target_id, reason, created_at)
    VALUES (@actorId, @actorHandle, @action, @targetType, @targetId, @reason, @createdAt)`);
  const list = db.prepare<[number, number], AuditRow>(
    "SELECT * FROM moderation_audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
  );
  const count = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM moderation_audit_log");
  return {
    async append(action) {
      append.run({ ...action });
    },
    async list(page) {
      const items = list.all(page.limit, page.offset).map((r) => ({
        id: r.id,
        actorId: r.actor_id,
        actorHandle: r.actor_handle,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        reason: r.reason,
        createdAt: r.created_at,
      }));
      return { items, total: count.get()!.n };
    },
  };
}
