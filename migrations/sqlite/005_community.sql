-- Community: upvotes, comments, reports, submissions to the daily list, and the moderation
-- audit log. Times are ISO 8601 UTC text. Rules (who may vote, post, hide) live in
-- src/core/discussion/; this file holds data and the bookkeeping that keeps counts exact.

-- One upvote per user per paper. Deleting an account or a paper takes its votes with it,
-- and the triggers below keep the counts right on that path too.
CREATE TABLE paper_votes (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX paper_votes_paper ON paper_votes (paper_id, created_at);

-- Votes cast on this hub, per paper: always count(*) of paper_votes for the paper, kept
-- in the same transaction as the vote (a reader never sees one without the other).
CREATE TABLE paper_vote_counts (
  paper_id  TEXT PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
  votes     INTEGER NOT NULL CHECK (votes >= 0)
) WITHOUT ROWID;

-- papers.upvotes is what trending (sqlite-trending-signal-store.ts), the paper pages and
-- the APIs read: imported counts plus votes cast here. A vote moves it by one; the
-- importer only ever raises it (max of stored and imported), so a vote is not undone by
-- an older imported count. Triggers, not store code, so that the ON DELETE CASCADE above
-- (account deletion) cannot leave a count behind.
CREATE TRIGGER paper_votes_count_insert AFTER INSERT ON paper_votes BEGIN
  INSERT INTO paper_vote_counts (paper_id, votes) VALUES (new.paper_id, 1)
    ON CONFLICT (paper_id) DO UPDATE SET votes = votes + 1;
  UPDATE papers SET upvotes = upvotes + 1 WHERE id = new.paper_id;
END;

CREATE TRIGGER paper_votes_count_delete AFTER DELETE ON paper_votes BEGIN
  UPDATE paper_vote_counts SET votes = votes - 1 WHERE paper_id = old.paper_id;
  UPDATE papers SET upvotes = max(0, upvotes - 1) WHERE id = old.paper_id;
END;

-- Comments are never removed while their paper exists: deleting one erases its body and
-- sets deleted_at, so replies keep their place (a tombstone). The stored HTML is rendered
-- once, at post or edit time (reads far outnumber writes, and math is the costly part);
-- rows with an older render_version are rendered again on read.
CREATE TABLE comments (
  id              INTEGER PRIMARY KEY,
  paper_id        TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  parent_id       INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- null: account deleted
  body_markdown   TEXT NOT NULL,
  body_html       TEXT NOT NULL,
  render_version  INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  edited_at       TEXT,
  deleted_at      TEXT,
  hidden_at       TEXT,                                               -- hidden by a moderator
  hidden_by       INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX comments_paper ON comments (paper_id, created_at);
CREATE INDEX comments_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_author ON comments (author_id, created_at) WHERE author_id IS NOT NULL;

-- One report per user per comment; resolving a comment's reports closes them all at once.
CREATE TABLE comment_reports (
  id           INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reporter_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reason       TEXT NOT NULL,          -- REPORT_REASONS in src/core/discussion/report-reasons.ts
  note         TEXT,
  created_at   TEXT NOT NULL,
  resolved_at  TEXT,
  resolved_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
  resolution   TEXT,                   -- 'hidden' or 'dismissed'
  UNIQUE (comment_id, reporter_id)
);
CREATE INDEX comment_reports_open ON comment_reports (created_at) WHERE resolved_at IS NULL;

-- A user's submission of a paper to a daily list. The listing itself is the daily_listings
-- row written in the same transaction (submitted_by = the user's handle); this table adds
-- who submitted it for limits and profiles. A paper is submitted at most once.
CREATE TABLE submissions (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
  paper_id      TEXT NOT NULL UNIQUE REFERENCES papers (id) ON DELETE CASCADE,
  listing_date  TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX submissions_user ON submissions (user_id, created_at);

-- What moderators and admins did, append-only. No foreign key: the record outlives the
-- accounts it names, so the actor's handle is copied.
CREATE TABLE moderation_audit_log (
  id            INTEGER PRIMARY KEY,
  actor_id      INTEGER NOT NULL,
  actor_handle  TEXT NOT NULL,
  action        TEXT NOT NULL,         -- e.g. 'comment.hide', 'comment.unhide', 'comment.delete', 'report.dismiss'
  target_type   TEXT NOT NULL,         -- 'comment', 'user', 'paper'
  target_id     TEXT NOT NULL,
  reason        TEXT,
  created_at    TEXT NOT NULL
);
CREATE INDEX moderation_audit_log_target ON moderation_audit_log (target_type, target_id);

CREATE TRIGGER moderation_audit_log_no_update BEFORE UPDATE ON moderation_audit_log BEGIN
  SELECT RAISE (ABORT, 'moderation_audit_log is append-only');
END;
CREATE TRIGGER moderation_audit_log_no_delete BEFORE DELETE ON moderation_audit_log BEGIN
  SELECT RAISE (ABORT, 'moderation_audit_log is append-only');
END;
