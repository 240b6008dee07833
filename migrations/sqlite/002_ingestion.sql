-- State of ingestion: resumable harvest checkpoints, job runs, GitHub repository state.

-- One row per resumable source position (an OAI-PMH resumption token and its
-- parameters, the last arXiv listing day fetched, ...), written after every page.
CREATE TABLE ingest_checkpoints (
  source      TEXT PRIMARY KEY,     -- e.g. "oai:cs:2025-01-01..2025-02-01"
  state       TEXT NOT NULL,        -- JSON
  updated_at  TEXT NOT NULL
);

-- One row per (job, slot): a slot is the period a run covers ("2026-11-26" for a daily
-- job, "2026-11-26T14" for an hourly one). The unique key makes a run happen once per
-- slot however many schedulers tick.
CREATE TABLE job_runs (
  id           INTEGER PRIMARY KEY,
  job          TEXT NOT NULL,
  slot         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 1,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  lease_until  TEXT NOT NULL,       -- a running row whose lease expired may be taken over
  retry_at     TEXT,                -- failed: when the next attempt may start
  error        TEXT,
  counts       TEXT,                -- JSON: what the run did
  UNIQUE (job, slot)
);
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);

-- What we know of each linked GitHub repository between refreshes.
CREATE TABLE github_repos (
  repo         TEXT PRIMARY KEY,    -- owner/repo as linked by papers
  etag         TEXT,                -- for conditional requests (304s do not count against the limit)
  checked_at   TEXT,
  status       TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'moved', 'missing')),
  moved_to     TEXT,                -- owner/repo after a rename (HTTP 301)
  stars        INTEGER
);
