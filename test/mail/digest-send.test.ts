import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createMailer } from "../../src/adapters/mail/create-mailer.js";
import type { Mailer } from "../../src/core/mail/ports.js";
import { buildDigestEnvelope, type DigestHeaderInput } from "../../src/delivery/email/digest-headers.js";
import { createDigestRenderer, type DigestMailData } from "../../src/delivery/email/digest-mail.js";
import { createLogger } from "../../src/lib/logger.js";
import { startSmtpSink, type SinkMessage, type SmtpSink } from "../helpers/smtp-sink.js";
import { TEST_DKIM_KEY, verifyDkim } from "./dkim-test-key.js";

const renderer = createDigestRenderer({
  publicUrl: "https://papers.example.org",
  siteName: "Paperboy",
  postalAddress: "Paperboy Hub, 1 Example Street, 00000 Example City",
});

const DATA: DigestMailData = {
  list: { slug: "daily", name: "Daily trending papers" },
  periodKey: "2026-11-26",
  papers: ["2611.01001", "2611.01002", "2611.01003"].map((id) => ({
    id,
    title: `<script>alert("${id}")</script> & friends`,
    authors: ["Ada Lovelace"],
    summary: "A summary.",
    categories: ["cs.LG"],
    section: "trending" as const,
  })),
  topicLabels: [],
  unsubscribeToken: "v1.k1.eyJwIjoidSJ9.unsubMAC",
  manageToken: "v1.k1.eyJwIjoibSJ9.manageMAC",
};

function envelopeFor(deliveryId: string, unsubscribeUrl: string): DigestHeaderInput {
  return {
    deliveryId,
    unsubscribeUrl,
    list: { slug: "daily", name: "Daily trending papers", listId: "daily.papers.example.org" },
    periodKey: "2026-11-26",
    messageIdDomain: "papers.example.org",
    bounceDomain: "bounce.papers.example.org",
    senderId: "paperboy",
  };
}

describe("digest headers", () => {
  test("List-Unsubscribe, one-click POST, List-Id, Feedback-ID, Message-ID and VERP from ids", () => {
    const envelope = buildDigestEnvelope(envelopeFor("3f2a9c1e4b7d4e0f", "https://papers.example.org/u/tok"));
    assert.deepEqual(envelope, {
      headers: {
        "List-Unsubscribe": "<https://papers.example.org/u/tok>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Daily trending papers <daily.papers.example.org>",
        "Feedback-ID": "2026-11-26:daily:digest:paperboy",
        "Auto-Submitted": "auto-generated",
      },
      messageId: "d.3f2a9c1e4b7d4e0f@papers.example.org",
      envelopeFrom: "bounce+3f2a9c1e4b7d4e0f@bounce.papers.example.org",
    });
  });

  test("a list name with specials is quoted; bad ids, domains and non-https URLs are refused", () => {
    const input = envelopeFor("3f2a9c1e4b7d4e0f", "https://papers.example.org/u/tok");
    const quoted = buildDigestEnvelope({ ...input, list: { ...input.list, name: 'Daily: "best" <papers>' } });
    assert.equal(quoted.headers["List-Id"], '"Daily: \\"best\\" <papers>" <daily.papers.example.org>');
    assert.throws(() => buildDigestEnvelope({ ...input, deliveryId: "a@b" }));
    assert.throws(() => buildDigestEnvelope({ ...input, deliveryId: "short" }));
    assert.throws(() => buildDigestEnvelope({ ...input, bounceDomain: "bounce.example.org\r\nBcc: x@y" }));
    assert.throws(
      () => buildDigestEnvelope({ ...input, unsubscribeUrl: "http://papers.example.org/u/tok" }),
      /RFC 8058/,
    );
    assert.throws(() => buildDigestEnvelope({ ...input, periodKey: "2026:11" }), /Feedback-ID/);
  });
});

describe("a digest through SMTP", () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  let received: SinkMessage[];
  const ids = ["a1b2c3d4e5f60718", "f0e1d2c3b4a59687"];

  before(async () => {
    sink = await startSmtpSink();
    mailer = createMailer({
      smtpUrl: sink.url,
      from: '"Paperboy" <digest@papers.example.org>',
      dkim: TEST_DKIM_KEY,
      logger: createLogger("silent"),
    });
    for (const [i, deliveryId] of ids.entries()) {
      const mail = renderer.render(DATA);
      const envelope = buildDigestEnvelope(envelopeFor(deliveryId, mail.unsubscribeUrl));
      const result = await mailer.send({
        to: `reader${i}@example.net`,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...envelope,
      });
      assert.equal(result.outcome, "sent");
    }
    received = [...(await sink.waitForMessages(ids.length))];
  });
  after(async () => {
    await mailer.close();
    await sink.close();
  });

  test("the envelope sender is the delivery's VERP address; Message-IDs are the deliveries'", () => {
    assert.deepEqual(
      received.map((m) => [m.envelopeFrom, m.messageId]),
      ids.map((id) => [`bounce+${id}@bounce.papers.example.org`, `<d.${id}@papers.example.org>`]),
    );
  });

  test("list headers arrive exactly once each, with the exact values", () => {
    const message = received[0]!;
    assert.deepEqual(message.rawHeaders.get("list-unsubscribe"), [
      "<https://papers.example.org/u/v1.k1.eyJwIjoidSJ9.unsubMAC>",
    ]);
    assert.deepEqual(message.rawHeaders.get("list-unsubscribe-post"), ["List-Unsubscribe=One-Click"]);
    assert.deepEqual(message.rawHeaders.get("list-id"), ["Daily trending papers <daily.papers.example.org>"]);
    assert.deepEqual(message.rawHeaders.get("feedback-id"), ["2026-11-26:daily:digest:paperboy"]);
    for (const single of ["from", "date", "message-id", "subject", "to", "mime-version"]) {
      assert.equal(message.rawHeaders.get(single)?.length, 1, single);
    }
    assert.equal(message.subject, "Trending papers · Thu 26 Nov");
  });

  test("multipart/alternative: the text and HTML parts carry the same links, titles escaped in HTML", () => {
    const message = received[0]!;
    assert.match(message.rawHeaders.get("content-type")?.[0] ?? "", /^multipart\/alternative;/);
    const textLinks = (message.text ?? "").match(/https:\/\/\S+/g) ?? [];
    const htmlLinks = [...(message.html ?? "").matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual([...textLinks].sort(), [...htmlLinks].sort());
    assert.equal(textLinks.length, 5);
    assert.doesNotMatch(message.html ?? "", /<script/);
    assert.match(message.html ?? "", /&lt;script&gt;alert\(&quot;2611\.01001&quot;\)&lt;\/script&gt; &amp; friends/);
  });

  test("DKIM passes and covers both list headers", async () => {
    for (const message of received) {
      const dkim = await verifyDkim(message.raw);
      assert.deepEqual(dkim.statuses, ["pass"]);
      for (const header of ["list-unsubscribe", "list-unsubscribe-post", "list-id", "from", "message-id"]) {
        assert.ok(dkim.signedHeaders.includes(header), header);
      }
    }
  });
});
