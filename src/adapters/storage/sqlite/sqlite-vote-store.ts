import type { VoteState, VoteStore } from "../../../core/discussion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

/** json_each over more ids than this is split, to keep each statement's work bounded. */
const IDS_PER_QUERY = 2_000;

interface StateRow {
  voted: number;
  votes: number;
  upvotes: number;
}

/**
 * Votes are rows of paper_votes; the counts (paper_vote_counts.votes, papers.upvotes) move
 * with them through the triggers of migration 005. A toggle reads and writes inside one
 * IMMEDIATE transaction: it takes the write lock before reading, so two connections cannot
 * both read "not voted" and both insert, and a waiting writer queues on busy_timeout
 * instead of failing on a lock upgrade. @see https://www.sqlite.org/lang_transaction.html
 */
export function createSqliteVoteStore(db: SqliteDatabase): VoteStore {
  const readState = db.prepare<{ userId: number | null; paperId: string }, StateRow>(`
    SELECT EXISTS (SELECT 1 FROM paper_votes WHERE user_id = @userId AND paper_id = @paperId) AS voted,
      coalesce((SELECT votes FROM paper_vote_counts WHERE paper_id = @paperId), 0) AS votes,
      p.upvotes
    FROM papers p WHERE p.id = @paperId`);
  const insertVote = db.prepare(
    "INSERT INTO paper_votes (user_id, paper_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const deleteVote = db.prepare("DELETE FROM paper_votes WHERE user_id = ? AND paper_id = ?");
  const votedAmong = db.prepare<[number, string], { paper_id: string }>(
    "SELECT paper_id FROM paper_votes WHERE user_id = ? AND paper_id IN (SELECT value FROM json_each(?))",
  );
  const votedPapers = db.prepare<[number, number, number], { paper_id: string }>(
    "SELECT paper_id FROM paper_votes WHERE user_id = ? ORDER BY created_at DESC, paper_id LIMIT ? OFFSET ?",
  );
  const countVoted = db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM paper_votes WHERE user_id = ?");

  function setVote(userId: number, paperId: string, voted: boolean | "toggle", at: string): VoteState | null {
    const before = readState.get({ userId, paperId });
    if (!before) return null;
    const want = voted === "toggle" ? before.voted === 0 : voted;
    if (want && before.voted === 0) insertVote.run(userId, paperId, at);
    if (!want && before.voted === 1) deleteVote.run(userId, paperId);
    return toState(readState.get({ userId, paperId })!);
  }
  const setVoteAtomically = db.transaction(setVote);

  return {
    async toggle(userId, paperId, at) {
      return setVoteAtomically.immediate(userId, paperId, "toggle", at);
    },
    async set(userId, paperId, voted, at) {
      return setVoteAtomically.immediate(userId, paperId, voted, at);
    },
    async find(userId, paperId) {
      const row = readState.get({ userId, paperId });
      return row ? toState(row) : null;
    },
    async listVotedAmong(userId, paperIds) {
      const voted = new Set<string>();
      for (let i = 0; i < paperIds.length; i += IDS_PER_QUERY) {
        const chunk = JSON.stringify(paperIds.slice(i, i + IDS_PER_QUERY));
        for (const row of votedAmong.all(userId, chunk)) voted.add(row.paper_id);
      }
      return voted;
    },
    async listVotedPapers(userId, page) {
      return {
        items: votedPapers.all(userId, page.limit, page.offset).map((r) => r.paper_id),
        total: countVoted.get(userId)!.n,
      };
    },
  };
}

function toState(row: StateRow): VoteState {
  return { voted: row.voted === 1, votes: row.votes, upvotes: row.upvotes };
}
