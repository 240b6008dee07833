import type { JobDefinition } from "../job-definition.js";

/**
 * Sends the outbox's due deliveries: first attempts and retries whose backoff has passed.
 * Each delivery is claimed under a lease and its SMTP result recorded before the next; a
 * sender killed mid-run leaves `sending` rows that turn `uncertain` (never resent) when their
 * lease expires. A failed run is retried; rows already recorded are not sent again.
 */
export const digestSendJob: JobDefinition = {
  name: "digest-send",
  description: "Send due digest deliveries (first attempts and retries) and record every SMTP result",
  cadence: { kind: "every", minutes: 5 },
  maxAttempts: 3,
  retryBackoffMs: 2 * 60_000,
  leaseMs: 60 * 60_000,
  async run({ app, signal }) {
    if (app.config.mail.smtpUrl !== null && app.config.digests.postalAddress === null) {
      throw new Error("digests need MAIL_POSTAL_ADDRESS (the operator's postal address) before they are sent");
    }
    return app.digests.service.sendDue({ workerId: `job:${process.pid}`, signal });
  },
};
