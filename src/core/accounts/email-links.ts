import type { AccountDeps } from "./account-deps.js";
import type { EmailTokenPurpose } from "./ports.js";

const HOUR_MS = 3_600_000;

/** How long a link sent by mail works. A reset link is short-lived: it is as good as the password. */
export const EMAIL_LINK_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify: 48 * HOUR_MS,
  change_email: 24 * HOUR_MS,
  reset: 1 * HOUR_MS,
};

/** Replaces the user's open links of this purpose with a new one; returns the secret for the mail. */
export async function issueEmailLink(
  deps: AccountDeps,
  userId: number,
  purpose: EmailTokenPurpose,
  email: string,
): Promise<string> {
  const now = deps.now();
  const { token, hash } = deps.tokens.create();
  await deps.store.emailTokens.retire(userId, purpose, now.toISOString());
  await deps.store.emailTokens.insert({
    userId,
    purpose,
    email,
    tokenHash: hash,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_MS[purpose]).toISOString(),
  });
  return token;
}

/** An unused, unexpired link of one of `purposes`, without using it up. */
export async function findEmailLink(deps: AccountDeps, token: string, purposes: readonly EmailTokenPurpose[]) {
  const link = await deps.store.emailTokens.findUsable(deps.tokens.hash(token), deps.now().toISOString());
  return link !== null && purposes.includes(link.purpose) ? link : null;
}

/** Uses the link up (once: a second request with it gets null). */
export async function consumeEmailLink(deps: AccountDeps, token: string, purposes: readonly EmailTokenPurpose[]) {
  const link = await findEmailLink(deps, token, purposes);
  if (link === null) return null;
  return (await deps.store.emailTokens.consume(link.id, deps.now().toISOString())) ? link : null;
}
