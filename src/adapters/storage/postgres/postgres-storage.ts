import type { Storage } from "../storage.js";
import { createPostgresCheckpointStore } from "./postgres-checkpoint-store.js";
import { createPostgresGithubRepoStore } from "./postgres-github-repo-store.js";
import { createPostgresJobRunStore } from "./postgres-job-run-store.js";
import { createPostgresListingStore } from "./postgres-listing-store.js";
import { applyPostgresMigrations, readPostgresMigrationStatus } from "./postgres-migrations.js";
import { createPostgresPaperStore } from "./postgres-paper-store.js";
import { createPostgresPool } from "./postgres-pool.js";
import { createPostgresTrendingSignalStore } from "./postgres-trending-signal-store.js";

/**
 * The stores the PostgreSQL backend has so far: papers, listings, trending, ingestion state.
 * Search, accounts, community and digests are still SQLite-only (issue 7).
 */
export type PostgresStorage = Pick<
  Storage,
  | "papers"
  | "listings"
  | "signals"
  | "checkpoints"
  | "jobRuns"
  | "githubRepos"
  | "checkReady"
  | "migrationStatus"
  | "close"
>;

export interface PostgresStorageOptions {
  /** Let the process exit while pooled connections sit idle (tests, one-shot commands). */
  readonly allowExitOnIdle?: boolean;
}

/** Connects to `url` (postgres://…), applies pending migrations and builds every store on one pool. */
export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
  const pool = createPostgresPool(url, options);
  try {
    await applyPostgresMigrations(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    papers: createPostgresPaperStore(pool),
    listings: createPostgresListingStore(pool),
    signals: createPostgresTrendingSignalStore(pool),
    checkpoints: createPostgresCheckpointStore(pool),
    jobRuns: createPostgresJobRunStore(pool),
    githubRepos: createPostgresGithubRepoStore(pool),
    async checkReady() {
      try {
        await pool.query("SELECT 1");
      } catch (error) {
        return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
      }
      const pending = (await readPostgresMigrationStatus(pool)).filter((m) => m.appliedAt === null);
      return pending.length === 0
        ? { ready: true }
        : { ready: false, reason: `${pending.length} migration(s) not applied` };
    },
    async migrationStatus() {
      return readPostgresMigrationStatus(pool);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
