// A real SMTP server on loopback for tests: it keeps every message it receives, parsed by
// mailparser, and can be told to misbehave at each stage of the session the way real
// receiving servers do (refused recipients, temporary failures, policy blocks, a connection
// dropped after the final dot). Tests send to it with the real SMTP mailer, no mocks.
import type { Socket } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/** Where in the SMTP session a fault fires. */
export type SinkFaultStage =
  /** Instead of the 220 greeting: the reply, then the connection closes (e.g. 421). */
  | "connect"
  /** The reply to RCPT TO (e.g. 550 5.1.1, or 452 4.2.2 for a few attempts). */
  | "rcpt"
  /** The reply after the final dot of DATA (e.g. 550 5.7.26). */
  | "data-end"
  /** The whole message arrives, then the socket closes with no reply at all. */
  | "drop-after-data"
  /** The whole message arrives, then the sink never replies (the client's socket timeout ends it). */
  | "stall-after-data";

export interface SinkFault {
  readonly stage: SinkFaultStage;
  /** Only for these recipients (every stage but "connect"); all recipients when omitted. */
  readonly recipient?: RegExp;
  /** How many times the fault fires before the sink behaves again; every time when omitted. */
  readonly times?: number;
  /** The SMTP reply code; ignored by "drop-after-data" and "stall-after-data". */
  readonly code?: number;
  /** The reply text, starting with the enhanced status code as real servers send it ("5.1.1 …"). */
  readonly message?: string;
}

export interface SinkMessage {
  /** The message exactly as it crossed the wire (after dot-unstuffing). */
  readonly raw: Buffer;
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly parsed: ParsedMail;
  /**
   * Unfolded header values by lower-case name, in order. mailparser folds every List-*
   * header into `parsed.headers.get("list")`, so assert on these for List-Unsubscribe(-Post).
   */
  readonly rawHeaders: ReadonlyMap<string, readonly string[]>;
  readonly messageId: string | undefined;
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | null;
  /** What the sink answered after the final dot; null when it dropped the connection instead. */
  readonly reply: string | null;
}

/** A reply the sink gave instead of accepting, for asserting how often a fault fired. */
export interface SinkRefusal {
  readonly stage: SinkFaultStage;
  readonly recipient: string | null;
  readonly reply: string;
}

export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, ready for the SMTP mailer. */
  readonly url: string;
  /** Messages received in full: accepted with 250, or dropped after the dot (maybe delivered). */
  readonly messages: readonly SinkMessage[];
  readonly refusals: readonly SinkRefusal[];
  /** Replaces the faults; each fault's `times` counts from now. */
  setFaults(faults: readonly SinkFault[]): void;
  /** Resolves with the messages once at least `count` arrived; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly SinkMessage[]>;
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 5_000;
/** Largest message the sink takes, in bytes; a digest is about 7 KB. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

interface ArmedFault {
  readonly fault: SinkFault;
  remaining: number;
}

export async function startSmtpSink(options: { faults?: readonly SinkFault[] } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const refusals: SinkRefusal[] = [];
  const sockets = new Map<string, Socket>();
  const waiters = new Set<() => void>();
  let armed = armFaults(options.faults ?? []);

  const takeFault = (stage: SinkFaultStage, recipients: readonly string[]): SinkFault | null => {
    const hit = armed.find(
      (a) =>
        a.fault.stage === stage &&
        a.remaining > 0 &&
        (a.fault.recipient === undefined || recipients.some((r) => a.fault.recipient!.test(r))),
    );
    if (hit === undefined) return null;
    hit.remaining -= 1;
    return hit.fault;
  };

  const refuse = (stage: SinkFaultStage, recipient: string | null, fault: SinkFault): Error => {
    const code = fault.code ?? 550;
    const message = fault.message ?? "5.0.0 Refused by the test sink";
    refusals.push({ stage, recipient, reply: `${code} ${message}` });
    return Object.assign(new Error(message), { responseCode: code });
  };

  const keep = (message: SinkMessage): void => {
    messages.push(message);
    for (const wake of waiters) wake();
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    // Fault replies carry their own enhanced code ("550 5.1.1 …"), as Postfix and Gmail send them.
    hideENHANCEDSTATUSCODES: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onConnect(session, callback) {
      const fault = takeFault("connect", []);
      callback(fault === null ? null : refuse("connect", null, fault));
    },
    onRcptTo(address, _session, callback) {
      const fault = takeFault("rcpt", [address.address]);
      callback(fault === null ? null : refuse("rcpt", address.address, fault));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const silence = takeFault("drop-after-data", recipients) ?? takeFault("stall-after-data", recipients);
        const reject = silence === null ? takeFault("data-end", recipients) : null;
        if (reject !== null) return callback(refuse("data-end", recipients[0] ?? null, reject));
        const reply = silence === null ? `2.0.0 Ok: queued as S${messages.length + 1}` : null;
        void describeMessage(raw, session, reply === null ? null : `250 ${reply}`).then((message) => {
          keep(message);
          if (reply !== null) return callback(null, reply);
          // "stall-after-data" just never calls back; close() ends the socket.
          if (silence?.stage === "drop-after-data")
            sockets.get(socketKey(session.remoteAddress, session.remotePort))?.destroy();
        }, callback);
      });
    },
  });
  // smtp-server hides the socket; remember each one to drop it in "drop-after-data".
  server.server.on("connection", (socket: Socket) => {
    const key = socketKey(socket.remoteAddress ?? "", socket.remotePort ?? 0);
    sockets.set(key, socket);
    socket.on("close", () => sockets.delete(key));
  });
  server.on("error", () => undefined); // a client hanging up mid-session is not a test failure

  const port = await listen(server);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refusals,
    setFaults: (faults) => {
      armed = armFaults(faults);
    },
    waitForMessages: (count, timeoutMs = DEFAULT_WAIT_MS) => waitFor(messages, waiters, count, timeoutMs),
    close: () => closeServer(server, sockets),
  };
}

function armFaults(faults: readonly SinkFault[]): ArmedFault[] {
  return faults.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }));
}

function socketKey(address: string, port: number): string {
  return `${address.replace(/^::ffff:/, "")}:${port}`;
}

async function describeMessage(raw: Buffer, session: SMTPServerSession, reply: string | null): Promise<SinkMessage> {
  const parsed = await simpleParser(raw);
  const from = session.envelope.mailFrom;
  return {
    raw,
    envelopeFrom: from === false ? "" : from.address,
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    parsed,
    rawHeaders: readRawHeaders(parsed),
    messageId: parsed.messageId,
    subject: parsed.subject,
    text: parsed.text,
    html: typeof parsed.html === "string" ? parsed.html : null,
    reply,
  };
}

/** Header values from mailparser's `headerLines` ("Name: value", possibly folded), unfolded. */
function readRawHeaders(parsed: ParsedMail): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  return headers;
}

function waitFor(
  messages: readonly SinkMessage[],
  waiters: Set<() => void>,
  count: number,
  timeoutMs: number,
): Promise<readonly SinkMessage[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (messages.length < count) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(messages.slice());
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`smtp sink: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}

function listen(server: SMTPServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      if (address === null || typeof address === "string") return reject(new Error("smtp sink: no TCP port"));
      resolve(address.port);
    });
  });
}

function closeServer(server: SMTPServer, sockets: Map<string, Socket>): Promise<void> {
  // Pooled clients keep connections open; end them so close() does not wait for their idle timeout.
  for (const socket of sockets.values()) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
