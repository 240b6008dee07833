import type { AccountStorage } from "../../core/accounts/ports.js";
import type { DigestStore } from "../../core/digests/ports.js";
import type { AuthorClaimStore, CommunityStore } from "../../core/discussion/ports.js";
import type { CheckpointStore, GithubRepoStore, JobRunStore } from "../../core/ingestion/ports.js";
import type { ListingStore } from "../../core/listings/ports.js";
import type { PaperStore } from "../../core/papers/ports.js";
import type { TrendingSignalStore } from "../../core/ranking/ports.js";
import type { EmbeddingSource, KeywordIndex } from "../../core/search/ports.js";
import type { RateBuckets } from "./rate-buckets.js";

export interface MigrationStatus {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: string | null;
}

/** Every store a backend provides, plus what operations need to run it. */
export interface Storage {
  readonly papers: PaperStore;
  readonly listings: ListingStore;
  readonly signals: TrendingSignalStore;
  readonly checkpoints: CheckpointStore;
  readonly jobRuns: JobRunStore;
  readonly githubRepos: GithubRepoStore;
  /** The keyword (full-text) index over papers, kept in step with them by the backend. */
  readonly keywordIndex: KeywordIndex;
  /** Paper texts and text changes, for the semantic indexer. */
  readonly embeddingSource: EmbeddingSource;
  /** Users, sessions, API tokens, email links and sign-in throttling. */
  readonly accounts: AccountStorage;
  /** Upvotes, comments, reports, submissions and the moderation log. */
  readonly community: CommunityStore;
  /** Claimed authorship: members' claims to be a paper's listed authors, and their reviews. */
  readonly authorClaims: AuthorClaimStore;
  /** Digest lists, subscriptions, issues, the delivery outbox, consent and suppressions. */
  readonly digests: DigestStore;
  /** The API rate limit's token buckets: shared by every process on PostgreSQL, in memory with SQLite. */
  readonly rateBuckets: RateBuckets;
  /**
   * PostgreSQL only: deletes the search change-log rows every live search mirror has applied,
   * keeping recent ones (postgres/search/search-changes-pruner.ts). SQLite has no such method:
   * its log has no followers to wait for (one row per changed or deleted paper text, read by
   * the impact lists and the semantic indexer), and it is not pruned.
   */
  pruneSearchChanges?(): Promise<{ pruned: number; followers: number }>;
  checkReady(): Promise<{ ready: true } | { ready: false; reason: string }>;
  migrationStatus(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}

/** Reads and applies a database's migrations. */
export interface Migrator {
  status(): Promise<MigrationStatus[]>;
  /** Applies pending migrations; returns the ones applied. */
  apply(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}
