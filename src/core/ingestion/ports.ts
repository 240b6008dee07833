/** Resumable positions of long-running harvests, saved after every page. */
export interface CheckpointStore {
  read(source: string): Promise<unknown | null>;
  write(source: string, state: unknown): Promise<void>;
  clear(source: string): Promise<void>;
}

export interface JobRunResult {
  readonly counts: Record<string, number>;
}

export interface JobRunStatus {
  readonly job: string;
  readonly slot: string;
  readonly status: "running" | "succeeded" | "failed";
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly retryAt: string | null;
  readonly error: string | null;
  readonly counts: Record<string, number> | null;
}

/**
 * Job runs, one per (job, slot). `claim` is the only way to start a run: it succeeds for
 * one caller per slot — a new slot, a failed run whose retry time has come, or a running
 * run whose lease expired (its process died) — so a job runs once however many
 * schedulers and workers there are.
 */
export interface JobRunStore {
  claim(job: string, slot: string, now: Date, leaseMs: number, maxAttempts: number): Promise<number | null>;
  succeed(runId: number, now: Date, result: JobRunResult): Promise<void>;
  fail(runId: number, now: Date, error: string, retryAt: Date | null): Promise<void>;
  /** The latest run of each job. */
  listLatestRuns(): Promise<JobRunStatus[]>;
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
