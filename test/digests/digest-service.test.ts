// The digest service as the jobs run it (app from config → prepare → send) through a real
// SMTP sink: who gets mail, what arrives, and each injected fault reaching the outbox.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/app.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { runDigestCommand } from "../../src/delivery/cli/digest-command.js";
import { digestPrepareJob } from "../../src/delivery/jobs/tasks/digest-prepare.task.js";
import { digestSendJob } from "../../src/delivery/jobs/tasks/digest-send.task.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { DKIM_DOMAIN, DKIM_SELECTOR, TEST_DKIM_KEY, verifyDkim } from "../mail/dkim-test-key.js";
import { addTestSubscriber, createDigestTestApp } from "./helpers/digest-test-app.js";

/** A Sunday with weekend issues on: the daily issue covers Saturday 2026-06-27. */
const NOW = new Date("2026-06-28T08:00:00Z");
const MINUTE_MS = 60_000;

let dir: string;
let app: App;
let db: SqliteDatabase;
let sink: SmtpSink;
let clock = NOW;

async function runJob(job: typeof digestSendJob): Promise<Record<string, number>> {
  return job.run({ app, slot: "test", attempt: 1, signal: new AbortController().signal });
}

function statuses(): Record<string, string> {
  const rows = db
    .prepare<[], { to_email: string; status: string }>("SELECT to_email, status FROM digest_deliveries ORDER BY id")
    .all();
  return Object.fromEntries(rows.map((r) => [r.to_email, r.status]));
}

describe("digest service through a real SMTP sink", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-digest-"));
    const keyFile = join(dir, "dkim.pem");
    writeFileSync(keyFile, TEST_DKIM_KEY.privateKey);
    sink = await startSmtpSink({
      faults: [
        { stage: "rcpt", recipient: /^hard@/, code: 550, message: "5.1.1 User unknown" },
        { stage: "rcpt", recipient: /^slow@/, times: 1, code: 452, message: "4.2.2 Mailbox full" },
        { stage: "drop-after-data", recipient: /^drop@/, times: 1 },
      ],
    });
    app = await createDigestTestApp({
      file: join(dir, "paperboy.sqlite"),
      now: () => clock,
      env: {
        SMTP_URL: sink.url,
        DIGEST_DAILY_WEEKENDS: "1",
        DKIM_DOMAIN,
        DKIM_SELECTOR,
        DKIM_PRIVATE_KEY_FILE: keyFile,
        MAIL_BOUNCE_DOMAIN: "bounce.papers.example.org",
      },
    });
    await app.digests.service.ensureLists();
    db = openSqliteDatabase(join(dir, "paperboy.sqlite"));
    for (const email of ["ok@example.net", "hard@example.net", "slow@example.net", "drop@example.net"]) {
      addTestSubscriber(db, email, "confirmed");
    }
    addTestSubscriber(db, "topics@example.net", "confirmed", "daily", [{ kind: "category", value: "cs" }]);
    addTestSubscriber(db, "pending@example.net", "pending");
    addTestSubscriber(db, "left@example.net", "unsubscribed");
    addTestSubscriber(db, "weekly@example.net", "confirmed", "weekly");
    const suppressed = addTestSubscriber(db, "suppressed@example.net", "confirmed");
    db.prepare("INSERT INTO mail_suppressions (email_hmac, reason, created_at) VALUES (?, 'manual', ?)").run(
      "hmac:suppressed@example.net",
      NOW.toISOString(),
    );
    assert.ok(suppressed.subscriptionId > 0);
    // The daily issue of Sunday and the weekly issue of ISO week 26 (due since Monday) are both due.
    assert.deepEqual(await runJob(digestPrepareJob), { opened: 2, deliveries: 6, expired: 0 });
    // A second scheduler tick for the same period: no second issue, no new rows.
    clock = new Date(NOW.getTime() + MINUTE_MS);
    assert.deepEqual(await runJob(digestPrepareJob), { opened: 0, deliveries: 0, expired: 0 });
    await runJob(digestSendJob);
  });
  after(async () => {
    db?.close();
    await app?.close();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("one issue per list; one outbox row per confirmed, unsuppressed subscriber of the list", () => {
    const issues = db.prepare<[], { period_key: string }>("SELECT period_key FROM digest_issues ORDER BY id").all();
    assert.deepEqual(
      issues.map((i) => i.period_key),
      ["2026-06-28", "2026-W26"],
    );
    assert.deepEqual(statuses(), {
      "ok@example.net": "sent",
      "hard@example.net": "failed",
      "slow@example.net": "deferred",
      "drop@example.net": "uncertain",
      "topics@example.net": "sent",
      "weekly@example.net": "sent",
    });
  });

  test("a hard bounce ends the subscription and suppresses the address", () => {
    const row = db
      .prepare<[], { status: string; suppressed: number }>(
        `SELECT s.status, (SELECT COUNT(*) FROM mail_suppressions WHERE email_hmac = u.email_hmac) AS suppressed
         FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id WHERE u.email = 'hard@example.net'`,
      )
      .get()!;
    assert.deepEqual({ ...row }, { status: "bounced", suppressed: 1 });
  });

  test("452 then 250: the retry after its backoff is sent; uncertain is never resent; nobody got two", async () => {
    clock = new Date(NOW.getTime() + 6 * MINUTE_MS);
    await runJob(digestSendJob);
    assert.equal(statuses()["slow@example.net"], "sent");
    assert.equal(statuses()["drop@example.net"], "uncertain");
    const recipients = sink.messages.map((m) => m.envelopeTo.join(",")).sort();
    assert.deepEqual(recipients, [
      "drop@example.net",
      "ok@example.net",
      "slow@example.net",
      "topics@example.net",
      "weekly@example.net",
    ]);
    const issues = db.prepare<[], { status: string }>("SELECT status FROM digest_issues").all();
    assert.deepEqual(
      issues.map((i) => i.status),
      ["done", "done"],
    );
  });

  test("headers, both parts, DKIM over the list headers, VERP and the stable Message-ID", async () => {
    const rows = db
      .prepare<[], { to_email: string; message_id: string; public_id: string }>(
        "SELECT to_email, message_id, public_id FROM digest_deliveries",
      )
      .all();
    for (const message of sink.messages) {
      const row = rows.find((r) => r.to_email === message.envelopeTo[0])!;
      assert.equal(message.messageId, `<${row.message_id}>`);
      assert.equal(message.envelopeFrom, `bounce+${row.public_id}@bounce.papers.example.org`);
      assert.match(message.rawHeaders.get("list-unsubscribe")![0]!, /^<https:\/\/papers\.example\.org\/u\/[^>]+>$/);
      assert.deepEqual(message.rawHeaders.get("list-unsubscribe-post"), ["List-Unsubscribe=One-Click"]);
      const [period, list] =
        message.envelopeTo[0] === "weekly@example.net" ? ["2026-W26", "weekly"] : ["2026-06-28", "daily"];
      assert.match(message.rawHeaders.get("list-id")![0]!, new RegExp(`<${list}\\.papers\\.example\\.org>$`));
      assert.equal(message.rawHeaders.get("feedback-id")![0], `${period}:${list}:digest:paperboy`);
      assert.ok(message.text!.includes("1 Example Street") && message.html!.includes("1 Example Street"));
      assert.ok(!message.rawHeaders.get("list-unsubscribe")![0]!.includes("@"), "no address in the URL");
      const dkim = await verifyDkim(message.raw);
      assert.deepEqual(dkim.statuses, ["pass"]);
      assert.ok(
        dkim.signedHeaders.includes("list-unsubscribe") && dkim.signedHeaders.includes("list-unsubscribe-post"),
      );
    }
    const topics = sink.messages.find((m) => m.envelopeTo[0] === "topics@example.net")!;
    assert.match(topics.text!, /topics/);
  });
});

