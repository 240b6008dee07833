import assert from "node:assert/strict";
import { test } from "node:test";
import type { DeliveryDecision } from "../../src/core/digests/decide-delivery-outcome.js";
import {
  CLOSED_BREAKER,
  ERROR_RATE_WINDOW,
  readBreakerTrip,
  trackDeliveryDecision,
  type BreakerState,
} from "../../src/core/digests/issue-circuit-breaker.js";

const NO_EFFECTS = { bounceSubscription: false, suppressAddress: false, pauseIssue: false, connectionFailure: false };
const SENT: DeliveryDecision = { status: "sent", reply: "250 ok" };
const REFUSED_CONNECTION: DeliveryDecision = {
  status: "deferred",
  nextAttemptAt: new Date(0),
  lastCode: "-",
  effects: { ...NO_EFFECTS, connectionFailure: true },
};
const MAILBOX_FULL: DeliveryDecision = { status: "failed", bounce: "soft", lastCode: "552 5.2.2", effects: NO_EFFECTS };

function track(decisions: DeliveryDecision[], state: BreakerState = CLOSED_BREAKER): BreakerState {
  return decisions.reduce(trackDeliveryDecision, state);
}

test("21 connection failures in a row trip the breaker; one success resets the count", () => {
  assert.equal(readBreakerTrip(track(Array(20).fill(REFUSED_CONNECTION))), null);
  assert.match(readBreakerTrip(track(Array(21).fill(REFUSED_CONNECTION))) ?? "", /21 connection failures/);
  assert.equal(readBreakerTrip(track([...Array(20).fill(REFUSED_CONNECTION), SENT, REFUSED_CONNECTION])), null);
});

test("more than 10 % refusals over the last 200 mails trip it; exactly 10 % does not", () => {
  const ten = [...Array(20).fill(MAILBOX_FULL), ...Array(180).fill(SENT)];
  assert.equal(readBreakerTrip(track(ten)), null);
  const eleven = [...Array(21).fill(MAILBOX_FULL), ...Array(179).fill(SENT)];
  assert.match(readBreakerTrip(track(eleven)) ?? "", /21 of the last 200/);
});

test("the error rate waits for a full window and forgets what scrolled out of it", () => {
  assert.equal(readBreakerTrip(track(Array(50).fill(MAILBOX_FULL))), null);
  const old = track([...Array(100).fill(MAILBOX_FULL), ...Array(ERROR_RATE_WINDOW).fill(SENT)]);
  assert.equal(old.recent.length, ERROR_RATE_WINDOW);
  assert.equal(readBreakerTrip(old), null);
});
