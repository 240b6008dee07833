/**
 * The one way mail leaves Paperboy. Accounts (verification, password reset) and digests
 * (subscription confirmations, issues) both send through a `Mailer`; adapters live in
 * src/adapters/mail (SMTP through nodemailer, and a log-only mailer when no SMTP_URL is set).
 */

export interface OutgoingMail {
  readonly to: string;
  /** Header From; the mailer's configured MAIL_FROM when omitted. */
  readonly from?: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers (List-Unsubscribe, List-Id, Feedback-ID…), written as given. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Message-ID without angle brackets; the mailer makes one when omitted. */
  readonly messageId?: string;
  /** SMTP envelope sender (MAIL FROM), e.g. a VERP address `bounce+<delivery id>@host`. */
  readonly envelopeFrom?: string;
}

/**
 * What the receiving server said. `uncertain` means the message may have been accepted
 * (the connection broke after the final dot): callers must not send it again.
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.2 (reply codes)
 * @see https://www.rfc-editor.org/rfc/rfc3463 (enhanced status codes, e.g. 5.1.1)
 */
export type MailResult =
  | { readonly outcome: "sent"; readonly messageId: string; readonly reply: string }
  | {
      readonly outcome: "rejected";
      /** 4xx: try again later; 5xx: do not. */
      readonly permanent: boolean;
      readonly code: number | null;
      /** "5.1.1" when the server gave one. */
      readonly enhancedCode: string | null;
      readonly reply: string;
      /** The refusal came before the message was handed over (connect, greeting, auth, MAIL, RCPT). */
      readonly beforeData: boolean;
    }
  | { readonly outcome: "uncertain"; readonly reason: string };

export interface Mailer {
  /** Never throws for a refusal or a network failure: those are results. */
  send(mail: OutgoingMail): Promise<MailResult>;
  /** A short description for logs and `paperboy doctor`, e.g. "smtp://127.0.0.1:2525" or "log only". */
  readonly description: string;
  close(): Promise<void>;
}
