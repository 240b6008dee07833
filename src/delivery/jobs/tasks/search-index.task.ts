import type { JobDefinition } from "../job-definition.js";

/**
 * Keeps search fast and complete as papers arrive: rebuilds the impact lists of frequent
 * words once enough papers changed (docs/search.md), and embeds new or changed papers for
 * search by meaning. Both are derived from the papers, so a repeated run changes nothing.
 */
export const searchIndexJob: JobDefinition = {
  name: "search-index",
  description: "Refresh search accelerators and embed new papers",
  cadence: { kind: "every", minutes: 30 },
  maxAttempts: 2,
  retryBackoffMs: 60_000,
  leaseMs: 60 * 60_000,
  async run({ app }) {
    let lists = 0;
    if (await app.storage.keywordIndex.acceleratorsStale()) {
      lists = (await app.storage.keywordIndex.rebuildAccelerators()).lists;
    }
    const embedded = await app.syncSemanticIndex();
    return { lists, embedded };
  },
};
