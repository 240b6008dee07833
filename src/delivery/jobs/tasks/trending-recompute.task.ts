import type { JobDefinition } from "../job-definition.js";

/**
 * Recomputes today's trending rankings so page views find them warm. Rankings are derived
 * data (nothing is written), so this is idempotent by construction.
 */
export const trendingRecomputeJob: JobDefinition = {
  name: "trending-recompute",
  description: "Recompute today's trending rankings for each window",
  cadence: { kind: "every", minutes: 10 },
  maxAttempts: 2,
  retryBackoffMs: 30_000,
  leaseMs: 5 * 60_000,
  async run({ app }) {
    app.trending.invalidate();
    let ranked = 0;
    for (const window of ["day", "week", "month"] as const) {
      ranked += (await app.trending.getTrending({ window, offset: 0, limit: 1 })).total;
    }
    return { ranked };
  },
};
