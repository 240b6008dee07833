import {
  type AccountDeps,
  type ClientInfo,
  type Throttled,
  accountThrottleKey,
  admitAttempt,
  throttleKeys,
} from "./account-deps.js";
import type { Authentication } from "./authentication.js";
import { consumeEmailLink, findEmailLink, issueEmailLink } from "./email-links.js";
import { THROTTLE_RULES } from "./throttle-policy.js";

export interface SignUpInput {
  readonly email: string;
  readonly handle: string;
  readonly displayName: string;
  readonly password: string;
}

/**
 * "mail-sent" whether the address was new (a verification link) or already had an account
 * (a "you already have an account" mail): the answer never tells which.
 */
export type SignUpResult = { kind: "mail-sent" } | { kind: "handle-taken" } | Throttled;

export type ConfirmAddressResult =
  | { kind: "confirmed"; email: string; purpose: "verify" | "change_email" }
  | { kind: "invalid-link" }
  | { kind: "address-taken" };

export type ChangeEmailResult =
  { kind: "mail-sent" } | { kind: "wrong-password" } | { kind: "same-address" } | { kind: "no-such-user" } | Throttled;

const ADDRESS_LINKS = ["verify", "change_email"] as const;
const MAIL_RULES = { perIp: THROTTLE_RULES.mailPerIp, perAccount: THROTTLE_RULES.mailPerAccount };

export function createRegistration(deps: AccountDeps, auth: Authentication) {
  return {
    async signUp(input: SignUpInput, client: ClientInfo): Promise<SignUpResult> {
      if ((await deps.store.users.findByHandle(input.handle)) !== null) return { kind: "handle-taken" };
      // Per IP: sign-ups; per address: every account mail it gets (sign-up, reset, change), one budget.
      const throttled = await admitAttempt(deps, [
        { key: `signup:ip:${client.ip}`, rule: THROTTLE_RULES.signUpPerIp },
        { key: accountThrottleKey(deps, "mail", input.email), rule: THROTTLE_RULES.mailPerAccount },
      ]);
      if (throttled) return throttled;
      // Hashed whether or not the address is new, so both answers take as long.
      const passwordHash = await deps.passwords.hash(input.password);
      const user = await deps.store.users.insert({
        email: input.email,
        handle: input.handle,
        displayName: input.displayName,
        passwordHash,
        role: "user",
        emailVerifiedAt: null,
        createdAt: deps.now().toISOString(),
      });
      if (user === null) {
        if ((await deps.store.users.findByHandle(input.handle)) !== null) return { kind: "handle-taken" };
        deps.notifier.sendAlreadyRegistered(input.email);
        return { kind: "mail-sent" };
      }
      deps.notifier.sendVerifyAddress(
        user.email,
        user.handle,
        await issueEmailLink(deps, user.id, "verify", user.email),
      );
      return { kind: "mail-sent" };
    },

    /** What a verification or change-of-address link would confirm, without using it. */
    async peekAddressLink(token: string): Promise<{ email: string; purpose: "verify" | "change_email" } | null> {
      const link = await findEmailLink(deps, token, ADDRESS_LINKS);
      return link === null ? null : { email: link.email, purpose: link.purpose as "verify" | "change_email" };
    },

    async confirmAddress(token: string): Promise<ConfirmAddressResult> {
      const link = await consumeEmailLink(deps, token, ADDRESS_LINKS);
      const user = link === null ? null : await deps.store.users.findById(link.userId);
      if (link === null || user === null) return { kind: "invalid-link" };
      const now = deps.now().toISOString();
      if (link.purpose === "verify") {
        if (user.email !== link.email) return { kind: "invalid-link" };
        await deps.store.users.markEmailVerified(user.id, link.email, now);
        return { kind: "confirmed", email: link.email, purpose: "verify" };
      }
      if (!(await deps.store.users.updateEmail(user.id, link.email, now, now))) return { kind: "address-taken" };
      deps.notifier.sendEmailChanged(user.email, user.handle, link.email);
      return { kind: "confirmed", email: link.email, purpose: "change_email" };
    },

    /** Sends a new verification link to a signed-in user whose address is not confirmed yet. */
    async resendVerification(
      userId: number,
      client: ClientInfo,
    ): Promise<"mail-sent" | "already-verified" | Throttled> {
      const user = await deps.store.users.findById(userId);
      if (user === null || user.emailVerifiedAt !== null) return "already-verified";
      const throttled = await admitAttempt(deps, throttleKeys(deps, "mail", client.ip, user.email, MAIL_RULES));
      if (throttled) return throttled;
      deps.notifier.sendVerifyAddress(
        user.email,
        user.handle,
        await issueEmailLink(deps, user.id, "verify", user.email),
      );
      return "mail-sent";
    },

    /**
     * Sends a confirmation link to the new address; the account keeps the old one until it
     * is followed. A new address that already has an account gets the "already registered"
     * mail instead, and the answer is the same.
     */
    async requestEmailChange(
      userId: number,
      password: string,
      newEmail: string,
      client: ClientInfo,
    ): Promise<ChangeEmailResult> {
      const user = await deps.store.users.findById(userId);
      if (user === null) return { kind: "no-such-user" };
      const check = await auth.checkPassword(user, password, client);
      if (check === "wrong") return { kind: "wrong-password" };
      if (check !== "ok") return check;
      if (newEmail === user.email) return { kind: "same-address" };
      const throttled = await admitAttempt(deps, throttleKeys(deps, "mail", client.ip, newEmail, MAIL_RULES));
      if (throttled) return throttled;
      if ((await deps.store.users.findByEmail(newEmail)) !== null) {
        deps.notifier.sendAlreadyRegistered(newEmail);
        return { kind: "mail-sent" };
      }
      const token = await issueEmailLink(deps, user.id, "change_email", newEmail);
      deps.notifier.sendConfirmNewAddress(newEmail, user.handle, token);
      return { kind: "mail-sent" };
    },
  };
}
