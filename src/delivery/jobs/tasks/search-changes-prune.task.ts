import type { JobDefinition } from "../job-definition.js";

/**
 * On PostgreSQL, deletes the search change-log rows every search mirror has applied, so the
 * log does not grow forever (docs/deployment.md). Mirrors not seen for a week no longer hold
 * it back (they copy again when they return), and the last hour is always kept. SQLite
 * storage has nothing to prune this way: the job then does nothing. Deleting what is already
 * deleted changes nothing, so a repeated run is harmless.
 */
export const searchChangesPruneJob: JobDefinition = {
  name: "search-changes-prune",
  description: "PostgreSQL: prune search change-log rows every search mirror has applied",
  cadence: { kind: "daily", atUtc: "03:41" },
  maxAttempts: 2,
  retryBackoffMs: 5 * 60_000,
  leaseMs: 30 * 60_000,
  async run({ app }) {
    if (app.storage.pruneSearchChanges === undefined) return { pruned: 0 };
    return app.storage.pruneSearchChanges();
  },
};
