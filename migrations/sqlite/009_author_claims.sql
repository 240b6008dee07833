-- Claimed authorship: a member says "I am this author of this paper" (by the name the paper
-- lists), and a curator, moderator or admin approves or rejects it. Approved claims put an
-- author badge on the member's comments and make HF's isAuthorParticipating true. Rules
-- (who may claim, review, withdraw) live in src/core/discussion/author-claims.ts.
--
-- Rows are never deleted while the account and paper exist: a withdrawn or rejected claim
-- keeps its row, so the daily claim limit counts it and the review stays on record.
CREATE TABLE author_claims (
  id               INTEGER PRIMARY KEY,
  paper_id         TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  author_name      TEXT NOT NULL,          -- as the paper lists it
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  created_at       TEXT NOT NULL,
  decided_at       TEXT,                   -- the last review or the withdrawal
  decided_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
  decision_reason  TEXT
);

-- A member holds at most one live (pending or approved) claim per paper, and one name of a
-- paper belongs to at most one approved account: the database refuses the second even
-- when two reviewers approve at the same moment.
CREATE UNIQUE INDEX author_claims_live_per_user ON author_claims (paper_id, user_id)
  WHERE status IN ('pending', 'approved');
CREATE UNIQUE INDEX author_claims_approved_name ON author_claims (paper_id, author_name)
  WHERE status = 'approved';

-- The review queue (pending, longest waiting first), the daily limit and profiles.
CREATE INDEX author_claims_pending ON author_claims (created_at) WHERE status = 'pending';
CREATE INDEX author_claims_user ON author_claims (user_id, created_at);
