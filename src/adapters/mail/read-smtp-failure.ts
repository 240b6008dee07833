import type { MailResult } from "../../core/mail/ports.js";

/**
 * The fields nodemailer puts on the error of a failed send (its `NodemailerError`), all
 * optional because which ones are present depends on where the session failed.
 */
export interface SmtpFailure {
  readonly message?: string;
  /** nodemailer's step code: EENVELOPE (MAIL/RCPT/DATA command), EMESSAGE (after the final dot), ECONNECTION… */
  readonly code?: string;
  readonly responseCode?: number;
  /** The server's reply line, e.g. "550 5.1.1 <a@example.net>: User unknown". */
  readonly response?: string;
  /** The command in flight: "CONN", "EHLO", "MAIL FROM", "RCPT TO", "DATA". */
  readonly command?: string;
  /** The socket error behind an ESOCKET, e.g. ECONNREFUSED. */
  readonly originalCode?: string;
  /** Which wait an ETIMEDOUT ended: CONNECT_TIMEOUT, GREETING_TIMEOUT, UPGRADE_TIMEOUT, SOCKET_TIMEOUT. */
  readonly timeoutType?: string;
}

/** Failures that can only happen before a message is handed over (no TLS, no login, no DNS). */
const SETUP_CODES = new Set(["EDNS", "ETLS", "EAUTH", "ENOAUTH", "EPROXY"]);
/** Socket errors of a connection that was never made; ECONNRESET is absent: it can come after the dot. */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** Timeouts that end a session before any message was handed over. */
const SETUP_TIMEOUTS = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT"]);
/** Commands of the session greeting; a connection closed while they are in flight carried no message. */
const GREETING_COMMANDS = new Set(["EHLO", "HELO", "LHLO", "STARTTLS"]);
/** An RFC 3463 enhanced status code right after the reply code: class.subject.detail. */
const ENHANCED_CODE = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/;

/**
 * Maps a failed send to a `MailResult`, as measured against the test sink (test/mail/):
 * - a reply from the server (4xx/5xx) is a refusal; EMESSAGE means it came after the final dot;
 * - no reply and the session never got going (refused, DNS, greeting) is a temporary refusal;
 * - no reply once the session was under way (closed or timed out) is `uncertain`: the
 *   message may have been accepted, so it must not be sent again.
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1 (reply code classes)
 */
export function readSmtpFailure(failure: SmtpFailure): MailResult {
  const reply = failure.response ?? failure.message ?? "unknown SMTP failure";
  if (failure.responseCode !== undefined && failure.responseCode >= 400) {
    return {
      outcome: "rejected",
      permanent: failure.responseCode >= 500,
      code: failure.responseCode,
      enhancedCode: readEnhancedCode(reply),
      reply,
      beforeData: failure.code !== "EMESSAGE",
    };
  }
  if (isSetupFailure(failure)) {
    return { outcome: "rejected", permanent: false, code: null, enhancedCode: null, reply, beforeData: true };
  }
  return { outcome: "uncertain", reason: `${failure.code ?? "error"}: ${reply}` };
}

/** "5.1.1" from "550 5.1.1 User unknown", or null when the server gave none. */
export function readEnhancedCode(reply: string): string | null {
  return ENHANCED_CODE.exec(reply)?.[1] ?? null;
}

/**
 * A silent close before the greeting looks exactly like one after the final dot (both are
 * ECONNECTION while "CONN" is in flight), so it counts as uncertain: one missed digest is
 * better than a duplicate.
 */
function isSetupFailure(failure: SmtpFailure): boolean {
  const code = failure.code ?? "";
  if (SETUP_CODES.has(code)) return true;
  if (code === "ETIMEDOUT") return SETUP_TIMEOUTS.has(failure.timeoutType ?? "");
  if (code === "ESOCKET") return NEVER_CONNECTED.has(failure.originalCode ?? "");
  return code === "ECONNECTION" && GREETING_COMMANDS.has(failure.command ?? "");
}
