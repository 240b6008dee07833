import type { JobDefinition } from "../job-definition.js";

/**
 * Opens each list's issue once its send time has passed (DIGEST_DAILY_AT, DIGEST_WEEKLY_*),
 * freezes its trending papers and fills the outbox: one row per confirmed, unsuppressed
 * subscription; ends pending sign-ups whose confirm link expired. Idempotent: the issue is unique per list and period, and a prepared issue is
 * never prepared again, so two ticks (or two schedulers) make one issue with one row each.
 */
export const digestPrepareJob: JobDefinition = {
  name: "digest-prepare",
  description: "Open due digest issues, freeze their papers and fill the outbox",
  cadence: { kind: "every", minutes: 5 },
  maxAttempts: 3,
  retryBackoffMs: 60_000,
  leaseMs: 15 * 60_000,
  async run({ app }) {
    // Pending sign-ups whose confirm link has expired end here, before the audience is read.
    const expired = await app.digests.subscriptions.expirePending();
    return { ...(await app.digests.service.prepareDueIssues()), expired };
  },
};
