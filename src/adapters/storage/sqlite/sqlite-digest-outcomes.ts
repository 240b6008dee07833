import type { DeliveryDecision } from "../../../core/digests/decide-delivery-outcome.js";
import type { FeedbackRecord } from "../../../core/digests/ports.js";
import { SOFT_BOUNCE_WINDOW_MS, shouldBounceAfterSoftBounces } from "../../../core/digests/soft-bounce-rule.js";
import type { DigestStatements } from "./sqlite-digest-store.js";

/**
 * What one send attempt or one bounce/complaint report changes, in one transaction (the
 * caller's): the delivery row, a mail event (deduplicated), the subscription, the
 * suppression list, the consent log and, for a policy refusal, the issue.
 */
export function recordOutcome(
  statements: DigestStatements,
  deliveryId: number,
  decision: DeliveryDecision,
  now: string,
): void {
  const refs = statements.deliveryRefs.get(deliveryId);
  if (refs === undefined) return;
  statements.markSending.run(refs.issue_id);
  if (decision.status === "sent") {
    statements.sent.run(decision.reply, now, now, deliveryId);
    return;
  }
  if (decision.status === "uncertain") {
    statements.retry.run({
      id: deliveryId,
      status: "uncertain",
      next: null,
      code: null,
      error: decision.reason,
      bounce: null,
      now,
    });
    return;
  }
  const next = decision.status === "deferred" ? decision.nextAttemptAt.toISOString() : null;
  const bounce = decision.status === "failed" ? decision.bounce : decision.effects.pauseIssue ? "policy" : "temporary";
  statements.retry.run({
    id: deliveryId,
    status: decision.status,
    next,
    code: decision.lastCode,
    error: null,
    bounce,
    now,
  });
  if (bounce !== "temporary") {
    // One event per delivery and kind: recording the same outcome twice changes nothing.
    const kind = bounce === "other" ? "soft" : bounce;
    const dedupeKey = `smtp:${deliveryId}:${kind}`;
    const event = [deliveryId, refs.subscriber_id, kind, "smtp", decision.lastCode, null, dedupeKey, now] as const;
    const added = statements.mailEvent.run(...event).changes > 0;
    if (added && kind === "soft") endAfterSoftBounces(statements, refs, "smtp", now);
  }
  if (decision.effects.bounceSubscription) {
    statements.bounceSubscription.run(now, `hard bounce ${decision.lastCode}`, now, refs.subscription_id);
  }
  if (decision.effects.suppressAddress) suppress(statements, deliveryId, refs, "hard_bounce", "smtp", now);
  if (decision.effects.pauseIssue) statements.pauseIssue.run(`policy refusal ${decision.lastCode}`, refs.issue_id);
}

type DeliveryRefs = NonNullable<ReturnType<DigestStatements["deliveryRefs"]["get"]>>;

/** Suppresses the address once; a new hard-bounce suppression is written to the consent log. */
function suppress(
  statements: DigestStatements,
  deliveryId: number,
  refs: DeliveryRefs,
  reason: "hard_bounce" | "complaint",
  source: string,
  now: string,
): void {
  if (refs.email_hmac === null) return;
  const added = statements.suppress.run(refs.email_hmac, reason, deliveryId, now).changes > 0;
  if (added && reason === "hard_bounce") {
    statements.consent.run(
      refs.subscriber_id,
      refs.subscription_id,
      "bounce_suppress",
      now,
      source,
      JSON.stringify({ deliveryId }),
    );
  }
}

export function recordFeedback(statements: DigestStatements, record: FeedbackRecord, now: string) {
  const delivery = statements.deliveryByReference.get(record.deliveryPublicId, record.messageId);
  if (delivery === undefined) return "unknown-delivery" as const;
  const refs = statements.deliveryRefs.get(delivery.id)!;
  const { decision } = record;
  const event = [delivery.id, refs.subscriber_id, decision.event, record.source, record.statusCode, record.diagnostic];
  if (statements.mailEvent.run(...event, record.dedupeKey, now).changes === 0) return "duplicate" as const;
  if (decision.subscriptionStatus === "bounced") {
    statements.bounceSubscription.run(now, `hard bounce ${record.statusCode ?? ""}`.trim(), now, refs.subscription_id);
  }
  if (decision.subscriptionStatus === "complained") {
    // A complaint withdraws consent for every list; the consent log keeps the proof.
    statements.complainAll.run(now, now, refs.subscriber_id);
    statements.consent.run(
      refs.subscriber_id,
      refs.subscription_id,
      "complaint",
      now,
      record.source,
      JSON.stringify({ deliveryId: delivery.id }),
    );
  }
  if (decision.suppression !== null) suppress(statements, delivery.id, refs, decision.suppression, record.source, now);
  if (decision.event === "soft") endAfterSoftBounces(statements, refs, record.source, now);
  return "recorded" as const;
}

/** Applies the soft-bounce rule after a new soft bounce: the third in a row in 30 days ends the subscription. */
function endAfterSoftBounces(statements: DigestStatements, refs: DeliveryRefs, source: string, now: string): void {
  const since = new Date(Date.parse(now) - SOFT_BOUNCE_WINDOW_MS).toISOString();
  const history = statements.softBounceHistory.all(refs.subscription_id, since).map((row) => ({
    deliveryId: row.delivery_id,
    outcome: row.outcome,
    at: new Date(row.at),
  }));
  if (!shouldBounceAfterSoftBounces(history, new Date(now))) return;
  if (statements.bounceSubscription.run(now, "soft bounces", now, refs.subscription_id).changes === 0) return;
  const softBounces = history.filter((entry) => entry.outcome === "soft-bounce").map((entry) => entry.deliveryId);
  statements.consent.run(
    refs.subscriber_id,
    refs.subscription_id,
    "bounce",
    now,
    source,
    JSON.stringify({ softBounces }),
  );
}
