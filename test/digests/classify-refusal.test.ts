import assert from "node:assert/strict";
import { test } from "node:test";
import { readEnhancedCode } from "../../src/adapters/mail/read-smtp-failure.js";
import { classifyRefusal, type RefusalKind } from "../../src/core/digests/classify-refusal.js";

// Replies as the big receivers word them (email.md §1.1, §4.4).
const REPLIES: [string, RefusalKind][] = [
  ["550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in local recipient table", "hard"],
  ["550-5.1.1 The email account that you tried to reach does not exist.", "hard"],
  ["550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "hard"],
  ["553 5.1.2 The recipient domain does not exist", "hard"],
  ["550 5.2.1 The email account that you tried to reach is disabled.", "hard"],
  ["550 5.2.1 Mailbox unavailable: rate limit exceeded for this user", "soft"],
  ["552 5.2.2 Mailbox full: quota exceeded", "soft"],
  ["550-5.7.26 Unauthenticated email from papers.example.org is not accepted due to domain's DMARC policy", "policy"],
  ["550 5.7.1 Service unavailable, Client host [203.0.113.9] blocked using Spamhaus", "policy"],
  ["550 5.7.515 Access denied, sending domain does not meet the required authentication level", "policy"],
  ["554 5.7.9 Message not accepted for policy reasons", "policy"],
  ["550 User unknown", "hard"],
  ["554 Message rejected due to DMARC policy", "policy"],
  ["552 5.3.4 Message size exceeds fixed limit", "other"],
  ["554 Transaction failed", "other"],
  ["452 4.2.2 Mailbox full", "temporary"],
  ["421 4.7.28 Unusual rate of unsolicited mail from your IP; temporarily rate limited", "temporary"],
  ["451 4.7.26 Unauthenticated email is not accepted, try again", "temporary"],
  ["450 4.2.1 The user you are trying to contact is receiving mail too quickly", "temporary"],
];

for (const [reply, expected] of REPLIES) {
  test(`classifyRefusal: ${reply.slice(0, 60)} → ${expected}`, () => {
    const code = Number(reply.slice(0, 3));
    const refusal = { permanent: code >= 500, code, enhancedCode: readEnhancedCode(reply), reply };
    assert.equal(classifyRefusal(refusal), expected);
  });
}
