import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GIVE_UP_AFTER_MS, decideDeliveryOutcome } from "../../src/core/digests/decide-delivery-outcome.js";
import type { MailResult } from "../../src/core/mail/ports.js";

const FIRST = new Date("2026-11-26T07:00:00Z");
const MINUTE_MS = 60_000;

function refused(code: number | null, enhancedCode: string | null, reply = "", beforeData = true): MailResult {
  return { outcome: "rejected", permanent: (code ?? 400) >= 500, code, enhancedCode, reply, beforeData };
}

function decide(result: MailResult, attempts = 1, minutesAfterFirst = 0) {
  return decideDeliveryOutcome(result, {
    attempts,
    firstAttemptAt: FIRST,
    now: new Date(FIRST.getTime() + minutesAfterFirst * MINUTE_MS),
  });
}

describe("decideDeliveryOutcome", () => {
  test("250 → sent, keeping the relay's reply", () => {
    assert.deepEqual(decide({ outcome: "sent", messageId: "m@x", reply: "250 2.0.0 Ok: queued as ABC" }), {
      status: "sent",
      reply: "250 2.0.0 Ok: queued as ABC",
    });
  });

  test("uncertain → uncertain, never retried", () => {
    assert.deepEqual(decide({ outcome: "uncertain", reason: "ECONNECTION" }), {
      status: "uncertain",
      reason: "ECONNECTION",
    });
  });

  test("4xx → deferred with backoff 5 min, 30 min, 2 h, 6 h, 6 h…", () => {
    const delays = [1, 2, 3, 4, 5].map((attempts) => {
      const decision = decide(refused(452, "4.2.2", "452 4.2.2 Mailbox full"), attempts);
      assert.equal(decision.status, "deferred");
      return decision.status === "deferred" ? (decision.nextAttemptAt.getTime() - FIRST.getTime()) / MINUTE_MS : -1;
    });
    assert.deepEqual(delays, [5, 30, 120, 360, 360]);
  });

  test("4xx past the 24-hour give-up → failed as a soft bounce, nobody suppressed", () => {
    const decision = decide(refused(452, "4.2.2"), 6, GIVE_UP_AFTER_MS / MINUTE_MS - 60);
    assert.equal(decision.status, "failed");
    assert.ok(decision.status === "failed");
    assert.equal(decision.bounce, "soft");
    assert.equal(decision.effects.suppressAddress, false);
    assert.equal(decision.lastCode, "452 4.2.2");
  });

  test("a refused connection or a 421 → deferred and counted toward the circuit breaker", () => {
    for (const result of [refused(null, null, "connect ECONNREFUSED"), refused(421, "4.3.2")]) {
      const decision = decide(result);
      assert.ok(decision.status === "deferred");
      assert.equal(decision.effects.connectionFailure, true);
    }
    const mailbox = decide(refused(452, "4.2.2"));
    assert.ok(mailbox.status === "deferred");
    assert.equal(mailbox.effects.connectionFailure, false);
  });

  test("5.1.x → failed, hard: subscription bounced and address suppressed", () => {
    const decision = decide(refused(550, "5.1.1", "550 5.1.1 User unknown"));
    assert.deepEqual(decision, {
      status: "failed",
      bounce: "hard",
      lastCode: "550 5.1.1",
      effects: { bounceSubscription: true, suppressAddress: true, pauseIssue: false, connectionFailure: false },
    });
  });

  test("5.7.x → the issue pauses and the delivery waits; nobody is suppressed or bounced", () => {
    const decision = decide(refused(550, "5.7.26", "550 5.7.26 Unauthenticated", false));
    assert.ok(decision.status === "deferred");
    assert.equal(decision.effects.pauseIssue, true);
    assert.equal(decision.effects.suppressAddress, false);
    assert.equal(decision.effects.bounceSubscription, false);
  });

  test("other permanent refusals fail the delivery without touching the subscription", () => {
    for (const result of [
      refused(552, "5.2.2", "552 5.2.2 Mailbox full"),
      refused(552, "5.3.4", "552 5.3.4 Too big"),
    ]) {
      const decision = decide(result);
      assert.ok(decision.status === "failed");
      assert.equal(decision.effects.bounceSubscription, false);
      assert.equal(decision.effects.suppressAddress, false);
    }
  });
});
