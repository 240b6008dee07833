import { randomUUID } from "node:crypto";
import { createTransport } from "nodemailer";
import type { MailResult, Mailer, OutgoingMail } from "../../core/mail/ports.js";
import type { Logger } from "../../lib/logger.js";
import { maskAddress, readAddressDomain } from "./mail-address.js";
import { readSmtpFailure, type SmtpFailure } from "./read-smtp-failure.js";

export interface DkimKey {
  /** The d= domain; DMARC passes when it aligns with the From domain. */
  readonly domainName: string;
  /** The s= selector: the public key is published at `<selector>._domainkey.<domain>`. */
  readonly keySelector: string;
  /** PEM private key (RSA-2048 or ed25519). */
  readonly privateKey: string;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465. */
  readonly url: string;
  /** Header From when a mail names none, e.g. `"Paperboy" <digest@example.org>`. */
  readonly from: string;
  readonly dkim?: DkimKey;
  readonly logger: Logger;
  /** Open connections to the relay; 3–5 is the sweet spot on 2 cores (email.md §3.4). */
  readonly maxConnections?: number;
  /** Messages per second at most, for relays that throttle; unlimited when omitted. */
  readonly maxMessagesPerSecond?: number;
  readonly timeouts?: Partial<SmtpTimeouts>;
}

export interface SmtpTimeouts {
  readonly connectMs: number;
  readonly greetingMs: number;
  /** Silence allowed on an open connection, including the wait for the reply after the final dot. */
  readonly socketMs: number;
}

const DEFAULT_MAX_CONNECTIONS = 3;
const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };
/** A pooled connection is replaced after this many messages (nodemailer's default). */
const MESSAGES_PER_CONNECTION = 100;

/**
 * Headers covered by the DKIM signature. Both List-Unsubscribe and List-Unsubscribe-Post
 * must be signed, or Gmail and Yahoo ignore one-click unsubscribe.
 * @see https://www.rfc-editor.org/rfc/rfc8058#section-4
 */
export const DKIM_SIGNED_HEADERS = [
  "From",
  "Sender",
  "Reply-To",
  "Subject",
  "Date",
  "Message-ID",
  "To",
  "Cc",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
  "In-Reply-To",
  "References",
  "List-Id",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "Feedback-ID",
].join(":");

/**
 * Sends through one pooled nodemailer transporter for the whole process, DKIM-signing when a
 * key is given, and turns every outcome into a `MailResult` (see read-smtp-failure.ts).
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const transporter = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxMessages: MESSAGES_PER_CONNECTION,
    // The pool would otherwise resend a message whose connection closed mid-send: a duplicate
    // when the server had in fact accepted it. The outbox decides about retries instead.
    maxRequeues: 0,
    ...(options.maxMessagesPerSecond === undefined ? {} : { rateLimit: options.maxMessagesPerSecond, rateDelta: 1000 }),
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    ...(options.dkim === undefined ? {} : { dkim: { ...options.dkim, headerFieldNames: DKIM_SIGNED_HEADERS } }),
  });
  const description = describeSmtpUrl(options.url);
  return {
    description,
    send: (mail) => sendMail(transporter, options, mail),
    close: async () => transporter.close(),
  };
}

type Transporter = ReturnType<typeof createTransport>;

async function sendMail(transporter: Transporter, options: SmtpMailerOptions, mail: OutgoingMail): Promise<MailResult> {
  const from = mail.from ?? options.from;
  const messageId = mail.messageId ?? `${randomUUID()}@${readAddressDomain(from)}`;
  try {
    const info = (await transporter.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html === undefined ? {} : { html: mail.html }),
      headers: { ...mail.headers },
      messageId: `<${messageId}>`,
      ...(mail.envelopeFrom === undefined ? {} : { envelope: { from: mail.envelopeFrom, to: mail.to } }),
    })) as { response?: string };
    const result: MailResult = { outcome: "sent", messageId, reply: info.response ?? "" };
    options.logger.debug({ event: "mail.sent", to: maskAddress(mail.to), messageId }, "mail sent");
    return result;
  } catch (error) {
    const result = readSmtpFailure(error as SmtpFailure);
    options.logger.warn(
      { event: `mail.${result.outcome}`, to: maskAddress(mail.to), messageId, result },
      "mail not sent",
    );
    return result;
  }
}

/** "smtp://relay.example.org:587", without the user name or password. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port === "" ? "" : `:${parsed.port}`}`;
  } catch {
    return "smtp (unparsable URL)";
  }
}
