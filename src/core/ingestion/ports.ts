/** Resumable positions of long-running harvests, saved after every page. */
export interface CheckpointStore {
  read(source: string): Promise<unknown | null>;
  write(source: string, state: unknown): Promise<void>;
  clear(source: string): Promise<void>;
}

export interface JobRunResult {
  readonly counts: Record<string, number>;
}

export type JobRunState = "queued" | "running" | "succeeded" | "failed";

export interface JobRunStatus {
  readonly job: string;
  readonly slot: string;
  readonly status: JobRunState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly retryAt: string | null;
  readonly error: string | null;
  readonly counts: Record<string, number> | null;
}

export interface ClaimedRun {
  readonly runId: number;
  readonly job: string;
  readonly slot: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/**
 * Job runs, one per (job, slot). `enqueue` creates a slot's run once, however many
 * schedulers call it; `claimNext` hands a claimable run to exactly one worker: a queued
 * run, a failed one whose retry time has come, or a running one whose lease expired.
 */
export interface JobRunStore {
  /** True when this call created the run. */
  enqueue(job: string, slot: string, maxAttempts: number, now: Date): Promise<boolean>;
  claimNext(jobs: readonly string[], now: Date, leaseMs: number): Promise<ClaimedRun | null>;
  succeed(runId: number, now: Date, result: JobRunResult): Promise<void>;
  /** `retryAt` null: no more attempts. */
  fail(runId: number, now: Date, error: string, retryAt: Date | null): Promise<void>;
  /** The latest run of each job. */
  listLatestRuns(): Promise<JobRunStatus[]>;
  /** The latest run of each job that ended in failure, for "last error". */
  listLatestFailures(): Promise<JobRunStatus[]>;
}

export interface GithubRepoState {
  readonly repo: string;
  readonly etag: string | null;
  readonly checkedAt: string | null;
  readonly status: "ok" | "moved" | "missing";
  readonly movedTo: string | null;
  readonly stars: number | null;
}

/** GitHub repositories linked by papers and what the last refresh learned. */
export interface GithubRepoStore {
  /** Linked repositories not checked since `checkedBefore`, least recently checked first. */
  listReposToRefresh(checkedBefore: string, limit: number): Promise<string[]>;
  findRepoState(repo: string): Promise<GithubRepoState | null>;
  saveRepoState(state: GithubRepoState): Promise<void>;
  /** Records one star count per repository per day (a later count the same day replaces it). */
  recordStars(repo: string, day: string, stars: number): Promise<void>;
}
