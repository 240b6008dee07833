-- State of ingestion: resumable harvest checkpoints, job runs, GitHub repository state.

-- One row per resumable source position (an OAI-PMH resumption token and its
-- parameters, the last arXiv listing day fetched, ...), written after every page.
CREATE TABLE ingest_checkpoints (
  source      TEXT PRIMARY KEY,     -- e.g. "oai:cs:2025-01-01..2025-02-01"
  state       TEXT NOT NULL,        -- JSON
  updated_at  TEXT NOT NULL
);

-- One row per (job, slot): a slot is the period a run covers ("2026-11-26" for a daily
-- job, "2026-11-26T14" for an hourly one). The scheduler role inserts a queued row when a
-- slot comes due; the unique key makes that happen once however many schedulers tick.
-- Worker roles claim queued rows (and failed rows whose retry time has come, and running
-- rows whose lease expired because their process died) with one atomic UPDATE.
CREATE TABLE job_runs (
  id            INTEGER PRIMARY KEY,
  job           TEXT NOT NULL,
  slot          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL,
  queued_at     TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  lease_until   TEXT,               -- running: another worker may take over after this
  retry_at      TEXT,               -- failed with attempts left: when the next attempt may start
  error         TEXT,
  counts        TEXT,               -- JSON: what the run did
  UNIQUE (job, slot)
);
CREATE INDEX job_runs_claimable ON job_runs (status, queued_at) WHERE status IN ('queued', 'failed', 'running');
CREATE INDEX job_runs_job_queued ON job_runs (job, queued_at);

-- What we know of each linked GitHub repository between refreshes.
CREATE TABLE github_repos (
  repo         TEXT PRIMARY KEY,    -- owner/repo as linked by papers
  etag         TEXT,                -- for conditional requests (304s do not count against the limit)
  checked_at   TEXT,
  status       TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'moved', 'missing')),
  moved_to     TEXT,                -- owner/repo after a rename (HTTP 301)
  stars        INTEGER
);
