import type pg from "pg";
import type { DeliveryDecision } from "../../../core/digests/decide-delivery-outcome.js";
import type { FeedbackRecord } from "../../../core/digests/ports.js";
import { SOFT_BOUNCE_WINDOW_MS, shouldBounceAfterSoftBounces } from "../../../core/digests/soft-bounce-rule.js";

interface DeliveryRefs {
  issue_id: number;
  subscription_id: number;
  subscriber_id: number;
  email_hmac: string | null;
}

const DELIVERY_REFS = `SELECT d.issue_id, d.subscription_id, d.subscriber_id, sub.email_hmac
  FROM digest_deliveries d JOIN digest_subscribers sub ON sub.id = d.subscriber_id WHERE d.id = $1`;

const RETRY = `UPDATE digest_deliveries SET status = $2, next_attempt_at = COALESCE($3, next_attempt_at),
    last_code = $4, last_error = $5, bounce = $6, lease_owner = NULL, lease_expires_at = NULL, updated_at = $7
  WHERE id = $1`;

// $1 delivery, $2 subscriber, $3 kind, $4 source, $5 status code, $6 diagnostic, $7 dedupe key, $8 now.
// A concurrent duplicate waits for the first insert to commit, then inserts nothing.
const MAIL_EVENT = `INSERT INTO mail_events
    (delivery_id, subscriber_id, kind, source, status_code, diagnostic, dedupe_key, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING`;

const BOUNCE_SUBSCRIPTION = `UPDATE digest_subscriptions SET status = 'bounced', ended_at = $1, end_reason = $2,
    updated_at = $1 WHERE id = $3 AND status = 'confirmed'`;

const CONSENT = `INSERT INTO digest_consent_events (subscriber_id, subscription_id, kind, at, source, details)
  VALUES ($1, $2, $3, $4, $5, $6)`;

// The subscription's deliveries of the last 30 days that soft-bounced (when reported) or
// went through cleanly (when sent): the input of shouldBounceAfterSoftBounces. $1 subscription, $2 since.
const SOFT_BOUNCE_HISTORY = `SELECT d.id AS delivery_id,
    CASE WHEN soft.at IS NOT NULL THEN 'soft-bounce' ELSE 'clean' END AS outcome, COALESCE(soft.at, d.sent_at) AS at
  FROM digest_deliveries d
    LEFT JOIN (SELECT delivery_id, max(created_at) AS at FROM mail_events WHERE kind = 'soft' GROUP BY delivery_id) soft
      ON soft.delivery_id = d.id
  WHERE d.subscription_id = $1 AND COALESCE(soft.at, d.sent_at) >= $2
    AND (soft.at IS NOT NULL OR (d.status = 'sent' AND NOT EXISTS (SELECT 1 FROM mail_events e
      WHERE e.delivery_id = d.id AND e.kind IN ('hard', 'complaint', 'policy'))))`;

/**
 * What one send attempt changes, in the caller's transaction: the delivery row, a mail event
 * (deduplicated), the subscription, the suppression list, the consent log and, for a policy
 * refusal, the issue. Mirrors sqlite-digest-outcomes.ts.
 */
export async function recordOutcome(
  client: pg.PoolClient,
  deliveryId: number,
  decision: DeliveryDecision,
  now: string,
): Promise<void> {
  const refs = (await client.query<DeliveryRefs>(DELIVERY_REFS, [deliveryId])).rows[0];
  if (refs === undefined) return;
  // Only the first outcome of an issue finds it `prepared`; later ones take no lock on it.
  await client.query("UPDATE digest_issues SET status = 'sending' WHERE id = $1 AND status = 'prepared'", [
    refs.issue_id,
  ]);
  if (decision.status === "sent") {
    await client.query(
      `UPDATE digest_deliveries SET status = 'sent', relay_response = $1, sent_at = $2, lease_owner = NULL,
         lease_expires_at = NULL, last_code = NULL, updated_at = $2 WHERE id = $3`,
      [decision.reply, now, deliveryId],
    );
    return;
  }
  if (decision.status === "uncertain") {
    await client.query(RETRY, [deliveryId, "uncertain", null, null, decision.reason, null, now]);
    return;
  }
  const next = decision.status === "deferred" ? decision.nextAttemptAt.toISOString() : null;
  const bounce = decision.status === "failed" ? decision.bounce : decision.effects.pauseIssue ? "policy" : "temporary";
  await client.query(RETRY, [deliveryId, decision.status, next, decision.lastCode, null, bounce, now]);
  if (bounce !== "temporary") {
    // One event per delivery and kind: recording the same outcome twice changes nothing.
    const kind = bounce === "other" ? "soft" : bounce;
    const event = [deliveryId, refs.subscriber_id, kind, "smtp", decision.lastCode, null, `smtp:${deliveryId}:${kind}`];
    const added = (await client.query(MAIL_EVENT, [...event, now])).rowCount === 1;
    if (added && kind === "soft") await endAfterSoftBounces(client, refs, "smtp", now);
  }
  if (decision.effects.bounceSubscription) {
    await client.query(BOUNCE_SUBSCRIPTION, [now, `hard bounce ${decision.lastCode}`, refs.subscription_id]);
  }
  if (decision.effects.suppressAddress) await suppress(client, deliveryId, refs, "hard_bounce", "smtp", now);
  if (decision.effects.pauseIssue) {
    await client.query(
      "UPDATE digest_issues SET status = 'paused', paused_reason = $1 WHERE id = $2 AND status IN ('prepared', 'sending')",
      [`policy refusal ${decision.lastCode}`, refs.issue_id],
    );
  }
}

