import type {
  AuthorClaim,
  AuthorClaimFacts,
  AuthorClaimStatus,
  AuthorClaimStore,
  NewAuthorClaim,
} from "../../../core/discussion/ports.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";

/** Ids per query, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;
/** The partial unique index of migration 006 that keeps one approved account per listed name. */
const APPROVED_NAME_INDEX = "author_claims_approved_name";
/** @see https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = "23505";

interface ClaimRow {
  id: number;
  paper_id: string;
  user_id: number;
  handle: string;
  display_name: string;
  suspended_at: string | null;
  author_name: string;
  status: AuthorClaimStatus;
  created_at: string;
  decided_at: string | null;
  decided_by_handle: string | null;
  decision_reason: string | null;
}

/** Every read joins the claimant (and the reviewer's handle): pages show both. */
const SELECT_CLAIMS = `
  SELECT c.id, c.paper_id, c.user_id, u.handle, u.display_name, u.suspended_at, c.author_name, c.status,
    c.created_at, c.decided_at, r.handle AS decided_by_handle, c.decision_reason
  FROM author_claims c
  JOIN users u ON u.id = c.user_id
  LEFT JOIN users r ON r.id = c.decided_by`;

/** Newest decision first, as SQLite sorts it (there a null is the smallest value). */
const NEWEST_DECISION = "ORDER BY c.decided_at DESC NULLS LAST, c.id DESC";

// $1 paper id, $2 user id, $3 author name, $4 start of the user's day; read once the user's row is locked.
const READ_FACTS = `
  SELECT
    (SELECT id FROM author_claims WHERE paper_id = $1 AND user_id = $2 AND status IN ('pending', 'approved'))
      AS live_id,
    (SELECT id FROM author_claims WHERE paper_id = $1 AND author_name = $3 AND status = 'approved') AS holder_id,
    (SELECT count(*) FROM author_claims WHERE user_id = $2 AND created_at >= $4) AS claims_today`;

/**
 * Claimed authorship on PostgreSQL (migration 006). A new claim first locks the claimant's
 * row, so one member's claims are decided and written one after another (as SQLite's
 * IMMEDIATE transaction does): two requests cannot both pass the daily limit or the
 * one-live-claim rule, and READ COMMITTED reads each statement afresh after the wait. The
 * partial unique indexes are the last word on "one approved account per listed name", so a
 * race between two reviewers ends in "name-taken".
 * @see https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
 */
