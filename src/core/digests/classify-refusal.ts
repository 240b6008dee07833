/**
 * What a refusal says about the recipient, from the reply code, the RFC 3463 enhanced code
 * and, where servers are known to be vague, the reply text.
 * - hard: the address does not exist or is disabled: stop mailing it (bounce + suppression);
 * - soft: the mailbox exists but cannot take mail now (full, over quota, rate limited);
 * - policy: the receiver refuses *us* (authentication, reputation, content): pause and alert,
 *   never blame the recipient;
 * - temporary: any other 4xx, try again later;
 * - other: a permanent refusal that says nothing about the address (syntax, routing, size).
 * @see https://www.rfc-editor.org/rfc/rfc3463#section-3 (subject and detail codes)
 */
export type RefusalKind = "hard" | "soft" | "policy" | "temporary" | "other";

export interface Refusal {
  readonly permanent: boolean;
  readonly code: number | null;
  readonly enhancedCode: string | null;
  readonly reply: string;
}

/** Texts of 550s without a useful enhanced code that still mean "no such mailbox". */
const NO_SUCH_MAILBOX =
  /user unknown|unknown user|no such (user|mailbox)|does not exist|mailbox unavailable|invalid recipient|recipient address rejected|address rejected|account (is )?(disabled|inactive)|mailbox (is )?(disabled|inactive)/i;
const RATE_LIMITED = /rate|too many|quota|try again later/i;
/** Words of permanent refusals aimed at the sender (authentication, reputation) without a 5.7.x code. */
const POLICY_TEXT = /dmarc|dkim|spf|authenticat|spam|blocked|block list|blocklist|reputation|policy/i;

export function classifyRefusal(refusal: Refusal): RefusalKind {
  const [klass, subject, detail] = (refusal.enhancedCode ?? "").split(".").map(Number);
  // Every 4xx is retried with backoff, 4.7.x too: Gmail's 4.7.28 rate limit clears by itself.
  if (!refusal.permanent) return "temporary";
  if (refusal.enhancedCode !== null && klass === 5) return classifyPermanent(subject!, detail!, refusal.reply);
  // No enhanced code: fall back on the words the big receivers use.
  if (NO_SUCH_MAILBOX.test(refusal.reply)) return "hard";
  if (POLICY_TEXT.test(refusal.reply)) return "policy";
  return "other";
}

function classifyPermanent(subject: number, detail: number, reply: string): RefusalKind {
  // X.1.x: addressing status, e.g. 5.1.1 bad destination mailbox, 5.1.2 bad domain, 5.1.10 null MX.
  if (subject === 1) return "hard";
  // X.2.x: mailbox status. 5.2.1 is "mailbox disabled" for some, "rate limited" for others.
  if (subject === 2) {
    if (detail === 1 && !RATE_LIMITED.test(reply)) return "hard";
    return "soft";
  }
  // X.7.x: security or policy status, e.g. 5.7.26 (Gmail: unauthenticated), 5.7.1 (refused by policy).
  if (subject === 7) return "policy";
  return "other";
}