/** Suppresses the address once; a new hard-bounce suppression is written to the consent log. */
async function suppress(
  client: pg.PoolClient,
  deliveryId: number,
  refs: DeliveryRefs,
  reason: "hard_bounce" | "complaint",
  source: string,
  now: string,
): Promise<void> {
  if (refs.email_hmac === null) return;
  const added = await client.query(
    `INSERT INTO mail_suppressions (email_hmac, reason, delivery_id, created_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT (email_hmac) DO NOTHING`,
    [refs.email_hmac, reason, deliveryId, now],
  );
  if (added.rowCount === 1 && reason === "hard_bounce") {
    const details = JSON.stringify({ deliveryId });
    await client.query(CONSENT, [refs.subscriber_id, refs.subscription_id, "bounce_suppress", now, source, details]);
  }
}

/** Applies a bounce or complaint report once (its dedupe key), in the caller's transaction. */
export async function recordFeedback(client: pg.PoolClient, record: FeedbackRecord, now: string) {
  const delivery = (
    await client.query<{ id: number }>(
      "SELECT id FROM digest_deliveries WHERE public_id = $1 OR message_id = $2 ORDER BY id LIMIT 1",
      [record.deliveryPublicId, record.messageId],
    )
  ).rows[0];
  if (delivery === undefined) return "unknown-delivery" as const;
  const refs = (await client.query<DeliveryRefs>(DELIVERY_REFS, [delivery.id])).rows[0]!;
  const { decision } = record;
  const event = [delivery.id, refs.subscriber_id, decision.event, record.source, record.statusCode, record.diagnostic];
  if ((await client.query(MAIL_EVENT, [...event, record.dedupeKey, now])).rowCount === 0) return "duplicate" as const;
  if (decision.subscriptionStatus === "bounced") {
    const reason = `hard bounce ${record.statusCode ?? ""}`.trim();
    await client.query(BOUNCE_SUBSCRIPTION, [now, reason, refs.subscription_id]);
  }
  if (decision.subscriptionStatus === "complained") {
    // A complaint withdraws consent for every list; the consent log keeps the proof.
    await client.query(
      `UPDATE digest_subscriptions SET status = 'complained', ended_at = $1, end_reason = 'complaint', updated_at = $1
       WHERE subscriber_id = $2 AND status IN ('pending', 'confirmed')`,
      [now, refs.subscriber_id],
    );
    const details = JSON.stringify({ deliveryId: delivery.id });
    await client.query(CONSENT, [refs.subscriber_id, refs.subscription_id, "complaint", now, record.source, details]);
  }
  if (decision.suppression !== null) {
    await suppress(client, delivery.id, refs, decision.suppression, record.source, now);
  }
  if (decision.event === "soft") await endAfterSoftBounces(client, refs, record.source, now);
  return "recorded" as const;
}

/**
 * Applies the soft-bounce rule after a new soft bounce: the third in a row in 30 days ends the
 * subscription. The subscription row is locked first: two reports for it committing at once
 * would otherwise each miss the other's (uncommitted) event under READ COMMITTED and neither
 * count three; the second waits, and its next statement sees the first's event.
 */
async function endAfterSoftBounces(client: pg.PoolClient, refs: DeliveryRefs, source: string, now: string) {
  await client.query("SELECT 1 FROM digest_subscriptions WHERE id = $1 FOR UPDATE", [refs.subscription_id]);
  const since = new Date(Date.parse(now) - SOFT_BOUNCE_WINDOW_MS).toISOString();
  const { rows } = await client.query<{ delivery_id: number; outcome: "soft-bounce" | "clean"; at: string }>(
    SOFT_BOUNCE_HISTORY,
    [refs.subscription_id, since],
  );
  const history = rows.map((row) => ({ deliveryId: row.delivery_id, outcome: row.outcome, at: new Date(row.at) }));
  if (!shouldBounceAfterSoftBounces(history, new Date(now))) return;
  const ended = await client.query(BOUNCE_SUBSCRIPTION, [now, "soft bounces", refs.subscription_id]);
  if (ended.rowCount === 0) return;
  const softBounces = history.filter((entry) => entry.outcome === "soft-bounce").map((entry) => entry.deliveryId);
  await client.query(CONSENT, [
    refs.subscriber_id,
    refs.subscription_id,
    "bounce",
    now,
    source,
    JSON.stringify({ softBounces }),
  ]);
}
