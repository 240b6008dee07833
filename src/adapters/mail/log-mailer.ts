import { randomUUID } from "node:crypto";
import type { MailResult, Mailer, OutgoingMail } from "../../core/mail/ports.js";
import type { Logger } from "../../lib/logger.js";
import { maskAddress, readAddressDomain } from "./mail-address.js";

/**
 * The mailer when no SMTP_URL is configured: every mail is "sent" as one log line. The line
 * never holds the body, links or headers, because those carry confirm and unsubscribe tokens
 * that would let anyone who reads the logs act for the recipient.
 */
export function createLogMailer(options: { readonly from: string; readonly logger: Logger }): Mailer {
  return {
    description: "log only",
    send: async (mail: OutgoingMail): Promise<MailResult> => {
      const messageId = mail.messageId ?? `${randomUUID()}@${readAddressDomain(mail.from ?? options.from)}`;
      options.logger.info(
        { event: "mail.logged", to: maskAddress(mail.to), subject: mail.subject, messageId },
        "mail not sent: no SMTP_URL configured",
      );
      return { outcome: "sent", messageId, reply: "logged, not sent" };
    },
    close: async () => undefined,
  };
}
