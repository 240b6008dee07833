import type { JobRunStatus, JobRunStore } from "../../../core/ingestion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

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
  counts: string | null;
}

export function createSqliteJobRunStore(db: SqliteDatabase): JobRunStore {
  const enqueue = db.prepare(`INSERT INTO job_runs (job, slot, status, max_attempts, queued_at)
    VALUES (?, ?, 'queued', ?, ?) ON CONFLICT (job, slot) DO NOTHING`);
  // One statement: the pick and the claim are atomic, so two workers never get the same run.
  const claim = db.prepare<{ jobs: string; now: string; leaseUntil: string }, RunRow>(`
    UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = @now, lease_until = @leaseUntil,
      finished_at = NULL, retry_at = NULL
    WHERE id = (
      SELECT id FROM job_runs
      WHERE job IN (SELECT value FROM json_each(@jobs))
        AND (status = 'queued'
          OR (status = 'failed' AND retry_at IS NOT NULL AND retry_at <= @now AND attempts < max_attempts)
          OR (status = 'running' AND lease_until <= @now AND attempts < max_attempts))
      ORDER BY queued_at, id LIMIT 1)
    RETURNING *`);
  const succeed = db.prepare(
    "UPDATE job_runs SET status = 'succeeded', finished_at = ?, counts = ?, error = NULL, lease_until = NULL WHERE id = ?",
  );
  const fail = db.prepare(
    "UPDATE job_runs SET status = 'failed', finished_at = ?, error = ?, retry_at = ?, lease_until = NULL WHERE id = ?",
  );
  const latest = db.prepare<[], RunRow>(`SELECT r.* FROM job_runs r
    WHERE r.id = (SELECT id FROM job_runs WHERE job = r.job ORDER BY queued_at DESC, id DESC LIMIT 1)
    ORDER BY r.job`);
  const latestFailures = db.prepare<[], RunRow>(`SELECT r.* FROM job_runs r
    WHERE r.id = (SELECT id FROM job_runs WHERE job = r.job AND error IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1)
    ORDER BY r.job`);

  return {
    async enqueue(job, slot, maxAttempts, now) {
      return enqueue.run(job, slot, maxAttempts, now.toISOString()).changes > 0;
    },
    async claimNext(jobs, now, leaseMs) {
      const row = claim.get({
        jobs: JSON.stringify(jobs),
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      });
      return row
        ? { runId: row.id, job: row.job, slot: row.slot, attempt: row.attempts, maxAttempts: row.max_attempts }
        : null;
    },
    async succeed(runId, now, result) {
      succeed.run(now.toISOString(), JSON.stringify(result.counts), runId);
    },
    async fail(runId, now, error, retryAt) {
      fail.run(now.toISOString(), error.slice(0, 2_000), retryAt?.toISOString() ?? null, runId);
    },
    async listLatestRuns() {
      return latest.all().map(toStatus);
    },
    async listLatestFailures() {
      return latestFailures.all().map(toStatus);
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
    counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null,
  };
}
