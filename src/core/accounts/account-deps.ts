import type { AccountNotifier, AccountStorage, PasswordHasher, SecretTokens } from "./ports.js";
import type { SessionPolicy } from "./session-policy.js";
import { THROTTLE_FORGET_AFTER_MS, type ThrottleRule, recordHit, secondsUntilAllowed } from "./throttle-policy.js";

/** What every accounts operation is built from; wired in src/app.ts. */
export interface AccountDeps {
  readonly store: AccountStorage;
  readonly passwords: PasswordHasher;
  readonly tokens: SecretTokens;
  readonly notifier: AccountNotifier;
  readonly sessionPolicy: SessionPolicy;
  readonly now: () => Date;
}

/** Too many attempts: answer 429 with Retry-After. */
export interface Throttled {
  readonly kind: "throttled";
  readonly retryAfterSeconds: number;
}

/** Where a request comes from, for limits and the sessions page. */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string;
}

export interface ThrottleKey {
  readonly key: string;
  readonly rule: ThrottleRule;
}

/** Keys for an action per client address and per email address (hashed: no address is kept). */
export function throttleKeys(
  deps: AccountDeps,
  action: string,
  ip: string,
  email: string,
  rules: { perIp: ThrottleRule; perAccount: ThrottleRule },
): ThrottleKey[] {
  return [
    { key: `${action}:ip:${ip}`, rule: rules.perIp },
    { key: accountThrottleKey(deps, action, email), rule: rules.perAccount },
  ];
}

/** The per-address key of an action: a SHA-256 prefix, so the table holds no address. */
export function accountThrottleKey(deps: AccountDeps, action: string, email: string): string {
  return `${action}:email:${deps.tokens.hash(email).slice(0, 32)}`;
}

/** The longest wait any key imposes now, or null when all accept an attempt. */
export async function checkThrottle(deps: AccountDeps, keys: readonly ThrottleKey[]): Promise<Throttled | null> {
  const now = deps.now();
  let wait = 0;
  for (const { key } of keys) wait = Math.max(wait, secondsUntilAllowed(await deps.store.throttle.read(key), now));
  return wait > 0 ? { kind: "throttled", retryAfterSeconds: wait } : null;
}

export async function countAttempt(deps: AccountDeps, keys: readonly ThrottleKey[]): Promise<void> {
  const now = deps.now();
  for (const { key, rule } of keys) await deps.store.throttle.update(key, (state) => recordHit(state, rule, now));
}

/** Checks, then counts the attempt: for actions limited however they turn out (mail sends). */
export async function admitAttempt(deps: AccountDeps, keys: readonly ThrottleKey[]): Promise<Throttled | null> {
  const throttled = await checkThrottle(deps, keys);
  if (throttled) return throttled;
  await countAttempt(deps, keys);
  return null;
}

/** Drops throttle rows, sessions and mail links nobody can use any more. */
export async function sweepExpired(deps: AccountDeps, idleCutoffAt: Date): Promise<void> {
  const now = deps.now();
  const forgetBefore = new Date(now.getTime() - THROTTLE_FORGET_AFTER_MS).toISOString();
  await deps.store.throttle.deleteIdleSince(forgetBefore);
  await deps.store.sessions.deleteExpired(idleCutoffAt.toISOString(), now.toISOString());
  // Kept a day past expiry, so "this link has expired" is still known for a while (same answer either way).
  await deps.store.emailTokens.deleteExpired(forgetBefore);
}
