import type { Mailer } from "../../core/mail/ports.js";
import type { Logger } from "../../lib/logger.js";
import { createLogMailer } from "./log-mailer.js";
import { createSmtpMailer, type DkimKey, type SmtpTimeouts } from "./smtp-mailer.js";

export type { DkimKey, SmtpTimeouts } from "./smtp-mailer.js";

export interface MailerOptions {
  /** The relay, e.g. smtp://127.0.0.1:2525; null logs every mail instead of sending it. */
  readonly smtpUrl: string | null;
  /** Header From when a mail names none (MAIL_FROM). */
  readonly from: string;
  readonly dkim?: DkimKey;
  readonly logger: Logger;
  readonly maxConnections?: number;
  readonly maxMessagesPerSecond?: number;
  readonly timeouts?: Partial<SmtpTimeouts>;
}

/** The process's one Mailer, built at the application edge from already validated settings. */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl === null) return createLogMailer({ from: options.from, logger: options.logger });
  return createSmtpMailer({ ...options, url: options.smtpUrl });
}
