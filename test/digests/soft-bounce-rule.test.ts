// Soft bounces: three in a row within 30 days end a subscription (`bounced`, consent log
// entry, no suppression); fewer, or a clean delivery in between, change nothing.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteDigestStore } from "../../src/adapters/storage/sqlite/sqlite-digest-store.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { DEFAULT_DAILY_CADENCE } from "../../src/core/digests/issue-period.js";
import type { DigestStore } from "../../src/core/digests/ports.js";
import {
  SOFT_BOUNCE_WINDOW_MS,
  shouldBounceAfterSoftBounces,
  type DeliveryHistoryEntry,
} from "../../src/core/digests/soft-bounce-rule.js";

const NOW = new Date("2026-11-26T07:00:00Z");
const DAY_MS = 24 * 60 * 60_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const soft = (deliveryId: number, days: number): DeliveryHistoryEntry => ({
  deliveryId,
  outcome: "soft-bounce",
  at: daysAgo(days),
});
const clean = (deliveryId: number, days: number): DeliveryHistoryEntry => ({
  deliveryId,
  outcome: "clean",
  at: daysAgo(days),
});

describe("shouldBounceAfterSoftBounces", () => {
  test("three soft bounces within 30 days bounce; two do not", () => {
    assert.equal(shouldBounceAfterSoftBounces([soft(1, 20), soft(2, 10), soft(3, 0)], NOW), true);
    assert.equal(shouldBounceAfterSoftBounces([soft(1, 10), soft(2, 0)], NOW), false);
    assert.equal(shouldBounceAfterSoftBounces([], NOW), false);
  });

  test("one older than 30 days does not count", () => {
    assert.equal(shouldBounceAfterSoftBounces([soft(1, 31), soft(2, 10), soft(3, 0)], NOW), false);
    const edge = new Date(NOW.getTime() - SOFT_BOUNCE_WINDOW_MS + 1);
    assert.equal(
      shouldBounceAfterSoftBounces([{ deliveryId: 1, outcome: "soft-bounce", at: edge }, soft(2, 1), soft(3, 0)], NOW),
      true,
    );
  });

  test("a clean delivery starts the count again", () => {
    assert.equal(shouldBounceAfterSoftBounces([soft(1, 20), soft(2, 15), clean(3, 10), soft(4, 0)], NOW), false);
    assert.equal(shouldBounceAfterSoftBounces([clean(1, 25), soft(2, 20), soft(3, 10), soft(4, 0)], NOW), true);
  });

  test("several reports about one delivery count once", () => {
    assert.equal(shouldBounceAfterSoftBounces([soft(1, 3), soft(1, 2), soft(1, 1)], NOW), false);
  });
});

