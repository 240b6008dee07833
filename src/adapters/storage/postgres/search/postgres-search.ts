import type { PaperStore } from "../../../../core/papers/ports.js";
import type { EmbeddingSource, KeywordIndex } from "../../../../core/search/ports.js";
import type { Logger } from "../../../../lib/logger.js";
import { createSqliteEmbeddingSource } from "../../sqlite/search/sqlite-embedding-source.js";
import { createSqliteKeywordIndex } from "../../sqlite/search/sqlite-keyword-index.js";
import type { PostgresPool } from "../postgres-pool.js";
import { openSearchMirror } from "./search-mirror-database.js";
import { createSearchMirrorFollower } from "./search-mirror-follower.js";

/** A search sees papers committed at most this long before it (plus the catch-up itself). */
export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;

export interface PostgresSearchOptions {
  /** The mirror file, or ":memory:" (one connection: lists are then built on this thread). */
  readonly mirrorFile: string;
  /** Memory for decoded posting lists (SEARCH_LIST_CACHE_MB). */
  readonly listCacheBytes?: number;
  readonly followIntervalMs?: number;
  readonly logger?: Logger;
}

export interface PostgresSearch {
  readonly keywordIndex: KeywordIndex;
  readonly embeddingSource: EmbeddingSource;
  /**
   * The store, whose imports make the next search catch up at once: a process finds what it
   * just imported, as on SQLite. Other processes' imports wait for the interval.
   */
  followingWrites(papers: PaperStore): PaperStore;
  /** Waits for a catch-up under way, then closes the mirror. */
  close(): Promise<void>;
}

/**
 * Search for the PostgreSQL backend: the SQLite keyword index and embedding source over a
 * local mirror of the papers (docs/decisions/0008-search-on-postgres.md). Every call first
 * brings the mirror up to date, at most once per `followIntervalMs`; calls meanwhile share
 * the catch-up under way or, when it is recent enough, skip it.
 */
export function createPostgresSearch(pool: PostgresPool, options: PostgresSearchOptions): PostgresSearch {
  const db = openSearchMirror(options.mirrorFile);
  const follower = createSearchMirrorFollower(pool, db, options.logger === undefined ? {} : { logger: options.logger });
  const interval = options.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS;
  let startedAt = -Infinity;
  let running: Promise<void> | null = null;
  let closed = false;

  /** Failures are logged and searches go on over the mirror once it holds a first copy. */
  async function tolerated(run: Promise<void>): Promise<void> {
    try {
      await run;
    } catch (error) {
      if (!follower.hasCopy()) throw error;
      options.logger?.warn({ err: error }, "search mirror: catching up failed; searching the mirror as it is");
    }
  }

  function startCatchUp(): Promise<void> {
    startedAt = performance.now();
    const run: Promise<void> = follower.catchUp().then(
      () => {
        running = null;
      },
      (error: unknown) => {
        running = null;
        startedAt = -Infinity; // the next call tries again
        throw error;
      },
    );
    running = run;
    return run;
  }

  async function catchUpIfDue(): Promise<void> {
    if (closed) throw new Error("the PostgreSQL storage is closed");
    const asked = performance.now();
    // A catch-up that began at most `interval` before this call covers it; one that began
    // earlier and is still running does not: wait for it, then start another.
    while (startedAt < asked - interval && running !== null) await running.catch(() => undefined);
    if (startedAt >= asked - interval) return running === null ? undefined : tolerated(running);
    return tolerated(startCatchUp());
  }

  const keyword = createSqliteKeywordIndex(db, options.mirrorFile === ":memory:" ? null : options.mirrorFile, {
    ...(options.listCacheBytes === undefined ? {} : { listCacheBytes: options.listCacheBytes }),
  });
  const embedding = createSqliteEmbeddingSource(db);
  return {
    keywordIndex: following(keyword, catchUpIfDue),
    embeddingSource: following(embedding, catchUpIfDue),
    followingWrites(papers) {
      return {
        ...papers,
        async importPapers(batch) {
          try {
            return await papers.importPapers(batch);
          } finally {
            startedAt = -Infinity;
          }
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await running?.catch(() => undefined);
      db.close();
    },
  };
}

/** The same object, each async method preceded by `before()`. */
function following<T extends object>(target: T, before: () => Promise<void>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    wrapped[name] =
      typeof value === "function"
        ? async (...args: unknown[]) => {
            await before();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          }
        : value;
  }
  return wrapped as T;
}
