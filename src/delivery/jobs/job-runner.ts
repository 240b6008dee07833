import type { App } from "../../app.js";
import { findDueSlot } from "../../core/ingestion/job-cadence.js";
import type { JobDefinition } from "./job-definition.js";

/** How often the scheduler looks for due slots and the worker for claimable runs. */
export const JOB_TICK_MS = 30_000;

export interface JobRunnerOptions {
  readonly app: App;
  readonly jobs: readonly JobDefinition[];
  /** Enqueue due slots (the scheduler role). */
  readonly schedule: boolean;
  /** Claim and run queued work (the worker role). */
  readonly work: boolean;
  readonly tickMs?: number;
}

/**
 * The scheduler and worker roles. The scheduler enqueues each job's due slot (once per
 * slot, however many schedulers run); the worker claims runs one at a time and records
 * the outcome, retrying failures with exponential backoff up to the job's attempts.
 */
export function createJobRunner({ app, jobs, schedule, work, tickMs = JOB_TICK_MS }: JobRunnerOptions) {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const shutdown = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> = Promise.resolve();

  async function enqueueDueSlots(): Promise<void> {
    const now = app.now();
    for (const job of jobs) {
      const { slot } = findDueSlot(job.cadence, now);
      if (await app.storage.jobRuns.enqueue(job.name, slot, job.maxAttempts, now)) {
        app.logger.info({ job: job.name, slot }, "job queued");
      }
    }
  }

  /** Runs one claimed job; false when nothing was claimable. */
  async function runNext(): Promise<boolean> {
    const claimed = await app.storage.jobRuns.claimNext([...byName.keys()], app.now(), maxLeaseMs(jobs));
    if (!claimed) return false;
    const job = byName.get(claimed.job)!;
    const started = performance.now();
    try {
      const counts = await job.run({ app, slot: claimed.slot, attempt: claimed.attempt, signal: shutdown.signal });
      await app.storage.jobRuns.succeed(claimed.runId, app.now(), { counts });
      app.logger.info(
        { job: job.name, slot: claimed.slot, counts, ms: Math.round(performance.now() - started) },
        "job succeeded",
      );
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const retry = claimed.attempt < job.maxAttempts;
      const retryAt = retry ? new Date(app.now().getTime() + job.retryBackoffMs * 2 ** (claimed.attempt - 1)) : null;
      await app.storage.jobRuns.fail(claimed.runId, app.now(), message, retryAt);
      app.logger.warn(
        { job: job.name, slot: claimed.slot, attempt: claimed.attempt, retryAt, error: message },
        "job failed",
      );
    }
    return true;
  }

  async function tick(): Promise<void> {
    try {
      if (schedule) await enqueueDueSlots();
      if (work) while (!shutdown.signal.aborted && (await runNext()));
    } catch (error) {
      app.logger.error({ error: (error as Error).message }, "job tick failed");
    }
  }

  return {
    /** One scheduler/worker pass (for tests and `paperboy jobs run`). */
    tick,
    start(): void {
      const loop = () => {
        ticking = tick();
      };
      loop();
      timer = setInterval(loop, tickMs);
      timer.unref();
    },
    /** Stops ticking and waits for the run in progress to finish. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      shutdown.abort();
      await ticking;
    },
  };
}

function maxLeaseMs(jobs: readonly JobDefinition[]): number {
  return Math.max(...jobs.map((j) => j.leaseMs));
}