describe("the store applies the rule", () => {
  let db: SqliteDatabase;
  let store: DigestStore;
  let subscriptionId: number;
  let subscriberId: number;
  let issueId: number;
  let next = 0;

  beforeEach(async () => {
    db = openSqliteDatabase(":memory:");
    applySqliteMigrations(db);
    store = createSqliteDigestStore(db);
    const list = await store.saveList(
      { slug: "daily", name: "Daily", cadence: DEFAULT_DAILY_CADENCE, listIdHeader: "daily.example.org", active: true },
      NOW,
    );
    const at = NOW.toISOString();
    subscriberId = Number(
      db
        .prepare(
          "INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, created_at, updated_at) VALUES ('SUBSCRIBER0000000000001', 'full@example.net', 'full@example.net', 'hmac:full', ?, ?)",
        )
        .run(at, at).lastInsertRowid,
    );
    subscriptionId = Number(
      db
        .prepare(
          "INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at) VALUES ('SUBSCRIPTION00000000001', ?, ?, 'confirmed', ?, ?)",
        )
        .run(subscriberId, list.id, at, at).lastInsertRowid,
    );
    issueId = Number(
      db
        .prepare(
          "INSERT INTO digest_issues (list_id, period_key, covers_from, covers_to, status, created_at) VALUES (?, 'p', 'a', 'b', 'sending', ?)",
        )
        .run(list.id, at).lastInsertRowid,
    );
  });

  /** A delivery in its own issue (one per subscription and issue), as if sent `days` ago. */
  function addDelivery(days: number): number {
    const at = daysAgo(days).toISOString();
    const issue = Number(
      db
        .prepare(
          "INSERT INTO digest_issues (list_id, period_key, covers_from, covers_to, status, created_at) SELECT list_id, ?, 'a', 'b', 'sending', ? FROM digest_issues WHERE id = ?",
        )
        .run(`p${++next}`, at, issueId).lastInsertRowid,
    );
    return Number(
      db
        .prepare(
          `INSERT INTO digest_deliveries (public_id, issue_id, subscription_id, subscriber_id, to_email, message_id,
            selection, status, next_attempt_at, sent_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'full@example.net', ?, '[]', 'sent', ?, ?, ?, ?)`,
        )
        .run(
          `DELIVERY${String(next).padStart(14, "0")}`,
          issue,
          subscriptionId,
          subscriberId,
          `m${next}@x`,
          at,
          at,
          at,
          at,
        ).lastInsertRowid,
    );
  }

  const giveUp = (deliveryId: number, days: number) =>
    store.recordDeliveryOutcome(
      deliveryId,
      {
        status: "failed",
        bounce: "soft",
        lastCode: "452 4.2.2",
        effects: { bounceSubscription: false, suppressAddress: false, pauseIssue: false, connectionFailure: false },
      },
      daysAgo(days),
    );
  const dsn = (deliveryId: number, days: number, status: string) =>
    store.recordFeedback(
      {
        deliveryPublicId: `DELIVERY${String(deliveryId).padStart(14, "0")}`,
        messageId: null,
        source: "dsn",
        decision: { event: "soft", subscriptionStatus: null, suppression: null },
        statusCode: status,
        diagnostic: "mailbox full",
        dedupeKey: `dsn:${deliveryId}:${status}`,
      },
      daysAgo(days),
    );
  const status = () =>
    db
      .prepare<[number], { status: string }>("SELECT status FROM digest_subscriptions WHERE id = ?")
      .get(subscriptionId)!.status;
  const bounceEvents = () =>
    db.prepare<[], { n: number }>("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'bounce'").get()!.n;

  test("two soft bounces change nothing; the third (SMTP give-up or DSN) bounces, with a consent entry", async () => {
    await giveUp(addDelivery(20), 19);
    await dsn(addDelivery(10), 9, "4.4.7");
    assert.equal(status(), "confirmed");
    assert.equal(bounceEvents(), 0);
    const third = addDelivery(2);
    await dsn(third, 1, "5.2.2");
    assert.equal(status(), "bounced");
    assert.equal(bounceEvents(), 1);
    await dsn(third, 0, "5.2.2");
    assert.equal(bounceEvents(), 1, "a duplicate report adds nothing");
    const suppressed = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM mail_suppressions").get()!.n;
    assert.equal(suppressed, 0, "soft bounces never suppress the address");
  });

  test("a clean delivery between soft bounces keeps the subscription", async () => {
    await giveUp(addDelivery(20), 19);
    await giveUp(addDelivery(15), 14);
    addDelivery(10);
    await giveUp(addDelivery(5), 4);
    assert.equal(status(), "confirmed");
  });

  test("delayed reports do not count", async () => {
    for (const days of [20, 10, 2]) {
      await store.recordFeedback(
        {
          deliveryPublicId: `DELIVERY${String(addDelivery(days)).padStart(14, "0")}`,
          messageId: null,
          source: "dsn",
          decision: { event: "delayed", subscriptionStatus: null, suppression: null },
          statusCode: "4.4.1",
          diagnostic: null,
          dedupeKey: `delayed:${days}`,
        },
        daysAgo(days - 1),
      );
    }
    assert.equal(status(), "confirmed");
  });
});
