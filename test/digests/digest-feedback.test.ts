// Bounce and complaint reports after the fact: fixture → parser → decision → store.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { beforeEach, describe, test } from "node:test";
import { parseMailFeedback, type MailFeedback } from "../../src/adapters/mail/parse-mail-feedback.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteDigestStore } from "../../src/adapters/storage/sqlite/sqlite-digest-store.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { decideFeedbackEffects, feedbackDedupeKey } from "../../src/core/digests/decide-feedback-effects.js";
import {
  DEFAULT_DAILY_CADENCE,
  DEFAULT_WEEKLY_CADENCE,
  findDueIssuePeriod,
} from "../../src/core/digests/issue-period.js";
import { createPublicId } from "../../src/core/digests/link-tokens.js";
import type { DigestStore } from "../../src/core/digests/ports.js";

const NOW = new Date("2026-11-26T07:00:00Z");

describe("decideFeedbackEffects", () => {
  const decide = (kind: MailFeedback["kind"], status: string | null, diagnostic: string | null = null) =>
    decideFeedbackEffects({ kind, status, diagnostic });

  test("a DSN with 5.1.x is a hard bounce; 5.2.2 and 4.x.x are soft; 5.7.x is a policy alert", () => {
    assert.deepEqual(decide("bounce", "5.1.1"), {
      event: "hard",
      subscriptionStatus: "bounced",
      suppression: "hard_bounce",
    });
    assert.deepEqual(decide("bounce", "5.2.2"), { event: "soft", subscriptionStatus: null, suppression: null });
    assert.deepEqual(decide("bounce", "4.4.7"), { event: "soft", subscriptionStatus: null, suppression: null });
    assert.deepEqual(decide("bounce", "5.7.26"), { event: "policy", subscriptionStatus: null, suppression: null });
    assert.equal(decide("bounce", null, "550 User unknown").event, "hard", "no status: the words decide");
  });

  test("a delay changes nothing; a complaint ends every subscription and suppresses", () => {
    assert.deepEqual(decide("delay", "4.4.1"), { event: "delayed", subscriptionStatus: null, suppression: null });
    assert.deepEqual(decide("complaint", null), {
      event: "complaint",
      subscriptionStatus: "complained",
      suppression: "complaint",
    });
  });
});

describe("recording reports", () => {
  let db: SqliteDatabase;
  let store: DigestStore;

  /** One subscriber on two lists, with one sent delivery on the daily list. */
  async function seed(email: string, deliveryPublicId: string): Promise<void> {
    const at = NOW.toISOString();
    const subscriber = Number(
      db
        .prepare(
          "INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(createPublicId(), email, email, `hmac:${email}`, at, at).lastInsertRowid,
    );
    const lists = await store.listLists();
    for (const list of lists) {
      db.prepare(
        "INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at) VALUES (?, ?, ?, 'confirmed', ?, ?)",
      ).run(createPublicId(), subscriber, list.id, at, at);
    }
    const daily = lists.find((l) => l.slug === "daily")!;
    const { issue } = await store.openIssue(daily.id, findDueIssuePeriod(DEFAULT_DAILY_CADENCE, NOW)!, NOW);
    const member = (await store.listAudience(daily.id, 0, 100)).find((m) => m.email === email)!;
    const messageId = `d.${deliveryPublicId}@papers.example.org`;
    await store.addDeliveries(
      issue.id,
      { trending: [], pool: [] },
      [{ ...member, toEmail: email, publicId: deliveryPublicId, messageId, selection: [], skipped: false }],
      NOW,
    );
    db.prepare("UPDATE digest_deliveries SET status = 'sent' WHERE public_id = ?").run(deliveryPublicId);
  }

  async function ingest(fixture: string) {
    const raw = readFileSync(new URL(`../fixtures/mail/${fixture}`, import.meta.url));
    const results = [];
    for (const feedback of parseMailFeedback({ raw })) {
      const reference = feedback.deliveryId ?? feedback.originalMessageId ?? "-";
      const source = feedback.kind === "complaint" ? "arf" : "dsn";
      results.push(
        await store.recordFeedback(
          {
            deliveryPublicId: feedback.deliveryId,
            messageId: feedback.originalMessageId,
            source,
            decision: decideFeedbackEffects(feedback),
            statusCode: feedback.status,
            diagnostic: feedback.diagnostic,
            dedupeKey: feedbackDedupeKey(source, reference, feedback),
          },
          NOW,
        ),
      );
    }
    return results;
  }

  const statuses = (email: string) =>
    db
      .prepare<[string], { status: string }>(
        "SELECT s.status FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id WHERE u.email = ? ORDER BY s.list_id",
      )
      .all(email)
      .map((r) => r.status);
  const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()!.n;

  beforeEach(async () => {
    db = openSqliteDatabase(":memory:");
    applySqliteMigrations(db);
    store = createSqliteDigestStore(db);
    await store.saveList(
      {
        slug: "daily",
        name: "Daily",
        cadence: DEFAULT_DAILY_CADENCE,
        listIdHeader: "daily.papers.example.org",
        active: true,
      },
      NOW,
    );
    await store.saveList(
      {
        slug: "weekly",
        name: "Weekly",
        cadence: DEFAULT_WEEKLY_CADENCE,
        listIdHeader: "weekly.papers.example.org",
        active: true,
      },
      NOW,
    );
  });

  test("a Postfix DSN bounces the delivery's subscription and suppresses the address, once", async () => {
    await seed("gone@example.net", "3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b");
    assert.deepEqual(await ingest("postfix-dsn-hard-bounce.eml"), ["recorded"]);
    assert.deepEqual(await ingest("postfix-dsn-hard-bounce.eml"), ["duplicate"]);
    assert.deepEqual(statuses("gone@example.net"), ["bounced", "confirmed"], "only the daily subscription bounced");
    assert.equal(count("SELECT count(*) AS n FROM mail_events WHERE kind = 'hard' AND source = 'dsn'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions WHERE reason = 'hard_bounce'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'bounce_suppress'"), 1);
  });

  test("a Yahoo ARF complaint ends every subscription of the subscriber and suppresses the address", async () => {
    await seed("reader.one@yahoo.com", "7e6d5c4b3a2f41e0a9b8c7d6e5f4a3b2");
    assert.deepEqual(await ingest("yahoo-arf-complaint.eml"), ["recorded"]);
    assert.deepEqual(statuses("reader.one@yahoo.com"), ["complained", "complained"]);
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions WHERE reason = 'complaint'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'complaint'"), 1);
  });

  test("an Outlook JMRP complaint without a VERP address is matched by Message-ID", async () => {
    await seed("someone@outlook.com", "1a2b3c4d5e6f40718293a4b5c6d7e8f9");
    assert.deepEqual(await ingest("outlook-jmrp-complaint.eml"), ["recorded"]);
    assert.deepEqual(statuses("someone@outlook.com"), ["complained", "complained"]);
  });

  test("a report about a delivery we never made is set aside; a delay changes nothing", async () => {
    assert.deepEqual(await ingest("gmail-dsn-no-such-user.eml"), ["unknown-delivery"]);
    await seed("slow@example.org", "9b8a7c6d5e4f40312a1b2c3d4e5f6a7b");
    assert.deepEqual(await ingest("exim-dsn-multi-recipient.eml"), ["recorded", "recorded"]);
    assert.deepEqual(statuses("slow@example.org"), ["confirmed", "confirmed"], "5.2.2 is soft and 4.4.1 is a delay");
    assert.equal(count("SELECT count(*) AS n FROM mail_events WHERE kind IN ('soft', 'delayed')"), 2);
  });
});