export function createPostgresAuthorClaimStore(pool: PostgresPool): AuthorClaimStore {
  return {
    async create<R>(
      claim: NewAuthorClaim,
      decide: (facts: AuthorClaimFacts) => { accept: true } | { accept: false; refusal: R },
    ) {
      return withTransaction(pool, async (client): Promise<{ created: AuthorClaim } | { refused: R }> => {
        // NO KEY UPDATE: other rows may still reference the user (sessions, votes) meanwhile.
        await client.query("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", [claim.userId]);
        const { rows } = await client.query<{ live_id: number | null; holder_id: number | null; claims_today: number }>(
          READ_FACTS,
          [claim.paperId, claim.userId, claim.authorName, claim.dayStart],
        );
        const facts = rows[0]!;
        const decision = decide({
          liveClaim: facts.live_id === null ? null : await findClaim(client, facts.live_id),
          approvedHolder: facts.holder_id === null ? null : await findClaim(client, facts.holder_id),
          claimsToday: facts.claims_today,
        });
        if (!decision.accept) return { refused: decision.refusal };
        const inserted = await client.query<{ id: number }>(
          `INSERT INTO author_claims (paper_id, user_id, author_name, status, created_at)
           VALUES ($1, $2, $3, 'pending', $4) RETURNING id`,
          [claim.paperId, claim.userId, claim.authorName, claim.createdAt],
        );
        return { created: (await findClaim(client, inserted.rows[0]!.id))! };
      });
    },
    async find(id) {
      return findClaim(pool, id);
    },
    async findLatest(paperId, userId) {
      const { rows } = await pool.query<ClaimRow>(
        `${SELECT_CLAIMS} WHERE c.paper_id = $1 AND c.user_id = $2 ORDER BY c.id DESC LIMIT 1`,
        [paperId, userId],
      );
      return rows[0] ? toClaim(rows[0]) : null;
    },
    /**
     * One UPDATE guarded by the status read: a concurrent change of the same claim makes it
     * match no row ("stale"), and a concurrent approval of the same name fails the index.
     */
    async changeStatus(change) {
      try {
        const result = await pool.query(
          `UPDATE author_claims SET status = $3, decided_at = $4, decided_by = $5, decision_reason = $6
           WHERE id = $1 AND status = $2`,
          [change.id, change.from, change.to, change.at, change.by, change.reason],
        );
        return result.rowCount === 1 ? "changed" : "stale";
      } catch (error) {
        if (isApprovedNameViolation(error)) return "name-taken";
        throw error;
      }
    },
    async listApproved(paperIds) {
      const result = new Map<string, AuthorClaim[]>();
      const unique = [...new Set(paperIds)];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const { rows } = await pool.query<ClaimRow>(
          `${SELECT_CLAIMS} WHERE c.status = 'approved' AND c.paper_id = ANY ($1) ORDER BY c.id`,
          [unique.slice(i, i + IDS_PER_QUERY)],
        );
        for (const row of rows) {
          const list = result.get(row.paper_id) ?? [];
          list.push(toClaim(row));
          result.set(row.paper_id, list);
        }
      }
      return result;
    },
    async listApprovedByUser(userId, page) {
      const [items, count] = await Promise.all([
        pool.query<ClaimRow>(
          `${SELECT_CLAIMS} WHERE c.user_id = $1 AND c.status = 'approved' ${NEWEST_DECISION} LIMIT $2 OFFSET $3`,
          [userId, page.limit, page.offset],
        ),
        pool.query<{ n: number }>(
          "SELECT count(*) AS n FROM author_claims WHERE user_id = $1 AND status = 'approved'",
          [userId],
        ),
      ]);
      return { items: items.rows.map(toClaim), total: count.rows[0]!.n };
    },
    async listByStatus(status, page) {
      const order = status === "pending" ? "ORDER BY c.created_at, c.id" : NEWEST_DECISION;
      const [items, count] = await Promise.all([
        pool.query<ClaimRow>(`${SELECT_CLAIMS} WHERE c.status = $1 ${order} LIMIT $2 OFFSET $3`, [
          status,
          page.limit,
          page.offset,
        ]),
        pool.query<{ n: number }>("SELECT count(*) AS n FROM author_claims WHERE status = $1", [status]),
      ]);
      return { items: items.rows.map(toClaim), total: count.rows[0]!.n };
    },
  };
}

async function findClaim(db: Queryable, id: number): Promise<AuthorClaim | null> {
  const { rows } = await db.query<ClaimRow>(`${SELECT_CLAIMS} WHERE c.id = $1`, [id]);
  return rows[0] ? toClaim(rows[0]) : null;
}

/**
 * Only the approved-name index should fail an update (a status change never makes a second
 * live claim of one member); matching it by name lets any other violation surface as an error.
 */
function isApprovedNameViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    "code" in error &&
    error.code === UNIQUE_VIOLATION &&
    "constraint" in error &&
    error.constraint === APPROVED_NAME_INDEX
  );
}

function toClaim(row: ClaimRow): AuthorClaim {
  return {
    id: row.id,
    paperId: row.paper_id,
    userId: row.user_id,
    userHandle: row.handle,
    userDisplayName: row.display_name,
    userSuspended: row.suspended_at !== null,
    authorName: row.author_name,
    status: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedByHandle: row.decided_by_handle,
    decisionReason: row.decision_reason,
  };
}
