import type { CommunityStore, ModerationLog, SubmissionStore } from "../../../core/discussion/ports.js";
import { createPostgresCommentReportStore } from "./postgres-comment-report-store.js";
import { createPostgresCommentStore } from "./postgres-comment-store.js";
import { type PostgresPool, withTransaction } from "./postgres-pool.js";
import { createPostgresVoteStore } from "./postgres-vote-store.js";

/** Comments, reports, votes, submissions and the moderation log on one pool (migration 004). */
export function createPostgresCommunityStore(pool: PostgresPool): CommunityStore {
  return {
    comments: createPostgresCommentStore(pool),
    reports: createPostgresCommentReportStore(pool),
    votes: createPostgresVoteStore(pool),
    submissions: createPostgresSubmissionStore(pool),
    moderationLog: createPostgresModerationLog(pool),
  };
}

interface FactsRow {
  published_at: string;
  listing_date: string | null;
  submissions_today: number;
}

// $1 paper id, $2 user id, $3 start of the user's day; read once both rows are locked (submit()).
const READ_FACTS = `
  SELECT p.published_at,
    (SELECT max(listing_date) FROM daily_listings WHERE paper_id = p.id) AS listing_date,
    (SELECT count(*) FROM submissions WHERE user_id = $2 AND created_at >= $3) AS submissions_today
  FROM papers p WHERE p.id = $1`;

function createPostgresSubmissionStore(pool: PostgresPool): SubmissionStore {
  return {
    /**
     * The facts are read after locking the paper's row and then the user's (always in that
     * order, so two submissions cannot deadlock): submissions of one paper, or by one user,
     * run one after another, so the decision still holds at the write, as under SQLite's
     * IMMEDIATE transaction. READ COMMITTED reads each statement afresh, after the wait.
     * @see https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
     */
    async submit(request, decide) {
      return withTransaction(pool, async (client) => {
        const paper = await client.query("SELECT 1 FROM papers WHERE id = $1 FOR NO KEY UPDATE", [request.paperId]);
        if (paper.rowCount === 0) return null;
        await client.query("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", [request.userId]);
        const { rows } = await client.query<FactsRow>(READ_FACTS, [request.paperId, request.userId, request.dayStart]);
        const row = rows[0]!;
        const decision = decide({
          publishedAt: row.published_at,
          existingListingDate: row.listing_date,
          submissionsToday: row.submissions_today,
        });
        if (decision.kind !== "accepted") return decision;
        await client.query(
          "INSERT INTO submissions (user_id, paper_id, listing_date, created_at) VALUES ($1, $2, $3, $4)",
          [request.userId, request.paperId, decision.listingDate, request.now],
        );
        await client.query(
          "INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by) VALUES ($1, $2, $3, $4)",
          [decision.listingDate, request.paperId, request.now, request.userHandle],
        );
        return decision;
      });
    },
    async listByUser(userId, page) {
      const [items, count] = await Promise.all([
        pool.query<{ paper_id: string; listing_date: string; created_at: string }>(
          `SELECT paper_id, listing_date, created_at FROM submissions WHERE user_id = $1
           ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
          [userId, page.limit, page.offset],
        ),
        pool.query<{ n: number }>("SELECT count(*) AS n FROM submissions WHERE user_id = $1", [userId]),
      ]);
      return {
        items: items.rows.map((r) => ({ paperId: r.paper_id, listingDate: r.listing_date, createdAt: r.created_at })),
        total: count.rows[0]!.n,
      };
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

function createPostgresModerationLog(pool: PostgresPool): ModerationLog {
  return {
    async append(action) {
      await pool.query(
        `INSERT INTO moderation_audit_log (actor_id, actor_handle, action, target_type, target_id, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          action.actorId,
          action.actorHandle,
          action.action,
          action.targetType,
          action.targetId,
          action.reason,
          action.createdAt,
        ],
      );
    },
    async list(page) {
      const [items, count] = await Promise.all([
        pool.query<AuditRow>("SELECT * FROM moderation_audit_log ORDER BY id DESC LIMIT $1 OFFSET $2", [
          page.limit,
          page.offset,
        ]),
        pool.query<{ n: number }>("SELECT count(*) AS n FROM moderation_audit_log"),
      ]);
      const entries = items.rows.map((r) => ({
        id: r.id,
        actorId: r.actor_id,
        actorHandle: r.actor_handle,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        reason: r.reason,
        createdAt: r.created_at,
      }));
      return { items: entries, total: count.rows[0]!.n };
    },
  };
}
