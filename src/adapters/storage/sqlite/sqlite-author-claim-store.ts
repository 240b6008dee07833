import type {
  AuthorClaim,
  AuthorClaimFacts,
  AuthorClaimStatus,
  AuthorClaimStore,
  NewAuthorClaim,
} from "../../../core/discussion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** json_each over more ids than this is split, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

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

/**
 * Claimed authorship on SQLite (migration 009). New claims are decided and written inside
 * one IMMEDIATE transaction, as submissions are; the partial unique indexes of the
 * migration are the last word on "one live claim per member and paper" and "one approved
 * account per listed name", so a race between two reviewers ends in "name-taken".
 */
export function createSqliteAuthorClaimStore(db: SqliteDatabase): AuthorClaimStore {
  const findById = db.prepare<[number], ClaimRow>(`${SELECT_CLAIMS} WHERE c.id = ?`);
  const findLatest = db.prepare<[string, number], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.paper_id = ? AND c.user_id = ? ORDER BY c.id DESC LIMIT 1`,
  );
  const findLive = db.prepare<[string, number], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.paper_id = ? AND c.user_id = ? AND c.status IN ('pending', 'approved')`,
  );
  const findApprovedName = db.prepare<[string, string], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.paper_id = ? AND c.author_name = ? AND c.status = 'approved'`,
  );
  const countSince = db.prepare<[number, string], { n: number }>(
    "SELECT count(*) AS n FROM author_claims WHERE user_id = ? AND created_at >= ?",
  );
  const insert = db.prepare<[string, number, string, string]>(
    "INSERT INTO author_claims (paper_id, user_id, author_name, status, created_at) VALUES (?, ?, ?, 'pending', ?)",
  );
  const updateStatus = db.prepare(`
    UPDATE author_claims SET status = @to, decided_at = @at, decided_by = @by, decision_reason = @reason
    WHERE id = @id AND status = @from`);
  const approvedOf = db.prepare<[string], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.status = 'approved' AND c.paper_id IN (SELECT value FROM json_each(?)) ORDER BY c.id`,
  );
  const approvedByUser = db.prepare<[number, number, number], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.user_id = ? AND c.status = 'approved' ORDER BY c.decided_at DESC, c.id DESC LIMIT ? OFFSET ?`,
  );
  const countApprovedByUser = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM author_claims WHERE user_id = ? AND status = 'approved'",
  );
  const pendingQueue = db.prepare<[number, number], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.status = 'pending' ORDER BY c.created_at, c.id LIMIT ? OFFSET ?`,
  );
  const byStatus = db.prepare<[string, number, number], ClaimRow>(
    `${SELECT_CLAIMS} WHERE c.status = ? ORDER BY c.decided_at DESC, c.id DESC LIMIT ? OFFSET ?`,
  );
  const countByStatus = db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM author_claims WHERE status = ?");

  const create = db.transaction(
    (
      claim: NewAuthorClaim,
      decide: (facts: AuthorClaimFacts) => { accept: true } | { accept: false; refusal: unknown },
    ): { created: AuthorClaim } | { refused: unknown } => {
      const live = findLive.get(claim.paperId, claim.userId);
      const holder = findApprovedName.get(claim.paperId, claim.authorName);
      const facts: AuthorClaimFacts = {
        liveClaim: live ? toClaim(live) : null,
        approvedHolder: holder ? toClaim(holder) : null,
        claimsToday: countSince.get(claim.userId, claim.dayStart)!.n,
      };
      const decision = decide(facts);
      if (!decision.accept) return { refused: decision.refusal };
      const id = Number(insert.run(claim.paperId, claim.userId, claim.authorName, claim.createdAt).lastInsertRowid);
      return { created: toClaim(findById.get(id)!) };
    },
  );

  return {
    async create<R>(
      claim: NewAuthorClaim,
      decide: (facts: AuthorClaimFacts) => { accept: true } | { accept: false; refusal: R },
    ) {
      // The transaction is typed once for any refusal; what comes back is what `decide` gave.
      return create.immediate({ ...claim }, decide) as { created: AuthorClaim } | { refused: R };
    },
    async find(id) {
      const row = findById.get(id);
      return row ? toClaim(row) : null;
    },
    async findLatest(paperId, userId) {
      const row = findLatest.get(paperId, userId);
      return row ? toClaim(row) : null;
    },
    async changeStatus(change) {
      try {
        const result = updateStatus.run({ ...change });
        return result.changes === 1 ? "changed" : "stale";
      } catch (error) {
        if (isUniqueViolation(error)) return "name-taken";
        throw error;
      }
    },
    async listApproved(paperIds) {
      const result = new Map<string, AuthorClaim[]>();
      const unique = [...new Set(paperIds)];
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        for (const row of approvedOf.all(JSON.stringify(unique.slice(i, i + IDS_PER_QUERY)))) {
          const list = result.get(row.paper_id) ?? [];
          list.push(toClaim(row));
          result.set(row.paper_id, list);
        }
      }
      return result;
    },
    async listApprovedByUser(userId, page) {
      const items = approvedByUser.all(userId, page.limit, page.offset).map(toClaim);
      return { items, total: countApprovedByUser.get(userId)!.n };
    },
    async listByStatus(status, page) {
      const rows =
        status === "pending"
          ? pendingQueue.all(page.limit, page.offset)
          : byStatus.all(status, page.limit, page.offset);
      return { items: rows.map(toClaim), total: countByStatus.get(status)!.n };
    },
  };
}

/**
 * Only the approved-name index can fail an update: a status change never creates a second
 * live claim of the same member (withdrawn, rejected and approved all come from live or
 * leave it), and approving a pending claim keeps it live.
 */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
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
