import type { JobRunStatus, JobRunStore } from "../../../core/ingestion/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

interface RunRow {
  id: number;
  job: string;
  slot: string;
  status: JobRunStatus["status"];
  attempts: number;
  max_attempts: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  retry_at: string | null;
  error: string | null;
  counts: Record<string, number> | null;
}

/** Longest error text kept per run. */
const MAX_ERROR_CHARS = 2_000;

// One statement: the pick and the claim are atomic. SKIP LOCKED lets a second worker pass
// over a row the first is claiming and take the next one, instead of waiting and re-checking.
// @see https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
const CLAIM = `
  UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = $2, lease_until = $3,
    finished_at = NULL, retry_at = NULL
  WHERE id = (
    SELECT id FROM job_runs
    WHERE job = ANY ($1)
      AND (status = 'queued'
        OR (status = 'failed' AND retry_at IS NOT NULL AND retry_at <= $2 AND attempts < max_attempts)
        OR (status = 'running' AND lease_until <= $2 AND attempts < max_attempts))
    ORDER BY queued_at, id LIMIT 1
    FOR UPDATE SKIP LOCKED)
  RETURNING *`;

const LATEST = `SELECT DISTINCT ON (job) * FROM job_runs ORDER BY job, queued_at DESC, id DESC`;
const LATEST_FAILURES = `SELECT DISTINCT ON (job) * FROM job_runs WHERE error IS NOT NULL
  ORDER BY job, finished_at DESC, id DESC`;

export function createPostgresJobRunStore(pool: PostgresPool): JobRunStore {
  return {
    async enqueue(job, slot, maxAttempts, now) {
      const result = await pool.query(
        `INSERT INTO job_runs (job, slot, status, max_attempts, queued_at)
         VALUES ($1, $2, 'queued', $3, $4) ON CONFLICT (job, slot) DO NOTHING`,
        [job, slot, maxAttempts, now.toISOString()],
      );
      return result.rowCount === 1;
    },
    async claimNext(jobs, now, leaseMs) {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const { rows } = await pool.query<RunRow>(CLAIM, [jobs, now.toISOString(), leaseUntil.toISOString()]);
      const row = rows[0];
      return row
        ? { runId: row.id, job: row.job, slot: row.slot, attempt: row.attempts, maxAttempts: row.max_attempts }
        : null;
    },
    async succeed(runId, now, result) {
      await pool.query(
        `UPDATE job_runs SET status = 'succeeded', finished_at = $2, counts = $3, error = NULL, lease_until = NULL
         WHERE id = $1`,
        [runId, now.toISOString(), JSON.stringify(result.counts)],
      );
    },
    async fail(runId, now, error, retryAt) {
      await pool.query(
        `UPDATE job_runs SET status = 'failed', finished_at = $2, error = $3, retry_at = $4, lease_until = NULL
         WHERE id = $1`,
        [runId, now.toISOString(), error.slice(0, MAX_ERROR_CHARS), retryAt?.toISOString() ?? null],
      );
    },
    async listLatestRuns() {
      return (await pool.query<RunRow>(LATEST)).rows.map(toStatus);
    },
    async listLatestFailures() {
      return (await pool.query<RunRow>(LATEST_FAILURES)).rows.map(toStatus);
    },
  };
}

function toStatus(r: RunRow): JobRunStatus {
  return {
    job: r.job,
    slot: r.slot,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    retryAt: r.retry_at,
    error: r.error,
    counts: r.counts,
  };
}
