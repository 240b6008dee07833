-- State of ingestion: resumable harvest checkpoints, job runs, GitHub repository state
-- (the PostgreSQL twin of migrations/sqlite/002_ingestion.sql).

-- One row per resumable source position, written after every page.
CREATE TABLE ingest_checkpoints (
  source      text PRIMARY KEY,     -- e.g. "oai:cs:2025-01-01..2025-02-01"
  state       json NOT NULL,         -- json, not jsonb: kept as written, key order included
  updated_at  timestamptz NOT NULL
);

-- One row per (job, slot): a slot is the period a run covers ("2026-11-26" for a daily
-- job, "2026-11-26T14" for an hourly one). The unique key makes enqueueing happen once
-- however many schedulers tick. Workers claim rows with one UPDATE whose pick uses
-- FOR UPDATE SKIP LOCKED, so concurrent workers never take the same run.
CREATE TABLE job_runs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job           text NOT NULL,
  slot          text NOT NULL,
  status        text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL,
  queued_at     timestamptz NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz,
  lease_until   timestamptz,        -- running: another worker may take over after this
  retry_at      timestamptz,        -- failed with attempts left: when the next attempt may start
  error         text,
  counts        json,               -- what the run did, keys in the order written
  UNIQUE (job, slot)
);
CREATE INDEX job_runs_claimable ON job_runs (status, queued_at) WHERE status IN ('queued', 'failed', 'running');
CREATE INDEX job_runs_job_queued ON job_runs (job, queued_at);

-- What we know of each linked GitHub repository between refreshes.
CREATE TABLE github_repos (
  repo         text PRIMARY KEY,    -- owner/repo as linked by papers
  etag         text,                -- for conditional requests (304s do not count against the limit)
  checked_at   timestamptz,
  status       text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'moved', 'missing')),
  moved_to     text,                -- owner/repo after a rename (HTTP 301)
  stars        integer
);
