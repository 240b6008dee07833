// The digest pieces wired together the way a digest service will: schedule → prepare →
// claim → render → send through a real SMTP sink → decide → record. Faults injected at the
// sink show each outcome reaching the outbox and the subscription.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createMailer } from "../../src/adapters/mail/create-mailer.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createSqliteDigestStore } from "../../src/adapters/storage/sqlite/sqlite-digest-store.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { decideDeliveryOutcome } from "../../src/core/digests/decide-delivery-outcome.js";
import { DEFAULT_DAILY_CADENCE, findDueIssuePeriod } from "../../src/core/digests/issue-period.js";
import { createLinkTokens, createPublicId } from "../../src/core/digests/link-tokens.js";
import type { DigestList, DigestStore, PreparedDelivery } from "../../src/core/digests/ports.js";
import {
  freezeIssueSelection,
  selectDigestPapers,
  type DigestCandidate,
} from "../../src/core/digests/select-digest-papers.js";
import type { Mailer } from "../../src/core/mail/ports.js";
import { buildDigestEnvelope } from "../../src/delivery/email/digest-headers.js";
import { createDigestRenderer } from "../../src/delivery/email/digest-mail.js";
import { createLogger } from "../../src/lib/logger.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { TEST_DKIM_KEY, verifyDkim } from "../mail/dkim-test-key.js";

const NOW = new Date("2026-11-26T07:00:00Z");
const tokens = createLinkTokens([{ id: "k1", secret: Buffer.alloc(32, 7) }]);
const renderer = createDigestRenderer({
  publicUrl: "https://papers.example.org",
  siteName: "Paperboy",
  postalAddress: "1 Example Street",
});
const PAPERS: DigestCandidate[] = Array.from({ length: 8 }, (_, i) => ({
  id: `2611.0100${i}`,
  title: `Paper ${i} <b>bold</b>`,
  abstract: `Abstract of paper ${i}.`,
  authors: ["Ada Lovelace"],
  categories: i % 2 === 0 ? ["cs.LG"] : ["q-bio.NC"],
  keywords: [],
  publishedAt: "2026-11-25T00:00:00Z",
}));
const BY_ID = new Map(PAPERS.map((p) => [p.id, p]));

let db: SqliteDatabase;
let store: DigestStore;
let list: DigestList;
let sink: SmtpSink;
let mailer: Mailer;

