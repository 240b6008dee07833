import { classifyRefusal } from "./classify-refusal.js";

/**
 * A bounce or complaint report that arrived after the fact (a DSN or an ARF report read by
 * src/adapters/mail/parse-mail-feedback.ts), as the core needs it.
 */
export interface ReportedFeedback {
  readonly kind: "bounce" | "delay" | "complaint";
  /** RFC 3463 status from the DSN, e.g. "5.1.1"; null for complaints. */
  readonly status: string | null;
  readonly diagnostic: string | null;
}

export interface FeedbackDecision {
  /** The `mail_events` kind. */
  readonly event: "hard" | "soft" | "policy" | "delayed" | "complaint";
  /** `complained` ends every subscription of the subscriber; `bounced` the delivery's one. */
  readonly subscriptionStatus: "bounced" | "complained" | null;
  readonly suppression: "hard_bounce" | "complaint" | null;
}

/**
 * The same classification as a refusal during the SMTP session (classify-refusal.ts), so a
 * relay that accepts and bounces later has the same effect as one that refuses at RCPT.
 * @see https://www.rfc-editor.org/rfc/rfc3464#section-2.3.3 (Action), §2.3.4 (Status)
 * @see https://www.rfc-editor.org/rfc/rfc5965#section-3.5 (Feedback-Type)
 */
export function decideFeedbackEffects(feedback: ReportedFeedback): FeedbackDecision {
  // A complaint is a withdrawal of consent: stop all lists, everywhere (email.md §4.2).
  if (feedback.kind === "complaint") {
    return { event: "complaint", subscriptionStatus: "complained", suppression: "complaint" };
  }
  // "Action: delayed" only says the relay keeps trying; nothing changes yet.
  if (feedback.kind === "delay") return { event: "delayed", subscriptionStatus: null, suppression: null };
  const status = feedback.status ?? "";
  const kind = classifyRefusal({
    // "Action: failed" means the relay gave up: permanent, unless its status says the cause
    // was transient (4.4.7, message expired in the queue), which is a soft bounce.
    permanent: !status.startsWith("4."),
    code: null,
    enhancedCode: /^[45]\.\d{1,3}\.\d{1,3}$/.test(status) ? status : null,
    reply: feedback.diagnostic ?? "",
  });
  if (kind === "hard") return { event: "hard", subscriptionStatus: "bounced", suppression: "hard_bounce" };
  // Reported after the fact, a policy refusal cannot pause a finished send: it is an alert.
  if (kind === "policy") return { event: "policy", subscriptionStatus: null, suppression: null };
  return { event: "soft", subscriptionStatus: null, suppression: null };
}

/**
 * One event per report, recipient and status: the same DSN delivered twice (a relay retry,
 * a mailbox poller reading it again) is recorded once.
 */
export function feedbackDedupeKey(
  source: "dsn" | "arf",
  reference: string,
  feedback: ReportedFeedback & { readonly recipient: string | null },
): string {
  return [source, reference, feedback.recipient ?? "-", feedback.kind, feedback.status ?? "-"].join(":");
}
