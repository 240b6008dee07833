import type { MailResult } from "../mail/ports.js";
import { classifyRefusal, type RefusalKind } from "./classify-refusal.js";

/**
 * Where a delivery (one row of the outbox) goes after one send attempt.
 * - sent: done, keep the relay's reply (it holds the queue id);
 * - deferred: try again at `nextAttemptAt` (the same Message-ID is reused);
 * - failed: never again; `bounce` says why, `effects` what else must change;
 * - uncertain: the message may have arrived; never resent automatically, because one
 *   missed digest is better than a duplicate.
 */
export type DeliveryDecision =
  | { readonly status: "sent"; readonly reply: string }
  | {
      readonly status: "deferred";
      readonly nextAttemptAt: Date;
      readonly lastCode: string;
      readonly effects: DeliveryEffects;
    }
  | {
      readonly status: "failed";
      readonly bounce: RefusalKind;
      readonly lastCode: string;
      readonly effects: DeliveryEffects;
    }
  | { readonly status: "uncertain"; readonly reason: string };

export interface DeliveryEffects {
  /** The subscription becomes `bounced` (hard bounce). */
  readonly bounceSubscription: boolean;
  /** The address goes on the global suppression list (hard bounce). */
  readonly suppressAddress: boolean;
  /** Stop the whole issue and tell the operator: the receiver refuses our mail, not this address. */
  readonly pauseIssue: boolean;
  /** The relay or network failed rather than the recipient: counts toward the circuit breaker. */
  readonly connectionFailure: boolean;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Waits after the 1st, 2nd, 3rd… temporary refusal; the last one repeats (email.md §4.4). */
export const RETRY_DELAYS_MS = [5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 6 * HOUR_MS] as const;
/** A delivery still refused this long after its first attempt fails as a soft bounce. */
export const GIVE_UP_AFTER_MS = 24 * HOUR_MS;

const NO_EFFECTS: DeliveryEffects = {
  bounceSubscription: false,
  suppressAddress: false,
  pauseIssue: false,
  connectionFailure: false,
};

export interface AttemptContext {
  /** Attempts made so far, this one included (1 on the first). */
  readonly attempts: number;
  readonly firstAttemptAt: Date;
  readonly now: Date;
}

export function decideDeliveryOutcome(result: MailResult, context: AttemptContext): DeliveryDecision {
  if (result.outcome === "sent") return { status: "sent", reply: result.reply };
  if (result.outcome === "uncertain") return { status: "uncertain", reason: result.reason };
  const kind = classifyRefusal(result);
  const lastCode = formatLastCode(result.code, result.enhancedCode);
  switch (kind) {
    case "temporary":
      // No reply code at all: the relay was unreachable, not the recipient's server refusing.
      return retryOrGiveUp(lastCode, context, {
        ...NO_EFFECTS,
        connectionFailure: result.code === null || result.code === 421,
      });
    case "hard":
      return {
        status: "failed",
        bounce: kind,
        lastCode,
        effects: { ...NO_EFFECTS, bounceSubscription: true, suppressAddress: true },
      };
    case "policy":
      // Held, not failed: once the operator fixes authentication and resumes the issue,
      // this recipient still gets the digest.
      return {
        status: "deferred",
        nextAttemptAt: nextAttemptAt(context),
        lastCode,
        effects: { ...NO_EFFECTS, pauseIssue: true },
      };
    case "soft":
    case "other":
      return { status: "failed", bounce: kind, lastCode, effects: NO_EFFECTS };
  }
}

function retryOrGiveUp(lastCode: string, context: AttemptContext, effects: DeliveryEffects): DeliveryDecision {
  const next = nextAttemptAt(context);
  if (next.getTime() - context.firstAttemptAt.getTime() > GIVE_UP_AFTER_MS) {
    return { status: "failed", bounce: "soft", lastCode, effects };
  }
  return { status: "deferred", nextAttemptAt: next, lastCode, effects };
}

function nextAttemptAt(context: AttemptContext): Date {
  const index = Math.min(Math.max(context.attempts, 1), RETRY_DELAYS_MS.length) - 1;
  return new Date(context.now.getTime() + RETRY_DELAYS_MS[index]!);
}

/** "452 4.2.2", "421", or "-" when there was no reply (refused connection). */
export function formatLastCode(code: number | null, enhancedCode: string | null): string {
  if (code === null) return "-";
  return enhancedCode === null ? String(code) : `${code} ${enhancedCode}`;
}
