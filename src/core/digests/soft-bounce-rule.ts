/**
 * When soft bounces end a subscription (email.md §4.2): a mailbox that is full, a server that
 * keeps refusing for a day, a relay that reports failure with a 4.x.x status. One such failure
 * says little; three in a row within 30 days say the address no longer takes mail.
 *
 * What counts as one soft bounce: a delivery that finally failed without a hard or policy
 * cause — retries given up after 24 h (4xx), "other" 5xx replies, and DSNs with
 * `Action: failed` and a soft status (4.4.7 expired, 5.2.2 mailbox full). `Action: delayed`
 * reports do not count: the relay is still trying, and its final DSN will say how it ended.
 * A delivery counts once however many reports name it. A clean delivery (sent, nothing
 * reported about it) after a soft bounce starts the count again. The subscription becomes
 * `bounced` but the address is not suppressed: it may work again, and a new sign-up may
 * bring it back.
 */
export const SOFT_BOUNCE_LIMIT = 3;
export const SOFT_BOUNCE_WINDOW_MS = 30 * 24 * 60 * 60_000;

/** One delivery of the subscription: soft-bounced (when the report came) or delivered cleanly (when sent). */
export interface DeliveryHistoryEntry {
  readonly deliveryId: number;
  readonly outcome: "soft-bounce" | "clean";
  readonly at: Date;
}

/** True when the latest soft bounces, unbroken by a clean delivery, reach the limit within the window. */
export function shouldBounceAfterSoftBounces(history: readonly DeliveryHistoryEntry[], now: Date): boolean {
  const since = now.getTime() - SOFT_BOUNCE_WINDOW_MS;
  const recent = history.filter((entry) => entry.at.getTime() > since && entry.at.getTime() <= now.getTime());
  const lastClean = Math.max(
    Number.NEGATIVE_INFINITY,
    ...recent.filter((e) => e.outcome === "clean").map((e) => e.at.getTime()),
  );
  const softAfterClean = new Set(
    recent.filter((e) => e.outcome === "soft-bounce" && e.at.getTime() > lastClean).map((e) => e.deliveryId),
  );
  return softAfterClean.size >= SOFT_BOUNCE_LIMIT;
}
