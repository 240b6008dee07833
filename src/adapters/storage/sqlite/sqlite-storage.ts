import { createMemoryRateBuckets } from "../rate-buckets.js";
import type { Storage } from "../storage.js";
import { createSqliteAccountStorage } from "./sqlite-account-storage.js";
import { createSqliteAuthorClaimStore } from "./sqlite-author-claim-store.js";
import { createSqliteCheckpointStore } from "./sqlite-checkpoint-store.js";
import { createSqliteCommunityStore } from "./sqlite-community-store.js";
import { openSqliteDatabase } from "./sqlite-database.js";
import { createSqliteDigestStore } from "./sqlite-digest-store.js";
import { createSqliteGithubRepoStore } from "./sqlite-github-repo-store.js";
import { createSqliteJobRunStore } from "./sqlite-job-run-store.js";
import { createSqliteListingStore } from "./sqlite-listing-store.js";
import { applySqliteMigrations, readSqliteMigrationStatus } from "./sqlite-migrations.js";
import { createSqlitePaperStore } from "./sqlite-paper-store.js";
import { createSqliteTrendingSignalStore } from "./sqlite-trending-signal-store.js";
import { createSqliteEmbeddingSource } from "./search/sqlite-embedding-source.js";
import { createSqliteKeywordIndex } from "./search/sqlite-keyword-index.js";

/**
 * Opens (creating if needed) and migrates a SQLite database and builds every store on it.
 * `searchListCacheBytes`: memory for decoded search posting lists (SEARCH_LIST_CACHE_MB).
 */
export function createSqliteStorage(file: string, options: { searchListCacheBytes?: number } = {}): Storage {
  const db = openSqliteDatabase(file);
  applySqliteMigrations(db);
  return {
    papers: createSqlitePaperStore(db),
    listings: createSqliteListingStore(db),
    signals: createSqliteTrendingSignalStore(db),
    checkpoints: createSqliteCheckpointStore(db),
    jobRuns: createSqliteJobRunStore(db),
    githubRepos: createSqliteGithubRepoStore(db),
    keywordIndex: createSqliteKeywordIndex(db, file === ":memory:" ? null : file, {
      ...(options.searchListCacheBytes === undefined ? {} : { listCacheBytes: options.searchListCacheBytes }),
    }),
    embeddingSource: createSqliteEmbeddingSource(db),
    accounts: createSqliteAccountStorage(db),
    community: createSqliteCommunityStore(db),
    authorClaims: createSqliteAuthorClaimStore(db),
    digests: createSqliteDigestStore(db),
    rateBuckets: createMemoryRateBuckets(),
    async checkReady() {
      db.prepare("SELECT 1").get();
      const pending = readSqliteMigrationStatus(db).filter((m) => m.appliedAt === null);
      return pending.length === 0
        ? { ready: true }
        : { ready: false, reason: `${pending.length} migration(s) not applied` };
    },
    async migrationStatus() {
      return readSqliteMigrationStatus(db);
    },

    async close() {
      if (db.open) {
        db.pragma("optimize");
        db.close();
      }
    },
  };
}
