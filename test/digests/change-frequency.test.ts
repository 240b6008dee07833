// Changing a subscription's frequency in the store: moved in place when the subscriber has
// no subscription to the other list; otherwise the old one takes over (status, topics) and
// this one ends; a list that bounced or complained is never reopened this way.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteDigestStore } from "../../src/adapters/storage/sqlite/sqlite-digest-store.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { DEFAULT_DAILY_CADENCE, DEFAULT_WEEKLY_CADENCE } from "../../src/core/digests/issue-period.js";
import { createPublicId } from "../../src/core/digests/link-tokens.js";
import type { DigestStore } from "../../src/core/digests/ports.js";

const NOW = new Date("2026-11-26T07:00:00Z");
const CONSENT = { source: "manage-page", textVersion: "v1", ip: null, userAgent: null };

describe("changeFrequency", () => {
  let db: SqliteDatabase;
  let store: DigestStore;

  beforeEach(async () => {
    db = openSqliteDatabase(":memory:");
    applySqliteMigrations(db);
    store = createSqliteDigestStore(db);
    for (const [slug, cadence] of [
      ["daily", DEFAULT_DAILY_CADENCE],
      ["weekly", DEFAULT_WEEKLY_CADENCE],
    ] as const) {
      await store.saveList({ slug, name: slug, cadence, listIdHeader: `${slug}.example.org`, active: true }, NOW);
    }
  });

  const subscribe = (listSlug: string, confirmNow = true) =>
    store.requestSubscription(
      {
        email: "a@example.net",
        emailNorm: "a@example.net",
        emailHmac: "hmac:a",
        listSlug,
        topics: [{ kind: "keyword", value: "agents" }],
        userId: null,
        confirmNow,
        consent: CONSENT,
        newSubscriberPublicId: createPublicId(),
        newSubscriptionPublicId: createPublicId(),
      },
      NOW,
    );
  const lists = () =>
    db
      .prepare<[], { slug: string; status: string }>(
        "SELECT l.slug, s.status FROM digest_subscriptions s JOIN digest_lists l ON l.id = s.list_id ORDER BY l.id",
      )
      .all()
      .map((r) => `${r.slug}:${r.status}`);

  test("an old, unsubscribed subscription to the other list takes over with status and topics", async () => {
    const weekly = await subscribe("weekly");
    await store.unsubscribe(weekly.subscriptionPublicId, CONSENT, NOW);
    const daily = await subscribe("daily");
    await store.updateTopics(daily.subscriptionPublicId, [{ kind: "category", value: "cs.LG" }], CONSENT, NOW);
    const moved = await store.changeFrequency(daily.subscriptionPublicId, "weekly", CONSENT, NOW);
    assert.equal(moved?.subscriptionPublicId, weekly.subscriptionPublicId);
    assert.equal(moved?.status, "confirmed");
    assert.deepEqual(moved?.topics, [{ kind: "category", value: "cs.LG" }]);
    assert.deepEqual(lists(), ["daily:unsubscribed", "weekly:confirmed"]);
  });

  test("a pending subscription moves pending; a bounced list is not reopened; an ended one cannot move", async () => {
    const pending = await subscribe("daily", false);
    assert.equal(
      (await store.changeFrequency(pending.subscriptionPublicId, "weekly", CONSENT, NOW))?.status,
      "pending",
    );
    db.prepare("UPDATE digest_subscriptions SET status = 'bounced'").run();
    const other = await subscribe("daily");
    assert.equal(await store.changeFrequency(other.subscriptionPublicId, "weekly", CONSENT, NOW), null);
    assert.deepEqual(lists(), ["daily:confirmed", "weekly:bounced"]);
    await store.unsubscribe(other.subscriptionPublicId, CONSENT, NOW);
    assert.equal(await store.changeFrequency(other.subscriptionPublicId, "weekly", CONSENT, NOW), null);
  });
});
