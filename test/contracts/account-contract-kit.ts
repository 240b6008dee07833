import type { AccountStorage, NewUser, User } from "../../src/core/accounts/ports.js";

/** A fixed clock for the account suites; the milliseconds check that times keep them. */
export const T0 = new Date("2026-11-26T10:00:00.123Z");

/** T0 plus `n` minutes, as the ISO 8601 UTC string the port speaks. */
export const minutesAfter = (n: number): string => new Date(T0.getTime() + n * 60_000).toISOString();

export function newUser(handle: string, overrides: Partial<NewUser> = {}): NewUser {
  return {
    email: `${handle}@example.org`,
    handle,
    displayName: handle.toUpperCase(),
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${handle}`,
    role: "user",
    emailVerifiedAt: null,
    createdAt: T0.toISOString(),
    ...overrides,
  };
}

/** Inserts a user that must not collide with another. */
export async function addUser(accounts: AccountStorage, handle: string, overrides: Partial<NewUser> = {}) {
  const user = await accounts.users.insert(newUser(handle, overrides));
  if (!user) throw new Error(`fixture user ${handle} collided`);
  return user satisfies User;
}

/** A session of `userId` whose token hash is `hash`, seen `seenMinutes` after T0. */
export function sessionOf(userId: number, hash: string, seenMinutes = 0) {
  return {
    userId,
    tokenHash: hash,
    createdAt: T0.toISOString(),
    lastSeenAt: minutesAfter(seenMinutes),
    expiresAt: minutesAfter(60 * 24 * 60),
    userAgent: "Firefox on Linux",
    ip: "203.0.113.9",
  };
}
