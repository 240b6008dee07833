import assert from "node:assert/strict";
import { test } from "node:test";
import { readEnhancedCode, readSmtpFailure, type SmtpFailure } from "../../src/adapters/mail/read-smtp-failure.js";

// Error shapes as nodemailer 10.6 produced them against the test sink (see smtp-mailer.test.ts).
const CASES: { name: string; failure: SmtpFailure; expected: string }[] = [
  {
    name: "550 5.1.1 at RCPT",
    failure: { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 User unknown", command: "RCPT TO" },
    expected: "rejected permanent 550 5.1.1 before",
  },
  {
    name: "452 4.2.2 at RCPT",
    failure: { code: "EENVELOPE", responseCode: 452, response: "452 4.2.2 Mailbox full", command: "RCPT TO" },
    expected: "rejected temporary 452 4.2.2 before",
  },
  {
    name: "421 greeting",
    failure: { code: "EPROTOCOL", responseCode: 421, response: "421 4.3.2 Try later", command: "CONN" },
    expected: "rejected temporary 421 4.3.2 before",
  },
  {
    name: "550 5.7.26 after the final dot",
    failure: { code: "EMESSAGE", responseCode: 550, response: "550 5.7.26 Unauthenticated", command: "DATA" },
    expected: "rejected permanent 550 5.7.26 after",
  },
  {
    name: "554 without an enhanced code",
    failure: { code: "EMESSAGE", responseCode: 554, response: "554 Transaction failed", command: "DATA" },
    expected: "rejected permanent 554 - after",
  },
  {
    name: "connection refused",
    failure: { code: "ESOCKET", originalCode: "ECONNREFUSED", command: "CONN", message: "connect ECONNREFUSED" },
    expected: "rejected temporary - - before",
  },
  {
    name: "greeting timeout",
    failure: {
      code: "ETIMEDOUT",
      timeoutType: "GREETING_TIMEOUT",
      command: "CONN",
      message: "Greeting never received",
    },
    expected: "rejected temporary - - before",
  },
  { name: "DNS failure", failure: { code: "EDNS", command: "CONN" }, expected: "rejected temporary - - before" },
  {
    name: "closed without a reply (after the final dot)",
    failure: { code: "ECONNECTION", command: "CONN", message: "Connection closed unexpectedly" },
    expected: "uncertain",
  },
  {
    name: "socket timeout waiting for the reply to the dot",
    failure: { code: "ETIMEDOUT", timeoutType: "SOCKET_TIMEOUT", command: "CONN", message: "Timeout" },
    expected: "uncertain",
  },
  {
    name: "connection reset mid-session",
    failure: { code: "ESOCKET", originalCode: "ECONNRESET", command: "CONN", message: "read ECONNRESET" },
    expected: "uncertain",
  },
  { name: "a thrown non-SMTP error", failure: { message: "boom" }, expected: "uncertain" },
];

for (const { name, failure, expected } of CASES) {
  test(`readSmtpFailure: ${name} → ${expected}`, () => {
    const result = readSmtpFailure(failure);
    const summary =
      result.outcome === "rejected"
        ? [
            "rejected",
            result.permanent ? "permanent" : "temporary",
            result.code ?? "-",
            result.enhancedCode ?? "-",
            result.beforeData ? "before" : "after",
          ].join(" ")
        : result.outcome;
    assert.equal(summary, expected);
  });
}

test("readEnhancedCode takes the RFC 3463 code right after the reply code only", () => {
  assert.equal(readEnhancedCode("550 5.1.1 <a@b>: User unknown"), "5.1.1");
  assert.equal(readEnhancedCode("550-5.7.26 multi-line first line"), "5.7.26");
  assert.equal(readEnhancedCode("451 4.7.650 The mail server has been temporarily rate limited"), "4.7.650");
  assert.equal(readEnhancedCode("550 User unknown 5.1.1"), null);
  assert.equal(readEnhancedCode("550 5.1.1.1 garbage"), null);
});
