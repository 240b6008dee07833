import type { VoteState, VoteStore } from "../../../core/discussion/ports.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";

/** Ids per query, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

interface StateRow {
  voted: boolean;
  votes: number;
  upvotes: number;
}

// $1 user id (null: nobody), $2 paper id. No row when the paper is unknown.
const READ_STATE = `
  SELECT EXISTS (SELECT 1 FROM paper_votes WHERE user_id = $1 AND paper_id = $2) AS voted,
    coalesce((SELECT votes FROM paper_vote_counts WHERE paper_id = $2), 0) AS votes,
    p.upvotes
  FROM papers p WHERE p.id = $2`;

/**
 * Votes are rows of paper_votes; the counts (paper_vote_counts.votes, papers.upvotes) move
 * with them through the trigger of migration 004. A change first locks the paper's row, so
 * changes to one paper's votes run one after another (as SQLite's IMMEDIATE transactions
 * do): two toggles by one user cannot both read "not voted", and the trigger's later update
 * of the same row cannot deadlock. Every vote updates that row anyway, so the lock costs no
 * concurrency it would not lose at the update. @see https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
 */
export function createPostgresVoteStore(pool: PostgresPool): VoteStore {
  async function setVote(
    userId: number,
    paperId: string,
    voted: boolean | "toggle",
    at: string,
  ): Promise<VoteState | null> {
    return withTransaction(pool, async (client) => {
      const paper = await client.query("SELECT 1 FROM papers WHERE id = $1 FOR NO KEY UPDATE", [paperId]);
      if (paper.rowCount === 0) return null;
      const before = (await readState(client, userId, paperId))!;
      const want = voted === "toggle" ? !before.voted : voted;
      if (want && !before.voted) {
        await client.query("INSERT INTO paper_votes (user_id, paper_id, created_at) VALUES ($1, $2, $3)", [
          userId,
          paperId,
          at,
        ]);
      }
      if (!want && before.voted) {
        await client.query("DELETE FROM paper_votes WHERE user_id = $1 AND paper_id = $2", [userId, paperId]);
      }
      return want === before.voted ? before : readState(client, userId, paperId);
    });
  }

  return {
    async toggle(userId, paperId, at) {
      return setVote(userId, paperId, "toggle", at);
    },
    async set(userId, paperId, voted, at) {
      return setVote(userId, paperId, voted, at);
    },
    async find(userId, paperId) {
      return readState(pool, userId, paperId);
    },
    async listVotedAmong(userId, paperIds) {
      const voted = new Set<string>();
      for (let i = 0; i < paperIds.length; i += IDS_PER_QUERY) {
        const { rows } = await pool.query<{ paper_id: string }>(
          "SELECT paper_id FROM paper_votes WHERE user_id = $1 AND paper_id = ANY ($2)",
          [userId, paperIds.slice(i, i + IDS_PER_QUERY)],
        );
        for (const row of rows) voted.add(row.paper_id);
      }
      return voted;
    },
    async listVotedPapers(userId, page) {
      const [items, count] = await Promise.all([
        pool.query<{ paper_id: string }>(
          `SELECT paper_id FROM paper_votes WHERE user_id = $1
           ORDER BY created_at DESC, paper_id LIMIT $2 OFFSET $3`,
          [userId, page.limit, page.offset],
        ),
        pool.query<{ n: number }>("SELECT count(*) AS n FROM paper_votes WHERE user_id = $1", [userId]),
      ]);
      return { items: items.rows.map((r) => r.paper_id), total: count.rows[0]!.n };
    },
  };
}

async function readState(db: Queryable, userId: number | null, paperId: string): Promise<VoteState | null> {
  const { rows } = await db.query<StateRow>(READ_STATE, [userId, paperId]);
  const row = rows[0];
  return row ? { voted: row.voted, votes: row.votes, upvotes: row.upvotes } : null;
}
