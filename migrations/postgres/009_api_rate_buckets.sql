-- The API rate limit (API_RATE_LIMIT_PER_MINUTE) shared by every web process: one token bucket
-- per client address, refilled continuously, written once per API request by a single
-- statement that takes its row lock (src/adapters/storage/postgres/postgres-rate-buckets.ts).
-- UNLOGGED: no write-ahead log, so a request costs no disk flush; after a crash the table is
-- empty, and every client starts with a full bucket, which is what an idle client has anyway.
CREATE UNLOGGED TABLE api_rate_buckets (
  client      text PRIMARY KEY,
  tokens      double precision NOT NULL,   -- after the last request, which may have been refused
  refilled_at timestamptz NOT NULL,        -- when `tokens` was computed
  allowed     boolean NOT NULL             -- whether the last request was let through
);
