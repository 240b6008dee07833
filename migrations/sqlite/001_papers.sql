-- Papers, daily listings and the histories trending reads.
-- Times are ISO 8601 UTC text; days are YYYY-MM-DD text, so text order is time order.

CREATE TABLE papers (
  seq              INTEGER PRIMARY KEY,    -- stable rowid (VACUUM keeps it): paper_author_index points here
  id               TEXT NOT NULL UNIQUE,   -- normalised arXiv id, no version
  version          INTEGER NOT NULL,       -- latest arXiv version seen
  title            TEXT NOT NULL,
  abstract         TEXT NOT NULL,
  authors          TEXT NOT NULL,          -- JSON array of names, in the paper's order
  categories       TEXT NOT NULL,          -- space-separated arXiv codes, primary first
  published_at     TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  comments         TEXT,
  doi              TEXT,
  journal_ref      TEXT,
  github_repo      TEXT,                   -- owner/repo
  project_page     TEXT,
  ai_summary       TEXT,
  ai_keywords      TEXT NOT NULL DEFAULT '[]',
  upvotes          INTEGER NOT NULL DEFAULT 0,
  imported_at      TEXT NOT NULL
);
CREATE INDEX papers_published_at ON papers (published_at);
CREATE INDEX papers_github_repo ON papers (github_repo) WHERE github_repo IS NOT NULL;

-- Author names, for /authors/{name}: one row per paper (rowid = papers.rowid), all names in
-- one text. An FTS5 index appends sorted segments instead of scattering millions of name
-- keys across a B-tree, which made author indexing 4x the cost of the papers themselves.
-- Lookups are phrase queries, confirmed against papers.authors.
-- @see https://www.sqlite.org/fts5.html#contentless_delete_tables
CREATE VIRTUAL TABLE paper_author_index USING fts5 (
  names,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE daily_listings (
  listing_date  TEXT NOT NULL,
  paper_id      TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  submitted_at  TEXT NOT NULL,
  submitted_by  TEXT,
  featured_by   TEXT,
  PRIMARY KEY (listing_date, paper_id)
) WITHOUT ROWID;
CREATE INDEX daily_listings_paper ON daily_listings (paper_id, listing_date);
CREATE INDEX daily_listings_submitter ON daily_listings (submitted_by, listing_date) WHERE submitted_by IS NOT NULL;

-- One star count per repository per day. prev_stars is the count of the repository's
-- previous sample, filled on insert, so "repositories that gained stars in a window"
-- is one range scan of a small partial index.
CREATE TABLE github_star_samples (
  repo        TEXT NOT NULL,
  day         TEXT NOT NULL,
  stars       INTEGER NOT NULL,
  prev_stars  INTEGER,
  PRIMARY KEY (repo, day)
) WITHOUT ROWID;
CREATE INDEX github_star_samples_growth ON github_star_samples (day) WHERE stars > prev_stars;

-- The paper's position on the Hugging Face papers page, one row per day.
CREATE TABLE page_rank_samples (
  paper_id  TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  day       TEXT NOT NULL,
  rank      INTEGER NOT NULL,
  PRIMARY KEY (paper_id, day)
) WITHOUT ROWID;
CREATE INDEX page_rank_samples_day ON page_rank_samples (day);
