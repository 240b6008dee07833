import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createMailer } from "../../src/adapters/mail/create-mailer.js";
import type { Mailer, OutgoingMail } from "../../src/core/mail/ports.js";
import { createLogger } from "../../src/lib/logger.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { TEST_DKIM_KEY, verifyDkim } from "./dkim-test-key.js";

const logger = createLogger("silent");
const FROM = '"Paperboy" <digest@papers.example.org>';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: "reader@example.net",
    subject: "Trending papers · Thu 26 Nov",
    text: "Hello in text",
    html: "<p>Hello in <b>HTML</b></p>",
    ...overrides,
  };
}

/** Each test gets its own sink and mailer, so a fault or a broken pooled connection stays local. */
async function withSink(run: (sink: SmtpSink, mailer: Mailer) => Promise<void>, socketMs = 5_000): Promise<void> {
  const sink = await startSmtpSink();
  const mailer = createMailer({
    smtpUrl: sink.url,
    from: FROM,
    dkim: TEST_DKIM_KEY,
    logger,
    timeouts: { connectMs: 2_000, greetingMs: 2_000, socketMs },
  });
  try {
    await run(sink, mailer);
  } finally {
    await mailer.close();
    await sink.close();
  }
}

describe("smtp mailer: accepted mail", () => {
  test("250 → sent, with the given Message-ID, envelope sender and headers intact", () =>
    withSink(async (sink, mailer) => {
      const result = await mailer.send(
        mail({
          messageId: "i12.d34@papers.example.org",
          envelopeFrom: "bounce+d_abc@bounce.papers.example.org",
          headers: {
            "List-Unsubscribe": "<https://papers.example.org/u/v1.k1.payload.mac>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Daily trending papers <daily.papers.example.org>",
            "Feedback-ID": "12:daily:digest:paperboy",
          },
        }),
      );
      assert.equal(result.outcome, "sent");
      assert.equal(result.outcome === "sent" && result.messageId, "i12.d34@papers.example.org");
      assert.match(result.outcome === "sent" ? result.reply : "", /^250 2\.0\.0 Ok/);
      const [received] = await sink.waitForMessages(1);
      assert.ok(received);
      assert.equal(received.envelopeFrom, "bounce+d_abc@bounce.papers.example.org");
      assert.deepEqual(received.envelopeTo, ["reader@example.net"]);
      assert.equal(received.messageId, "<i12.d34@papers.example.org>");
      assert.deepEqual(received.rawHeaders.get("list-unsubscribe"), [
        "<https://papers.example.org/u/v1.k1.payload.mac>",
      ]);
      assert.deepEqual(received.rawHeaders.get("list-unsubscribe-post"), ["List-Unsubscribe=One-Click"]);
      assert.deepEqual(received.rawHeaders.get("feedback-id"), ["12:daily:digest:paperboy"]);
      assert.equal(received.rawHeaders.get("date")?.length, 1);
      assert.equal(received.text?.trim(), "Hello in text");
      assert.match(received.html ?? "", /<b>HTML<\/b>/);
    }));

  test("DKIM signs both List-Unsubscribe headers and verifies with the published key", () =>
    withSink(async (sink, mailer) => {
      await mailer.send(
        mail({
          headers: {
            "List-Unsubscribe": "<https://papers.example.org/u/token>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
        }),
      );
      const [received] = await sink.waitForMessages(1);
      const dkim = await verifyDkim(received!.raw);
      assert.deepEqual(dkim.statuses, ["pass"]);
      assert.ok(dkim.signedHeaders.includes("list-unsubscribe"));
      assert.ok(dkim.signedHeaders.includes("list-unsubscribe-post"));
    }));

  test("a message altered after signing fails DKIM (the check can fail)", () =>
    withSink(async (sink, mailer) => {
      await mailer.send(mail({ headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }));
      const [received] = await sink.waitForMessages(1);
      const tampered = Buffer.from(received!.raw.toString("latin1").replace("One-Click", "Two-Click"), "latin1");
      assert.deepEqual((await verifyDkim(tampered)).statuses, ["fail"]);
    }));

  test("without a Message-ID the mailer makes one on the From domain and reports it", () =>
    withSink(async (sink, mailer) => {
      const result = await mailer.send(mail());
      const [received] = await sink.waitForMessages(1);
      assert.equal(result.outcome, "sent");
      const id = result.outcome === "sent" ? result.messageId : "";
      assert.match(id, /@papers\.example\.org$/);
      assert.equal(received!.messageId, `<${id}>`);
    }));
});

describe("smtp mailer: refusals and failures", () => {
  test("550 5.1.1 at RCPT → rejected, permanent, before data", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "rcpt", recipient: /^gone@/, code: 550, message: "5.1.1 User unknown" }]);
      const result = await mailer.send(mail({ to: "gone@example.net" }));
      assert.deepEqual(result, {
        outcome: "rejected",
        permanent: true,
        code: 550,
        enhancedCode: "5.1.1",
        reply: "550 5.1.1 User unknown",
        beforeData: true,
      });
      assert.equal(sink.messages.length, 0);
    }));

  test("452 4.2.2 twice, then accepted: two temporary refusals, then one message", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "rcpt", times: 2, code: 452, message: "4.2.2 Mailbox full" }]);
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const result = await mailer.send(mail({ messageId: "same@papers.example.org" }));
        assert.equal(result.outcome, "rejected");
        assert.equal(result.outcome === "rejected" && result.permanent, false);
        assert.equal(result.outcome === "rejected" && result.enhancedCode, "4.2.2");
      }
      const third = await mailer.send(mail({ messageId: "same@papers.example.org" }));
      assert.equal(third.outcome, "sent");
      assert.equal(sink.messages.length, 1);
      assert.equal(sink.refusals.length, 2);
    }));

  test("421 at connect → rejected, temporary, before data", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "connect", code: 421, message: "4.3.2 Service not available, closing channel" }]);
      const result = await mailer.send(mail());
      assert.equal(result.outcome, "rejected");
      assert.ok(result.outcome === "rejected");
      assert.equal(result.permanent, false);
      assert.equal(result.code, 421);
      assert.equal(result.enhancedCode, "4.3.2");
      assert.equal(result.beforeData, true);
    }));

  test("550 5.7.26 after the final dot → rejected, permanent, not before data", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "data-end", code: 550, message: "5.7.26 Unauthenticated email is not accepted" }]);
      const result = await mailer.send(mail());
      assert.ok(result.outcome === "rejected");
      assert.equal(result.permanent, true);
      assert.equal(result.enhancedCode, "5.7.26");
      assert.equal(result.beforeData, false);
      assert.equal(sink.messages.length, 0);
    }));

  test("socket closed after the final dot → uncertain, and the pool does not resend it", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "drop-after-data", times: 1 }]);
      const result = await mailer.send(mail({ messageId: "once@papers.example.org" }));
      assert.equal(result.outcome, "uncertain");
      // Give a requeueing pool the time to try again (nodemailer waits 50 ms before requeueing).
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(sink.messages.length, 1);
      assert.equal(sink.messages[0]!.reply, null);
      const next = await mailer.send(mail({ to: "other@example.net" }));
      assert.equal(next.outcome, "sent", "the pool opens a fresh connection for the next mail");
    }));

  // A 1 s socket timeout: short for the test, long enough for a loaded machine to finish EHLO…DATA.
  test("no reply after the final dot until the socket timeout → uncertain", () =>
    withSink(async (sink, mailer) => {
      sink.setFaults([{ stage: "stall-after-data", times: 1 }]);
      const result = await mailer.send(mail());
      assert.equal(result.outcome, "uncertain");
      assert.match(result.outcome === "uncertain" ? result.reason : "", /ETIMEDOUT/);
    }, 1_000));

  test("connection refused → rejected, temporary, no code", async () => {
    const sink = await startSmtpSink();
    const url = sink.url;
    await sink.close(); // the port is now closed: nothing listens there
    const mailer = createMailer({ smtpUrl: url, from: FROM, logger });
    const result = await mailer.send(mail());
    await mailer.close();
    assert.ok(result.outcome === "rejected");
    assert.equal(result.permanent, false);
    assert.equal(result.code, null);
    assert.equal(result.beforeData, true);
    assert.match(result.reply, /ECONNREFUSED/);
  });
});

describe("createMailer", () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
  });
  after(() => sink.close());

  test("describes the relay without its credentials", async () => {
    const mailer = createMailer({ smtpUrl: "smtp://user:secret@relay.example.org:587", from: FROM, logger });
    assert.equal(mailer.description, "smtp://relay.example.org:587");
    await mailer.close();
  });

  test("with no SMTP URL it logs instead of sending", async () => {
    const mailer = createMailer({ smtpUrl: null, from: FROM, logger });
    assert.equal(mailer.description, "log only");
    assert.equal((await mailer.send(mail())).outcome, "sent");
    assert.equal(sink.messages.length, 0);
  });
});