function addSubscriber(email: string, status: string): number {
  const at = NOW.toISOString();
  const subscriber = db
    .prepare(
      "INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(createPublicId(), email, email, `hmac:${email}`, at, at).lastInsertRowid;
  return Number(
    db
      .prepare(
        "INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(createPublicId(), subscriber, list.id, status, at, at).lastInsertRowid,
  );
}

async function prepare(now: Date): Promise<void> {
  const { issue } = await store.openIssue(list.id, findDueIssuePeriod(list.cadence, now)!, now);
  const frozen =
    issue.content ??
    freezeIssueSelection(
      PAPERS.map((p) => p.id),
      { trendingCount: 3, poolSize: 8 },
    );
  const audience = await store.listAudience(list.id, 0, 1000);
  const sent = await store.listSentPaperIds(audience.map((m) => m.subscriberId));
  const deliveries = audience.map((member): PreparedDelivery => {
    const selection = selectDigestPapers({
      issue: frozen,
      papers: BY_ID,
      topics: member.topics,
      alreadySent: sent.get(member.subscriberId)!,
      now,
    });
    const publicId = randomBytes(16).toString("hex");
    return {
      ...member,
      toEmail: member.email,
      publicId,
      messageId: `d.${publicId}@papers.example.org`,
      selection: selection.kind === "send" ? selection.papers : [],
      skipped: selection.kind === "skip",
    };
  });
  await store.addDeliveries(issue.id, frozen, deliveries, now);
  await store.markIssuePrepared(issue.id, now);
}

async function sendPass(now: Date): Promise<void> {
  for (const delivery of await store.claimDeliveries({ workerId: "test", now, leaseMs: 300_000, limit: 100 })) {
    const mail = renderer.render({
      list,
      periodKey: "2026-11-26",
      papers: delivery.selection.map((s) => {
        const paper = BY_ID.get(s.paperId)!;
        return { ...paper, summary: paper.abstract, section: s.section };
      }),
      topicLabels: [],
      unsubscribeToken: tokens.sign(
        { purpose: "unsubscribe", subject: delivery.subscriptionPublicId, list: list.slug },
        now,
      ),
      manageToken: tokens.sign({ purpose: "manage", subject: delivery.subscriberPublicId }, now),
    });
    const envelope = buildDigestEnvelope({
      deliveryId: delivery.publicId,
      unsubscribeUrl: mail.unsubscribeUrl,
      list: { slug: list.slug, name: list.name, listId: list.listIdHeader },
      periodKey: "2026-11-26",
      messageIdDomain: "papers.example.org",
      bounceDomain: "bounce.papers.example.org",
      senderId: "paperboy",
    });
    const result = await mailer.send({
      to: delivery.toEmail,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...envelope,
    });
    const decision = decideDeliveryOutcome(result, {
      attempts: delivery.attempts,
      firstAttemptAt: delivery.firstAttemptAt,
      now,
    });
    await store.recordDeliveryOutcome(delivery.id, decision, now);
  }
}

function deliveryStatuses(): Record<string, string> {
  const rows = db
    .prepare<[], { to_email: string; status: string }>("SELECT to_email, status FROM digest_deliveries ORDER BY id")
    .all();
  return Object.fromEntries(rows.map((r) => [r.to_email, r.status]));
}

describe("digest pipeline through a real SMTP sink", () => {
  before(async () => {
    db = openSqliteDatabase(":memory:");
    applySqliteMigrations(db);
    store = createSqliteDigestStore(db);
    list = await store.saveList(
      {
        slug: "daily",
        name: "Daily trending papers",
        cadence: DEFAULT_DAILY_CADENCE,
        listIdHeader: "daily.papers.example.org",
        active: true,
      },
      NOW,
    );
    for (const email of ["ok@example.net", "hard@example.net", "slow@example.net", "drop@example.net"])
      addSubscriber(email, "confirmed");
    addSubscriber("pending@example.net", "pending");
    addSubscriber("left@example.net", "unsubscribed");
    sink = await startSmtpSink({
      faults: [
        { stage: "rcpt", recipient: /^hard@/, code: 550, message: "5.1.1 User unknown" },
        { stage: "rcpt", recipient: /^slow@/, times: 1, code: 452, message: "4.2.2 Mailbox full" },
        { stage: "drop-after-data", recipient: /^drop@/, times: 1 },
      ],
    });
    mailer = createMailer({
      smtpUrl: sink.url,
      from: '"Paperboy" <digest@papers.example.org>',
      dkim: TEST_DKIM_KEY,
      logger: createLogger("silent"),
    });
    await prepare(NOW);
    await prepare(new Date(NOW.getTime() + 60_000)); // a second scheduler tick changes nothing
    await sendPass(NOW);
  });
  after(async () => {
    await mailer.close();
    await sink.close();
  });

  test("each outcome lands in the outbox; nobody outside the audience gets a row", () => {
    assert.deepEqual(deliveryStatuses(), {
      "ok@example.net": "sent",
      "hard@example.net": "failed",
      "slow@example.net": "deferred",
      "drop@example.net": "uncertain",
    });
    const subscriptions = db
      .prepare<[], { status: string }>(
        "SELECT s.status FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id WHERE u.email = 'hard@example.net'",
      )
      .get();
    assert.equal(subscriptions?.status, "bounced");
  });

  test("the deferred delivery goes out on its retry; the uncertain one is never resent", async () => {
    await sendPass(new Date(NOW.getTime() + 5 * 60_000));
    assert.equal(deliveryStatuses()["slow@example.net"], "sent");
    assert.equal(deliveryStatuses()["drop@example.net"], "uncertain");
    const byRecipient = sink.messages.map((m) => m.envelopeTo.join(",")).sort();
    assert.deepEqual(byRecipient, ["drop@example.net", "ok@example.net", "slow@example.net"]);
    assert.equal(await store.finishIssues(new Date(NOW.getTime() + 5 * 60_000)), 1);
  });

  test("what arrived: the delivery's Message-ID and VERP sender, DKIM pass, a working one-click token", async () => {
    const rows = db
      .prepare<[], { to_email: string; message_id: string; public_id: string }>(
        "SELECT to_email, message_id, public_id FROM digest_deliveries",
      )
      .all();
    for (const message of sink.messages) {
      const row = rows.find((r) => r.to_email === message.envelopeTo[0])!;
      assert.equal(message.messageId, `<${row.message_id}>`);
      assert.equal(message.envelopeFrom, `bounce+${row.public_id}@bounce.papers.example.org`);
      assert.deepEqual((await verifyDkim(message.raw)).statuses, ["pass"]);
      const url = /^<(.+)>$/.exec(message.rawHeaders.get("list-unsubscribe")![0]!)![1]!;
      const token = decodeURIComponent(url.slice("https://papers.example.org/u/".length));
      assert.equal(tokens.verify(token, "unsubscribe", NOW).valid, true);
    }
    assert.equal(new Set(sink.messages.map((m) => m.messageId)).size, sink.messages.length);
  });
});
