import type { DeliveryDecision } from "./decide-delivery-outcome.js";

/**
 * Stops sending an issue when the relay or the receivers are clearly refusing us, before
 * the whole audience piles up retries (listmonk's max_send_errors is the same idea). A
 * 5.7.x policy refusal pauses at once through its decision's `pauseIssue`; this adds the
 * slow signs: a relay that keeps failing, or too many refusals overall.
 */
export interface BreakerState {
  readonly consecutiveConnectionFailures: number;
  /** The latest outcomes, newest last: true for anything but `sent`. */
  readonly recent: readonly boolean[];
}

/** Connection failures in a row (refused, greeting 421) after which the relay counts as down. */
export const MAX_CONSECUTIVE_CONNECTION_FAILURES = 20;
/** The error rate is judged over this many of the latest outcomes… */
export const ERROR_RATE_WINDOW = 200;
/** …and stops the issue above this share (0.1 = 10 %). */
export const MAX_ERROR_RATE = 0.1;

export const CLOSED_BREAKER: BreakerState = { consecutiveConnectionFailures: 0, recent: [] };

export function trackDeliveryDecision(state: BreakerState, decision: DeliveryDecision): BreakerState {
  const isConnectionFailure = decision.status === "deferred" && decision.effects.connectionFailure;
  return {
    consecutiveConnectionFailures: isConnectionFailure ? state.consecutiveConnectionFailures + 1 : 0,
    recent: [...state.recent, decision.status !== "sent"].slice(-ERROR_RATE_WINDOW),
  };
}

/** Why the issue must stop, or null to keep sending. */
export function readBreakerTrip(state: BreakerState): string | null {
  if (state.consecutiveConnectionFailures > MAX_CONSECUTIVE_CONNECTION_FAILURES) {
    return `${state.consecutiveConnectionFailures} connection failures in a row`;
  }
  // Judged on a full window only: 3 errors in the first 10 mails say little.
  if (state.recent.length < ERROR_RATE_WINDOW) return null;
  const errors = state.recent.filter(Boolean).length;
  return errors / state.recent.length > MAX_ERROR_RATE
    ? `${errors} of the last ${state.recent.length} mails not sent`
    : null;
}
