import { DEFAULT_STAR_REFRESH_LIMIT } from "../../../core/ingestion/star-refresh-service.js";
import { createAppStarRefresh } from "../../cli/ingest-github-command.js";
import type { JobDefinition } from "../job-definition.js";

/**
 * Today's star count of every linked repository, for trending's star growth. Each run
 * takes the repositories not checked for 20 hours, least recently checked first, so runs
 * every hour spread a day's refresh across GitHub's hourly rate limit (60 requests without
 * a token, 5,000 with one) instead of stopping at it once a day. One sample per repository
 * per day: a second run the same day replaces the count, never adds one.
 */
export const githubStarsJob: JobDefinition = {
  name: "github-stars",
  description: "Record today's star count of each linked GitHub repository (each at most once per 20 h)",
  cadence: { kind: "hourly", atMinute: 17 },
  maxAttempts: 3,
  retryBackoffMs: 15 * 60_000,
  leaseMs: 2 * 60 * 60_000,
  async run({ app, signal }) {
    const summary = await createAppStarRefresh(app).refreshStars({ limit: DEFAULT_STAR_REFRESH_LIMIT, signal });
    const counts = {
      listed: summary.listed,
      updated: summary.updated,
      unchanged: summary.unchanged,
      moved: summary.moved,
      missing: summary.missing,
      failed: summary.failed,
    };
    // A rate limit is a normal end: the next hourly run continues where this one stopped.
    if (summary.stopped && !/rate limit|interrupted/i.test(summary.stopped.reason)) {
      throw new Error(summary.stopped.reason);
    }
    return counts;
  },
};
