import type { Session } from "./ports.js";

/**
 * When a session ends. It ends after `idleDays` without a request, or `maxDays` after
 * sign-in however active it is: a stolen cookie stops working eventually.
 */
export interface SessionPolicy {
  readonly idleDays: number;
  readonly maxDays: number;
}

const DAY_MS = 86_400_000;
/** last_seen_at is written at most this often, so a page view is not a database write. */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60_000;

export function sessionExpiresAt(createdAt: Date, policy: SessionPolicy): Date {
  return new Date(createdAt.getTime() + policy.maxDays * DAY_MS);
}

/** The oldest last_seen_at a live session can have at `now`. */
export function idleCutoff(now: Date, policy: SessionPolicy): Date {
  return new Date(now.getTime() - policy.idleDays * DAY_MS);
}

export function isSessionLive(session: Session, now: Date, policy: SessionPolicy): boolean {
  return (
    Date.parse(session.expiresAt) > now.getTime() && Date.parse(session.lastSeenAt) > idleCutoff(now, policy).getTime()
  );
}

export function shouldTouchSession(session: Session, now: Date): boolean {
  return now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS;
}
