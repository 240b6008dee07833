import type { AccountNotifier } from "../../core/accounts/ports.js";
import { EMAIL_LINK_TTL_MS } from "../../core/accounts/email-links.js";
import type { Mailer } from "../../core/mail/ports.js";
import type { Logger } from "../../lib/logger.js";
import { type AccountMailKind, renderAccountMail } from "./account-mails.js";

const HOUR_MS = 3_600_000;

/** Where the links in account mail lead (the pages in src/delivery/web/account-*). */
export const ACCOUNT_LINK_PATHS = { verify: "/verify", reset: "/reset", login: "/login" } as const;

export interface AccountMailNotifier extends AccountNotifier {
  /** Waits for mail still being handed to the relay (before the mailer closes). */
  drain(): Promise<void>;
}

/**
 * Sends account mail through the Mailer in the background, so an answer never waits for
 * (or reveals by its timing) a mail. Secrets ride in the query string, not the path: request
 * log lines carry the path only. Failures are logged without address, link or body.
 */
export function createAccountMailNotifier(options: {
  mailer: Mailer;
  publicUrl: string;
  logger: Logger;
}): AccountMailNotifier {
  const pending = new Set<Promise<void>>();
  const link = (path: string, token?: string) =>
    `${options.publicUrl}${path}${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;

  function send(to: string, mail: AccountMailKind): void {
    const rendered = renderAccountMail(mail);
    const task = options.mailer.send({ to, ...rendered }).then(
      (result) => {
        if (result.outcome !== "sent") {
          options.logger.warn(
            { event: "account-mail.failed", kind: mail.kind, outcome: result.outcome },
            "account mail not sent",
          );
        }
      },
      (error: Error) => {
        options.logger.error(
          { event: "account-mail.failed", kind: mail.kind, err: { name: error.name } },
          "account mail not sent",
        );
      },
    );
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  const hours = (purpose: keyof typeof EMAIL_LINK_TTL_MS) => EMAIL_LINK_TTL_MS[purpose] / HOUR_MS;
  return {
    sendVerifyAddress: (to, handle, token) =>
      send(to, {
        kind: "verify-address",
        handle,
        link: link(ACCOUNT_LINK_PATHS.verify, token),
        validHours: hours("verify"),
      }),
    sendConfirmNewAddress: (to, handle, token) =>
      send(to, {
        kind: "confirm-new-address",
        handle,
        link: link(ACCOUNT_LINK_PATHS.verify, token),
        validHours: hours("change_email"),
      }),
    sendPasswordReset: (to, handle, token) =>
      send(to, {
        kind: "password-reset",
        handle,
        link: link(ACCOUNT_LINK_PATHS.reset, token),
        validHours: hours("reset"),
      }),
    sendEmailChanged: (to, handle, newEmail) =>
      send(to, { kind: "email-changed", handle, newEmail, resetLink: link(ACCOUNT_LINK_PATHS.reset) }),
    sendAlreadyRegistered: (to) =>
      send(to, {
        kind: "already-registered",
        loginLink: link(ACCOUNT_LINK_PATHS.login),
        resetLink: link(ACCOUNT_LINK_PATHS.reset),
      }),
    async drain() {
      await Promise.allSettled([...pending]);
    },
  };
}
