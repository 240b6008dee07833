import type { Logger } from "../../../lib/logger.js";
import type { Storage } from "../storage.js";
import { createPostgresAccountStorage } from "./postgres-account-storage.js";
import { createPostgresAuthorClaimStore } from "./postgres-author-claim-store.js";
import { createPostgresCheckpointStore } from "./postgres-checkpoint-store.js";
import { createPostgresCommunityStore } from "./postgres-community-store.js";
import { createPostgresRateBuckets } from "./postgres-rate-buckets.js";
import { createPostgresDigestStore } from "./postgres-digest-store.js";
import { createPostgresGithubRepoStore } from "./postgres-github-repo-store.js";
import { createPostgresJobRunStore } from "./postgres-job-run-store.js";
import { createPostgresListingStore } from "./postgres-listing-store.js";
import { applyPostgresMigrations, readPostgresMigrationStatus } from "./postgres-migrations.js";
import { createPostgresPaperStore } from "./postgres-paper-store.js";
import { createPostgresPool } from "./postgres-pool.js";
import { createPostgresTrendingSignalStore } from "./postgres-trending-signal-store.js";
import { createPostgresSearch } from "./search/postgres-search.js";
import { pruneSearchChanges } from "./search/search-changes-pruner.js";
import { defaultSearchMirrorFile } from "./search/search-mirror-database.js";

/**
 * Every store, as on SQLite: papers, listings, trending, ingestion state, accounts, community,
 * author claims, email digests, and search (a local SQLite mirror of the papers,
 * docs/decisions/0008-search-on-postgres.md).
 */
export type PostgresStorage = Storage;

export interface PostgresStorageOptions {
  /** Let the process exit while pooled connections sit idle (tests, one-shot commands). */
  readonly allowExitOnIdle?: boolean;
  /** Connections in this process's pool (DATABASE_POOL_SIZE); default 10. */
  readonly poolSize?: number;
  /**
   * The local SQLite file search runs in, a mirror of the papers this process keeps following
   * (docs/decisions/0008-search-on-postgres.md); ":memory:" for one that lives with the process.
   * Default: a file in the system's temporary folder named after a hash of `url`.
   */
  readonly searchMirrorFile?: string;
  /** Memory for the mirror's decoded search posting lists (SEARCH_LIST_CACHE_MB). */
  readonly searchListCacheBytes?: number;
  /** A search sees papers committed up to this long before it; default 1 s. */
  readonly searchFollowIntervalMs?: number;
  /** Where the search mirror reports its first copy's progress. */
  readonly logger?: Logger;
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
  let search: ReturnType<typeof createPostgresSearch>;
  try {
    search = createPostgresSearch(pool, {
      mirrorFile: options.searchMirrorFile ?? defaultSearchMirrorFile(url),
      ...(options.searchListCacheBytes === undefined ? {} : { listCacheBytes: options.searchListCacheBytes }),
      ...(options.searchFollowIntervalMs === undefined ? {} : { followIntervalMs: options.searchFollowIntervalMs }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    papers: search.followingWrites(createPostgresPaperStore(pool)),
    listings: createPostgresListingStore(pool),
    signals: createPostgresTrendingSignalStore(pool),
    checkpoints: createPostgresCheckpointStore(pool),
    jobRuns: createPostgresJobRunStore(pool),
    githubRepos: createPostgresGithubRepoStore(pool),
    accounts: createPostgresAccountStorage(pool),
    community: createPostgresCommunityStore(pool),
    authorClaims: createPostgresAuthorClaimStore(pool),
    digests: createPostgresDigestStore(pool),
    rateBuckets: createPostgresRateBuckets(pool),
    keywordIndex: search.keywordIndex,
    embeddingSource: search.embeddingSource,
    pruneSearchChanges: () => pruneSearchChanges(pool),
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
      await search.close();
      await pool.end();
    },
  };
}
