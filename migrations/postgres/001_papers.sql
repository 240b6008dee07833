-- Papers, daily listings and the histories trending reads (the PostgreSQL twin of
-- migrations/sqlite/001_papers.sql). Instants are timestamptz, days are date; the adapter
-- reads both back as the ISO strings the ports use, with the session time zone set to UTC.

CREATE TABLE papers (
  id            text PRIMARY KEY,           -- normalised arXiv id, no version
  version       integer NOT NULL,           -- latest arXiv version seen
  title         text NOT NULL,
  abstract      text NOT NULL,
  authors       text[] NOT NULL,            -- names, in the paper's order
  categories    text[] NOT NULL,            -- arXiv codes, primary first
  published_at  timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  comments      text,
  doi           text,
  journal_ref   text,
  github_repo   text,                       -- owner/repo
  project_page  text,
  ai_summary    text,
  ai_keywords   text[] NOT NULL DEFAULT '{}',
  upvotes       integer NOT NULL DEFAULT 0,
  imported_at   timestamptz NOT NULL
);
CREATE INDEX papers_published_at ON papers (published_at);
CREATE INDEX papers_github_repo ON papers (github_repo) WHERE github_repo IS NOT NULL;

-- Author names, for /authors/{name}: one row per name, keyed by its normalised form
-- (accents removed, case folded, whitespace collapsed; computed by the adapter, the same
-- rule as the SQLite store's), so a lookup is one index probe. Rewritten on every update.
CREATE TABLE paper_authors (
  paper_id  text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  position  integer NOT NULL,
  name_key  text NOT NULL,
  PRIMARY KEY (paper_id, position)
);
CREATE INDEX paper_authors_name_key ON paper_authors (name_key);

CREATE TABLE daily_listings (
  listing_date  date NOT NULL,
  paper_id      text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  submitted_at  timestamptz NOT NULL,
  submitted_by  text,
  featured_by   text,
  PRIMARY KEY (listing_date, paper_id)
);
CREATE INDEX daily_listings_paper ON daily_listings (paper_id, listing_date);
CREATE INDEX daily_listings_submitter ON daily_listings (submitted_by, listing_date) WHERE submitted_by IS NOT NULL;

-- One star count per repository per day. prev_stars is the count of the repository's
-- previous sample, kept true by the adapter, so "repositories that gained stars in a
-- window" is one range scan of a small partial index.
CREATE TABLE github_star_samples (
  repo        text NOT NULL,
  day         date NOT NULL,
  stars       integer NOT NULL,
  prev_stars  integer,
  PRIMARY KEY (repo, day)
);
CREATE INDEX github_star_samples_growth ON github_star_samples (day) WHERE stars > prev_stars;

-- The paper's position on the Hugging Face papers page, one row per day.
CREATE TABLE page_rank_samples (
  paper_id  text NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
  day       date NOT NULL,
  rank      integer NOT NULL,
  PRIMARY KEY (paper_id, day)
);
CREATE INDEX page_rank_samples_day ON page_rank_samples (day);
