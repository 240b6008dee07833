-- Claimed authorship: a member says "I am this author of this paper" (by the name the paper
-- lists), and a curator, moderator or admin approves or rejects it (the PostgreSQL twin of
-- migrations/sqlite/009_author_claims.sql). Approved claims put an author badge on the
-- member's comments and make HF's isAuthorParticipating true. Rules (who may claim, review,
-- withdraw) live in src/core/discussion/author-claim-rules.ts.
--
-- Rows are never deleted while the account and paper exist: a withdrawn or rejected claim
-- keeps its row, so the daily claim limit counts it and the review stays on record.
CREATE TABLE author_claims (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  paper_id         text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  author_name      text NOT NULL,          -- as the paper lists it
  status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  created_at       timestamptz NOT NULL,
  decided_at       timestamptz,            -- the last review or the withdrawal
  decided_by       bigint REFERENCES users (id) ON DELETE SET NULL,
  decision_reason  text
);

-- A member holds at most one live (pending or approved) claim per paper, and one name of a
-- paper belongs to at most one approved account. The database refuses the second approval
-- even when two reviewers approve at the same moment: the later insert into the index waits
-- for the earlier transaction and then fails with a unique violation, which the store
-- (postgres-author-claim-store.ts) reports as "name-taken".
-- @see https://www.postgresql.org/docs/current/indexes-partial.html
CREATE UNIQUE INDEX author_claims_live_per_user ON author_claims (paper_id, user_id)
  WHERE status IN ('pending', 'approved');
CREATE UNIQUE INDEX author_claims_approved_name ON author_claims (paper_id, author_name)
  WHERE status = 'approved';

-- The review queue (pending, longest waiting first), the reviewed lists (newest decision
-- first; NULLS LAST sorts as SQLite does, though a decided claim always has decided_at),
-- the daily limit and profiles.
CREATE INDEX author_claims_pending ON author_claims (created_at, id) WHERE status = 'pending';
CREATE INDEX author_claims_decided ON author_claims (status, decided_at DESC NULLS LAST, id DESC);
CREATE INDEX author_claims_user ON author_claims (user_id, created_at);
-- Without it, clearing decided_by when a reviewer's account is deleted scans every claim.
CREATE INDEX author_claims_decided_by ON author_claims (decided_by) WHERE decided_by IS NOT NULL;
