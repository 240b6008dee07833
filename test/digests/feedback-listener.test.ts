// The inbound SMTP listener for bounce and complaint reports: DSN and ARF fixtures sent to it
// over SMTP with nodemailer, as a remote server would, change the delivery's subscription
// once; mail for other domains is refused at RCPT, oversized mail after DATA.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import nodemailer from "nodemailer";
import type { App } from "../../src/app.js";
import type { SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import {
  startFeedbackListener,
  type FeedbackListener,
  MAX_REPORT_BYTES,
} from "../../src/delivery/email/feedback-listener.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addTestSubscriber, createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
const BOUNCE_DOMAIN = "bounce.papers.example.org";
let dir: string;
let app: App;
let db: SqliteDatabase;
let listener: FeedbackListener;

/** A sent delivery with the public id the fixture's VERP address names. */
function seedDelivery(email: string, publicId: string): void {
  const { subscriberId, subscriptionId } = addTestSubscriber(db, email, "confirmed");
  const at = NOW.toISOString();
  const list = db.prepare<[], { id: number }>("SELECT id FROM digest_lists WHERE slug = 'daily'").get()!;
  db.prepare(
    "INSERT INTO digest_issues (list_id, period_key, covers_from, covers_to, status, created_at) VALUES (?, '2026-06-28', '2026-06-27', '2026-06-27', 'done', ?) ON CONFLICT DO NOTHING",
  ).run(list.id, at);
  const issue = db.prepare<[], { id: number }>("SELECT id FROM digest_issues").get()!;
  db.prepare(
    `INSERT INTO digest_deliveries (public_id, issue_id, subscription_id, subscriber_id, to_email, message_id, selection,
      status, next_attempt_at, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '[]', 'sent', ?, ?, ?, ?)`,
  ).run(publicId, issue.id, subscriptionId, subscriberId, email, `d.${publicId}@papers.example.org`, at, at, at, at);
}

async function deliver(raw: string | Buffer, to: string) {
  const transport = nodemailer.createTransport({
    host: listener.address.host,
    port: listener.address.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail({ envelope: { from: "", to: [to] }, raw });
  } finally {
    transport.close();
  }
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const statusOf = (email: string) =>
  db
    .prepare<[string], { status: string }>(
      "SELECT s.status FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id WHERE u.email = ?",
    )
    .get(email)?.status;
const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()!.n;

describe("inbound bounce and complaint listener", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-inbound-"));
    const file = join(dir, "paperboy.sqlite");
    app = await createDigestTestApp({
      file,
      now: () => NOW,
      importPapers: false,
      env: { MAIL_BOUNCE_DOMAIN: BOUNCE_DOMAIN, MAIL_INBOUND_LISTEN: "127.0.0.1:0" },
    });
    await app.digests.service.ensureLists();
    db = openSqliteDatabase(file);
    listener = (await startFeedbackListener(app))!;
    seedDelivery("gone@example.net", "3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b");
    seedDelivery("reader.one@yahoo.com", "7e6d5c4b3a2f41e0a9b8c7d6e5f4a3b2");
  });
  after(async () => {
    await listener.close();
    db.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("off unless MAIL_INBOUND_LISTEN is set", async () => {
    const other = await createDigestTestApp({ now: () => NOW, importPapers: false });
    assert.equal(await startFeedbackListener(other), null);
    await other.close();
  });

  test("a DSN bounces the subscription and suppresses the address; the same DSN again changes nothing", async () => {
    const to = `bounce+3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b@${BOUNCE_DOMAIN}`;
    const first = await deliver(fixture("postfix-dsn-hard-bounce.eml"), to);
    assert.match(first.response, /^250 /);
    assert.equal(statusOf("gone@example.net"), "bounced");
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions WHERE email_hmac = 'hmac:gone@example.net'"), 1);
    await deliver(fixture("postfix-dsn-hard-bounce.eml"), to);
    assert.equal(count("SELECT count(*) AS n FROM mail_events WHERE source = 'dsn'"), 1, "one effect");
    assert.equal(count("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'bounce_suppress'"), 1);
  });

  test("an ARF complaint marks the subscription complained and suppresses, once", async () => {
    await deliver(fixture("yahoo-arf-complaint.eml"), `fbl@${BOUNCE_DOMAIN}`);
    await deliver(fixture("yahoo-arf-complaint.eml"), `fbl@${BOUNCE_DOMAIN}`);
    assert.equal(statusOf("reader.one@yahoo.com"), "complained");
    assert.equal(count("SELECT count(*) AS n FROM mail_suppressions WHERE reason = 'complaint'"), 1);
    assert.equal(count("SELECT count(*) AS n FROM mail_events WHERE kind = 'complaint'"), 1);
  });

  test("mail that is no report is taken and dropped", async () => {
    const before = count("SELECT count(*) AS n FROM mail_events");
    const reply = await deliver(fixture("autoreply-not-a-report.eml"), `bounce+x@${BOUNCE_DOMAIN}`);
    assert.match(reply.response, /^250 /);
    assert.equal(count("SELECT count(*) AS n FROM mail_events"), before);
  });

  test("mail for any other domain is refused at RCPT with 550: no open relay", async () => {
    await assert.rejects(deliver(fixture("postfix-dsn-hard-bounce.eml"), "someone@example.com"), (error: unknown) => {
      const e = error as { responseCode?: number; command?: string };
      assert.equal(e.responseCode, 550);
      assert.equal(e.command, "RCPT TO");
      return true;
    });
    await assert.rejects(deliver("Subject: x\r\n\r\nx\r\n", `bounce+x@papers.example.org`), /550/);
  });

  test("a message over the size limit is refused", async () => {
    const big = `Subject: big\r\n\r\n${"x".repeat(998)}\r\n`.repeat(Math.ceil(MAX_REPORT_BYTES / 1000) + 10);
    await assert.rejects(deliver(big, `bounce+x@${BOUNCE_DOMAIN}`), (error: unknown) => {
      assert.equal((error as { responseCode?: number }).responseCode, 552);
      return true;
    });
  });
});
