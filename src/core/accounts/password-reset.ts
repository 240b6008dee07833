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

export type ChangePasswordResult =
  | { kind: "password-changed"; sessionToken: string }
  | { kind: "wrong-password" }
  | { kind: "no-such-user" }
  | Throttled;

const MAIL_RULES = { perIp: THROTTLE_RULES.mailPerIp, perAccount: THROTTLE_RULES.mailPerAccount };
const RESET_LINKS = ["reset"] as const;

export function createPasswordReset(deps: AccountDeps, auth: Authentication) {
  return {
    /** "mail-sent" whether or not the address has an account (only an account gets mail). */
    async requestPasswordReset(email: string, client: ClientInfo): Promise<"mail-sent" | Throttled> {
      const throttled = await admitAttempt(deps, throttleKeys(deps, "mail", client.ip, email, MAIL_RULES));
      if (throttled) return throttled;
      const user = await deps.store.users.findByEmail(email);
      if (user !== null) {
        deps.notifier.sendPasswordReset(
          user.email,
          user.handle,
          await issueEmailLink(deps, user.id, "reset", user.email),
        );
      }
      return "mail-sent";
    },

    async isResetLinkUsable(token: string): Promise<boolean> {
      return (await findEmailLink(deps, token, RESET_LINKS)) !== null;
    },

    /**
     * Sets the password and signs the account out everywhere (whoever knew the old
     * password loses their sessions). Following the link also proves the address, and
     * lifts the wait that wrong passwords put on the account.
     */
    async resetPassword(token: string, newPassword: string): Promise<"password-set" | "invalid-link"> {
      const link = await consumeEmailLink(deps, token, RESET_LINKS);
      const user = link === null ? null : await deps.store.users.findById(link.userId);
      if (link === null || user === null || user.email !== link.email) return "invalid-link";
      const now = deps.now().toISOString();
      await deps.store.users.updatePassword(user.id, await deps.passwords.hash(newPassword), now);
      if (user.emailVerifiedAt === null) await deps.store.users.markEmailVerified(user.id, user.email, now);
      await deps.store.sessions.deleteAllForUser(user.id, null);
      // The mailbox's owner is back in control: guesses made against the account stop counting.
      await deps.store.throttle.clear(accountThrottleKey(deps, "login", user.email));
      return "password-set";
    },

    /**
     * Ends every session of the account, the one that asked included, and starts a new one
     * for it: whoever shared the old session id (or knew the old password) is signed out.
     */
    async changePassword(
      userId: number,
      current: string,
      next: string,
      client: ClientInfo,
    ): Promise<ChangePasswordResult> {
      const user = await deps.store.users.findById(userId);
      if (user === null) return { kind: "no-such-user" };
      const check = await auth.checkPassword(user, current, client);
      if (check === "wrong") return { kind: "wrong-password" };
      if (check !== "ok") return check;
      await deps.store.users.updatePassword(user.id, await deps.passwords.hash(next), deps.now().toISOString());
      await deps.store.sessions.deleteAllForUser(user.id, null);
      return { kind: "password-changed", sessionToken: await auth.startSession(user, client) };
    },
  };
}
