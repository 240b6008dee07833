import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseMailFeedback } from "../../src/adapters/mail/parse-mail-feedback.js";

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
}

test("Postfix DSN: a hard bounce matched through the VERP address", () => {
  assert.deepEqual(parseMailFeedback({ raw: fixture("postfix-dsn-hard-bounce.eml") }), [
    {
      kind: "bounce",
      recipient: "gone@example.net",
      status: "5.1.1",
      diagnostic: "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in local recipient table",
      deliveryId: "3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b",
      originalMessageId: "d.3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b@papers.example.org",
    },
  ]);
});

test("Exim DSN with several recipients: failed and delayed are reported, delivered is not", () => {
  const reports = parseMailFeedback({ raw: fixture("exim-dsn-multi-recipient.eml") });
  assert.deepEqual(
    reports.map((r) => [r.kind, r.recipient, r.status, r.deliveryId]),
    [
      ["bounce", "full@example.com", "5.2.2", "9b8a7c6d5e4f40312a1b2c3d4e5f6a7b"],
      ["delay", "slow@example.org", "4.4.1", "9b8a7c6d5e4f40312a1b2c3d4e5f6a7b"],
    ],
  );
  assert.equal(reports[1]!.diagnostic, "451 4.4.1 No answer from host");
  assert.equal(reports[0]!.originalMessageId, "d.9b8a7c6d5e4f40312a1b2c3d4e5f6a7b@papers.example.org");
});

test("Gmail DSN: the report part is found under nested multiparts; the folded diagnostic is unfolded", () => {
  const [report, ...rest] = parseMailFeedback({ raw: fixture("gmail-dsn-no-such-user.eml") });
  assert.equal(rest.length, 0);
  assert.equal(report!.kind, "bounce");
  assert.equal(report!.recipient, "nobody.here@gmail.com");
  assert.equal(report!.status, "5.1.1");
  assert.match(
    report!.diagnostic ?? "",
    /^550-5\.1\.1 The email account .* 550 5\.1\.1 {2}https:\/\/support\.google\.com/,
  );
  assert.equal(report!.deliveryId, "5c1d2e3f4a5b4c6d8e7f9a0b1c2d3e4f");
  assert.equal(report!.originalMessageId, "d.5c1d2e3f4a5b4c6d8e7f9a0b1c2d3e4f@papers.example.org");
});

test("the SMTP envelope recipient wins when the DSN's headers lost the VERP address", () => {
  const raw = fixture("postfix-dsn-hard-bounce.eml")
    .toString("utf8")
    .replaceAll("bounce+3f2a9c1e4b7d4e0f8a6b5c4d3e2f1a0b", "postmaster");
  const [report] = parseMailFeedback({ raw, envelopeTo: ["bounce+aaaabbbbccccdddd@bounce.papers.example.org"] });
  assert.equal(report!.deliveryId, "aaaabbbbccccdddd");
});

test("Yahoo ARF: a complaint with the recipient from Original-Rcpt-To", () => {
  assert.deepEqual(parseMailFeedback({ raw: fixture("yahoo-arf-complaint.eml") }), [
    {
      kind: "complaint",
      recipient: "reader.one@yahoo.com",
      status: null,
      diagnostic: "abuse",
      deliveryId: "7e6d5c4b3a2f41e0a9b8c7d6e5f4a3b2",
      originalMessageId: "d.7e6d5c4b3a2f41e0a9b8c7d6e5f4a3b2@papers.example.org",
    },
  ]);
});

test("Outlook JMRP: a complaint with the recipient redacted, matched by Message-ID only", () => {
  assert.deepEqual(parseMailFeedback({ raw: fixture("outlook-jmrp-complaint.eml") }), [
    {
      kind: "complaint",
      recipient: null,
      status: null,
      diagnostic: "abuse",
      deliveryId: null,
      originalMessageId: "d.1a2b3c4d5e6f40718293a4b5c6d7e8f9@papers.example.org",
    },
  ]);
});

test("an ARF report of type not-spam is not a complaint", () => {
  const raw = fixture("yahoo-arf-complaint.eml")
    .toString("utf8")
    .replace("Feedback-Type: abuse", "Feedback-Type: not-spam");
  assert.deepEqual(parseMailFeedback({ raw }), []);
});

test("an out-of-office reply to the VERP address is neither a bounce nor a complaint", () => {
  assert.deepEqual(parseMailFeedback({ raw: fixture("autoreply-not-a-report.eml") }), []);
});

test("CRLF line endings (as received over SMTP) read the same as LF", () => {
  const lf = fixture("postfix-dsn-hard-bounce.eml").toString("utf8");
  const crlf = lf.replace(/\n/g, "\r\n");
  assert.deepEqual(parseMailFeedback({ raw: crlf }), parseMailFeedback({ raw: lf }));
});

test("a base64-encoded delivery-status part is decoded", () => {
  const lf = fixture("postfix-dsn-hard-bounce.eml").toString("utf8");
  const statusStart = lf.indexOf("Reporting-MTA:");
  const statusEnd = lf.indexOf("\n--4Y7Qk12HxBz9vLm", statusStart);
  const encoded = Buffer.from(lf.slice(statusStart, statusEnd)).toString("base64").replace(/.{76}/g, "$&\n");
  const raw = `${lf.slice(0, statusStart - 1).replace(/Content-Type: message\/delivery-status\n$/, "Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n")}\n${encoded}\n${lf.slice(statusEnd)}`;
  const [report] = parseMailFeedback({ raw });
  assert.equal(report?.status, "5.1.1");
});
