import { decideFeedbackEffects, feedbackDedupeKey, type ReportedFeedback } from "./decide-feedback-effects.js";
import type { DigestStore } from "./ports.js";

/** One report as a DSN/ARF parser reads it (src/adapters/mail/parse-mail-feedback.ts). */
export interface ParsedFeedback extends ReportedFeedback {
  readonly recipient: string | null;
  /** Our delivery's public id from the VERP address. */
  readonly deliveryId: string | null;
  /** The Message-ID of the mail we sent, when the report quotes it. */
  readonly originalMessageId: string | null;
}

export type FeedbackOutcome = "recorded" | "duplicate" | "unknown-delivery";

/**
 * Records what one received report says, whatever brought it (the inbound SMTP listener, a
 * mailbox poller): each bounce or complaint is matched to its delivery by VERP id or else
 * Message-ID and applied once (the dedupe key makes a report delivered twice count once).
 */
export async function recordReportedFeedback(
  store: DigestStore,
  reports: readonly ParsedFeedback[],
  now: Date,
): Promise<FeedbackOutcome[]> {
  const outcomes: FeedbackOutcome[] = [];
  for (const report of reports) {
    const source = report.kind === "complaint" ? "arf" : "dsn";
    const reference = report.deliveryId ?? report.originalMessageId ?? "-";
    outcomes.push(
      await store.recordFeedback(
        {
          deliveryPublicId: report.deliveryId,
          messageId: report.originalMessageId,
          source,
          decision: decideFeedbackEffects(report),
          statusCode: report.status,
          diagnostic: report.diagnostic,
          dedupeKey: feedbackDedupeKey(source, reference, report),
        },
        now,
      ),
    );
  }
  return outcomes;
}
