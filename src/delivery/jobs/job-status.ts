import type { App } from "../../app.js";
import { findNextDueAt } from "../../core/ingestion/job-cadence.js";
import type { JobRunStatus } from "../../core/ingestion/ports.js";
import type { JobDefinition } from "./job-definition.js";

export interface JobStatus {
  readonly job: JobDefinition;
  readonly lastRun: JobRunStatus | undefined;
  readonly lastFailure: JobRunStatus | undefined;
  readonly nextDueAt: Date;
}

/** What `paperboy jobs` and /admin/jobs show: each job's last run, last error and next run. */
export async function readJobStatuses(app: App, jobs: readonly JobDefinition[]): Promise<JobStatus[]> {
  const now = app.now();
  const latest = new Map((await app.storage.jobRuns.listLatestRuns()).map((r) => [r.job, r]));
  const failures = new Map((await app.storage.jobRuns.listLatestFailures()).map((r) => [r.job, r]));
  return jobs.map((job) => ({
    job,
    lastRun: latest.get(job.name),
    lastFailure: failures.get(job.name),
    nextDueAt: findNextDueAt(job.cadence, now),
  }));
}