describe("policy refusals and a refused greeting", () => {
  test("421 at connect defers; 5.7.26 pauses the issue and suppresses nobody", async () => {
    const local = mkdtempSync(join(tmpdir(), "paperboy-digest-"));
    const faultSink = await startSmtpSink({
      faults: [{ stage: "connect", times: 1, code: 421, message: "4.3.2 Try again later" }],
    });
    const file = join(local, "paperboy.sqlite");
    let now = NOW;
    const policyApp = await createDigestTestApp({
      file,
      now: () => now,
      env: { SMTP_URL: faultSink.url, DIGEST_DAILY_WEEKENDS: "1" },
    });
    const raw = openSqliteDatabase(file);
    const issue = () =>
      raw
        .prepare<[], { status: string; paused_reason: string | null }>(
          "SELECT status, paused_reason FROM digest_issues",
        )
        .get()!;
    try {
      await policyApp.digests.service.ensureLists();
      addTestSubscriber(raw, "first@example.net", "confirmed");
      addTestSubscriber(raw, "policy@example.net", "confirmed");
      await policyApp.digests.service.prepareDueIssues();
      const greeting = await policyApp.digests.service.sendDue({ workerId: "test", limit: 1 });
      assert.equal(greeting.deferred, 1, "the refused greeting is retried later");
      assert.equal(faultSink.messages.length, 0);
      faultSink.setFaults([
        {
          stage: "data-end",
          recipient: /^policy@/,
          code: 550,
          message: "5.7.26 Unauthenticated email is not accepted",
        },
      ]);
      now = new Date(NOW.getTime() + 6 * MINUTE_MS);
      const counts = await policyApp.digests.service.sendDue({ workerId: "test" });
      assert.deepEqual([counts.sent, counts.deferred], [1, 1]);
      assert.equal(issue().status, "paused");
      assert.match(issue().paused_reason ?? "", /5\.7\.26/);
      const suppressed = raw.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM mail_suppressions").get()!;
      assert.equal(suppressed.n, 0);
      const ended = raw
        .prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM digest_subscriptions WHERE status <> 'confirmed'")
        .get()!;
      assert.equal(ended.n, 0);
      // Paused: nothing more is claimed until an operator resumes the issue.
      now = new Date(NOW.getTime() + 60 * MINUTE_MS);
      assert.equal((await policyApp.digests.service.sendDue({ workerId: "test" })).deferred, 0);
      // The operator fixed authentication and resumes the issue: the held delivery goes out.
      faultSink.setFaults([]);
      const issueId = raw.prepare<[], { id: number }>("SELECT id FROM digest_issues").get()!.id;
      let out = "";
      const output = { out: { write: (t: string) => (out += t) }, err: process.stderr };
      assert.equal(await runDigestCommand(policyApp, ["resume", "--issue", String(issueId)], output), 0);
      assert.match(out, /resumed after: .*5\.7\.26/);
      assert.equal((await policyApp.digests.service.sendDue({ workerId: "test" })).sent, 1);
      assert.equal(issue().status, "done");
    } finally {
      raw.close();
      await policyApp.close();
      await faultSink.close();
      rmSync(local, { recursive: true, force: true });
    }
  });
});
