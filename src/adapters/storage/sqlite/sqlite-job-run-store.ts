import type { JobRunStatus, JobRunStore } from "../../../core/ingestion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface RunRow {
  id: number;
  job: string;
  slot: string;
  status: JobRunStatus["status"];
  attempts: number;
  started_at: string;
  finished_at: string | null;
  lease_until: string;
  retry_at: string | null;
  error: string | null;
  counts: string | null;
}

export function createSqliteJobRunStore(db: SqliteDatabase): JobRunStore {
  const find = db.prepare<[string, string], RunRow>("SELECT * FROM job_runs WHERE job = ? AND slot = ?");
  const insert = db.prepare<[string, string, string, string], { id: number }>(
    `INSERT INTO job_runs (job, slot, status, started_at, lease_until) VALUES (?, ?, 'running', ?, ?)
     ON CONFLICT (job, slot) DO NOTHING RETURNING id`,
  );
  const retake = db.prepare(`UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = ?,
    lease_until = ?, finished_at = NULL, retry_at = NULL WHERE id = ?`);
  const succeed = db.prepare(
    "UPDATE job_runs SET status = 'succeeded', finished_at = ?, counts = ?, error = NULL WHERE id = ?",
  );
  const fail = db.prepare("UPDATE job_runs SET status = 'failed', finished_at = ?, error = ?, retry_at = ? WHERE id = ?");
  const latest = db.prepare<[], RunRow>(`SELECT r.* FROM job_runs r
    WHERE r.id = (SELECT id FROM job_runs WHERE job = r.job ORDER BY started_at DESC, id DESC LIMIT 1)
    ORDER BY r.job`);

  // BEGIN IMMEDIATE: the check and the write happen under the write lock, so two
  // processes cannot both take the same failed or expired run.
  const claim = db.transaction((job: string, slot: string, now: string, leaseUntil: string, maxAttempts: number) => {
    const inserted = insert.get(job, slot, now, leaseUntil);
    if (inserted) return inserted.id;
    const run = find.get(job, slot)!;
    const retryable = run.status === "failed" && run.retry_at !== null && run.retry_at <= now && run.attempts < maxAttempts;
    const abandoned = run.status === "running" && run.lease_until <= now;
    if (!retryable && !abandoned) return null;
    retake.run(now, leaseUntil, run.id);
    return run.id;
  });

  return {
    async claim(job, slot, now, leaseMs, maxAttempts) {
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      return claim.immediate(job, slot, now.toISOString(), leaseUntil, maxAttempts);
    },
    async succeed(runId, now, result) {
      succeed.run(now.toISOString(), JSON.stringify(result.counts), runId);
    },
    async fail(runId, now, error, retryAt) {
      fail.run(now.toISOString(), error.slice(0, 2_000), retryAt?.toISOString() ?? null, runId);
    },
    async listLatestRuns() {
      return latest.all().map((r) => ({
        job: r.job,
        slot: r.slot,
        status: r.status,
        attempts: r.attempts,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        retryAt: r.retry_at,
        error: r.error,
        counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null,
      }));
    },
  };
}
