import type { App } from "../../app.js";
import type { Cadence } from "../../core/ingestion/job-cadence.js";

export interface JobContext {
  readonly app: App;
  /** The period this run covers, e.g. "2026-11-26" or "2026-11-26T14". */
  readonly slot: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when the process shuts down: stop at the next safe point. */
  readonly signal: AbortSignal;
}

/**
 * A recurring job. Every job must be idempotent: running a slot twice (after a crash, a
 * retry, or two schedulers) leaves the hub as running it once would.
 */
export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  readonly cadence: Cadence;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Wait before the second attempt; doubles for each further one. */
  readonly retryBackoffMs: number;
  /** A run still going after this long is presumed dead and may be taken over by another worker. */
  readonly leaseMs: number;
  /** Does the work; returns what it did, e.g. { inserted: 120, updated: 3 }. */
  run(context: JobContext): Promise<Record<string, number>>;
}
