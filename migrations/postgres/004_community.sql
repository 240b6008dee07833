-- Community: upvotes, comments, reports, submissions to the daily list, and the moderation
-- audit log (the PostgreSQL twin of migrations/sqlite/005_community.sql). Rules (who may
-- vote, post, hide) live in src/core/discussion/; this file holds data and the bookkeeping
-- that keeps counts exact.

-- One upvote per user per paper. Deleting an account or a paper takes its votes with it,
-- and the trigger below keeps the counts right on that path too.
CREATE TABLE paper_votes (
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  paper_id    text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX paper_votes_paper ON paper_votes (paper_id, created_at);
-- Trending asks which papers had votes in a window (postgres-trending-signal-store.ts).
CREATE INDEX paper_votes_created_at ON paper_votes (created_at);

-- Votes cast on this hub, per paper: always count(*) of paper_votes for the paper, kept
-- in the same transaction as the vote (a reader never sees one without the other).
CREATE TABLE paper_vote_counts (
  paper_id  text PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
  votes     integer NOT NULL CHECK (votes >= 0)
);

-- papers.upvotes is what trending, the paper pages and the APIs read: imported counts plus
-- votes cast here. A vote moves it by one; the importer only ever raises it (max of stored
-- and imported), so a vote is not undone by an older imported count. A trigger, not store
-- code, so that the ON DELETE CASCADE above (account deletion) cannot leave a count behind.
-- Each UPDATE adds to the row as it is when the row lock is granted, so concurrent votes
-- under READ COMMITTED add up; papers is locked before paper_vote_counts, the order the
-- vote store takes, so the two cannot deadlock each other.
-- @see https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
CREATE FUNCTION count_paper_vote() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE papers SET upvotes = upvotes + 1 WHERE id = NEW.paper_id;
    INSERT INTO paper_vote_counts (paper_id, votes) VALUES (NEW.paper_id, 1)
      ON CONFLICT (paper_id) DO UPDATE SET votes = paper_vote_counts.votes + 1;
    RETURN NEW;
  END IF;
  UPDATE papers SET upvotes = greatest(0, upvotes - 1) WHERE id = OLD.paper_id;
  UPDATE paper_vote_counts SET votes = votes - 1 WHERE paper_id = OLD.paper_id;
  RETURN OLD;
END $$;

CREATE TRIGGER paper_votes_count AFTER INSERT OR DELETE ON paper_votes
  FOR EACH ROW EXECUTE FUNCTION count_paper_vote();

-- Comments are never removed while their paper exists: deleting one erases its body and
-- sets deleted_at, so replies keep their place (a tombstone). The stored HTML is rendered
-- once, at post or edit time (reads far outnumber writes, and math is the costly part);
-- rows with an older render_version are rendered again on read.
CREATE TABLE comments (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  paper_id        text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  parent_id       bigint REFERENCES comments (id) ON DELETE CASCADE,
  author_id       bigint REFERENCES users (id) ON DELETE SET NULL,   -- null: account deleted
  body_markdown   text NOT NULL,
  body_html       text NOT NULL,
  render_version  integer NOT NULL,
  created_at      timestamptz NOT NULL,
  edited_at       timestamptz,
  deleted_at      timestamptz,
  hidden_at       timestamptz,                                         -- hidden by a moderator
  hidden_by       bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX comments_paper ON comments (paper_id, created_at);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_author ON comments (author_id, created_at) WHERE author_id IS NOT NULL;
-- Without it, clearing hidden_by when a moderator's account is deleted scans every comment.
CREATE INDEX comments_hidden_by ON comments (hidden_by) WHERE hidden_by IS NOT NULL;

-- One report per user per comment; resolving a comment's reports closes them all at once.
CREATE TABLE comment_reports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  comment_id   bigint NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reporter_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reason       text NOT NULL,          -- REPORT_REASONS in src/core/discussion/report-reasons.ts
  note         text,
  created_at   timestamptz NOT NULL,
  resolved_at  timestamptz,
  resolved_by  bigint REFERENCES users (id) ON DELETE SET NULL,
  resolution   text CHECK (resolution IN ('hidden', 'dismissed')),
  UNIQUE (comment_id, reporter_id)
);
CREATE INDEX comment_reports_open ON comment_reports (created_at) WHERE resolved_at IS NULL;
CREATE INDEX comment_reports_reporter ON comment_reports (reporter_id);

-- A user's submission of a paper to a daily list. The listing itself is the daily_listings
-- row written in the same transaction (submitted_by = the user's handle); this table adds
-- who submitted it for limits and profiles. A paper is submitted at most once.
CREATE TABLE submissions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint REFERENCES users (id) ON DELETE SET NULL,
  paper_id      text NOT NULL UNIQUE REFERENCES papers (id) ON DELETE CASCADE,
  listing_date  date NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX submissions_user ON submissions (user_id, created_at);

-- What moderators and admins did, append-only. No foreign key: the record outlives the
-- accounts it names, so the actor's handle is copied.
CREATE TABLE moderation_audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id      bigint NOT NULL,
  actor_handle  text NOT NULL,
  action        text NOT NULL,         -- e.g. 'comment.hide', 'comment.unhide', 'comment.delete', 'report.dismiss'
  target_type   text NOT NULL CHECK (target_type IN ('comment', 'user', 'paper')),
  target_id     text NOT NULL,
  reason        text,
  created_at    timestamptz NOT NULL
);
CREATE INDEX moderation_audit_log_target ON moderation_audit_log (target_type, target_id);

CREATE FUNCTION refuse_audit_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'moderation_audit_log is append-only';
END $$;

CREATE TRIGGER moderation_audit_log_append_only BEFORE UPDATE OR DELETE ON moderation_audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_log_change();
