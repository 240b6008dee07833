import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { App } from "../../app.js";
import { parseMailFeedback } from "../../adapters/mail/parse-mail-feedback.js";
import { recordReportedFeedback } from "../../core/digests/feedback-intake.js";

/** Largest report taken: a DSN or ARF report quotes one digest (about 7 KB) at most, with headroom. */
export const MAX_REPORT_BYTES = 2 * 1024 * 1024;
/** Reporting servers connect a few at a time; more are turned away with 421 and retry. */
const MAX_CLIENTS = 20;

export interface FeedbackListener {
  /** Where it listens (the port is the real one when 0 was configured). */
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

/**
 * The inbound SMTP listener for bounce and complaint reports (issue 6, item 7): the MX of the
 * VERP bounce domain points here. It takes mail for that domain only (any other recipient
 * is refused at RCPT with 550, so it is never an open relay), reads each message as an
 * RFC 3464 DSN or RFC 5965 ARF report and records it idempotently. A message that is no
 * report (an autoreply, spam) is accepted and dropped, so nobody gets a bounce of a bounce.
 * Runs in the worker role of `paperboy serve` when MAIL_INBOUND_LISTEN is set.
 */
export async function startFeedbackListener(app: App): Promise<FeedbackListener | null> {
  const listen = app.config.digests.inboundListen;
  const domain = app.config.digests.bounceDomain?.toLowerCase() ?? null;
  if (listen === null || domain === null) return null;
  const logger = app.logger;
  const server = new SMTPServer({
    name: domain,
    banner: "Paperboy bounce and complaint intake",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_REPORT_BYTES,
    maxClients: MAX_CLIENTS,
    logger: false,
    onRcptTo(address, _session, callback) {
      const at = address.address.lastIndexOf("@");
      const recipientDomain = at < 0 ? "" : address.address.slice(at + 1).toLowerCase();
      if (recipientDomain === domain) return callback();
      callback(Object.assign(new Error("5.7.1 Relaying denied: this host only takes reports"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error("5.3.4 Message too big"), { responseCode: 552 }));
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const reports = parseMailFeedback({ raw: Buffer.concat(chunks), envelopeTo });
        recordReportedFeedback(app.storage.digests, reports, app.now()).then(
          (outcomes) => {
            logger.info({ reports: reports.length, outcomes }, "bounce/complaint mail received");
            callback(null, "2.0.0 Report received");
          },
          (error: unknown) => {
            logger.error({ err: error }, "bounce/complaint report not recorded");
            callback(Object.assign(new Error("4.3.0 Try again later"), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on("error", (error) => logger.warn({ err: error }, "inbound SMTP session error"));
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve((server.server.address() as AddressInfo).port));
  });
  logger.info({ host: listen.host, port, domain }, "listening for bounce and complaint reports over SMTP");
  return {
    address: { host: listen.host, port },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
