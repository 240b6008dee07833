import type { ThrottleState } from "./ports.js";

/**
 * Limits with exponential backoff. Each rule lets `freeHits` attempts through; after that
 * every further attempt is still answered but blocks the key for `baseDelayMs`, doubling
 * with each attempt up to `maxDelayMs`. A key left alone for `quietMs` starts over.
 */
export interface ThrottleRule {
  readonly freeHits: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly quietMs: number;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** What is counted, and per what. Keys are `<action>:<ip|email>:<value>`. */
export const THROTTLE_RULES = {
  /** Wrong passwords from one address: generous, since many people can share an IP (NAT). */
  loginPerIp: { freeHits: 20, baseDelayMs: 2 * SECOND_MS, maxDelayMs: 15 * MINUTE_MS, quietMs: HOUR_MS },
  /** Wrong passwords for one account, from anywhere: slows a distributed guess. */
  loginPerAccount: { freeHits: 5, baseDelayMs: 30 * SECOND_MS, maxDelayMs: HOUR_MS, quietMs: HOUR_MS },
  signUpPerIp: { freeHits: 5, baseDelayMs: MINUTE_MS, maxDelayMs: 6 * HOUR_MS, quietMs: HOUR_MS },
  /** Mail sends (verification, reset, "already registered") per address: protects the inbox. */
  mailPerAccount: { freeHits: 3, baseDelayMs: 5 * MINUTE_MS, maxDelayMs: 6 * HOUR_MS, quietMs: HOUR_MS },
  mailPerIp: { freeHits: 10, baseDelayMs: MINUTE_MS, maxDelayMs: 6 * HOUR_MS, quietMs: HOUR_MS },
} as const satisfies Record<string, ThrottleRule>;

/** Throttle rows untouched this long are deleted: every rule's quiet period is shorter. */
export const THROTTLE_FORGET_AFTER_MS = 24 * HOUR_MS;

/** Whole seconds until the key accepts attempts again; 0 when it does now. */
export function secondsUntilAllowed(state: ThrottleState | null, now: Date): number {
  if (state === null || state.blockedUntil === null) return 0;
  const waitMs = Date.parse(state.blockedUntil) - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / SECOND_MS) : 0;
}

/** The state after one more attempt at `now`. */
export function recordHit(state: ThrottleState | null, rule: ThrottleRule, now: Date): ThrottleState {
  const at = now.toISOString();
  const startsOver = state === null || now.getTime() - Date.parse(state.lastHitAt) >= rule.quietMs;
  const hits = startsOver ? 1 : state.hits + 1;
  const over = hits - rule.freeHits;
  const blockedUntil =
    over > 0
      ? new Date(now.getTime() + Math.min(rule.baseDelayMs * 2 ** (over - 1), rule.maxDelayMs)).toISOString()
      : null;
  return { hits, firstHitAt: startsOver ? at : state.firstHitAt, lastHitAt: at, blockedUntil };
}
