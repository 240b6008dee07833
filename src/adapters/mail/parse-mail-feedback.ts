import {
  firstHeader,
  readHeaderBlock,
  readMimeParts,
  readParameter,
  splitEntity,
  type MimePart,
} from "./read-mime-parts.js";

/**
 * What a report mailed back to us says about one delivery:
 * - bounce: an RFC 3464 DSN with `Action: failed`;
 * - delay: a DSN with `Action: delayed` (informational: the relay keeps trying);
 * - complaint: an RFC 5965 ARF report (the recipient pressed "report spam").
 */
export interface MailFeedback {
  readonly kind: "bounce" | "delay" | "complaint";
  /** The recipient the report is about, when the reporter names it (ARF reports often redact it). */
  readonly recipient: string | null;
  /** RFC 3463 status, e.g. "5.1.1"; null for complaints. */
  readonly status: string | null;
  /** The remote server's words (Diagnostic-Code) or the ARF feedback type. */
  readonly diagnostic: string | null;
  /** Our delivery's public id, from the VERP return path `bounce+<id>@…`. */
  readonly deliveryId: string | null;
  /** Message-ID of the mail we sent, without angle brackets, when the report quotes it. */
  readonly originalMessageId: string | null;
}

export interface FeedbackSource {
  /** The whole report as received. */
  readonly raw: string | Buffer;
  /** The SMTP envelope recipient(s) it arrived for: the VERP address, when a listener took it. */
  readonly envelopeTo?: readonly string[];
}

/** VERP local part: `bounce+<delivery public id>`. */
const VERP = /(?:^|[<\s,;:])bounce\+([A-Za-z0-9_-]{8,64})@/i;
/** RFC 3463 status: class.subject.detail. */
const STATUS = /^([245]\.\d{1,3}\.\d{1,3})\b/;
/** RFC 5965 §7.3 feedback types; "not-spam" (RFC 6650) is not a complaint. */
const COMPLAINT_TYPES = new Set(["abuse", "fraud", "virus", "other"]);

/**
 * Reads a DSN or ARF report; an empty list when the mail is neither (an autoreply, a human).
 * @see https://www.rfc-editor.org/rfc/rfc3464#section-2 (delivery-status fields)
 * @see https://www.rfc-editor.org/rfc/rfc5965#section-3 (feedback report format)
 */
export function parseMailFeedback(source: FeedbackSource): MailFeedback[] {
  const raw = typeof source.raw === "string" ? source.raw : source.raw.toString("utf8");
  const top = readHeaderBlock(splitEntity(raw).headerBlock);
  const reportType = readParameter(firstHeader(top, "content-type") ?? "", "report-type")?.toLowerCase();
  const parts = readMimeParts(raw);
  const original = readOriginalHeaders(parts);
  const deliveryId = findDeliveryId([
    ...(source.envelopeTo ?? []),
    ...(top.get("to") ?? []),
    ...(top.get("x-original-to") ?? []),
    ...(top.get("delivered-to") ?? []),
    ...(original?.get("return-path") ?? []),
  ]);
  const originalMessageId = stripAngles(original === null ? null : firstHeader(original, "message-id"));
  const context = { deliveryId, originalMessageId, original };
  const dsn = parts.find(
    (p) => p.contentType === "message/delivery-status" || p.contentType === "message/global-delivery-status",
  );
  if (dsn !== undefined) return readDeliveryStatus(dsn, context);
  const arf = parts.find((p) => p.contentType === "message/feedback-report");
  if (arf !== undefined || reportType === "feedback-report" || isMicrosoftJmrp(top, original)) {
    return readFeedbackReport(arf, context);
  }
  return [];
}

/**
 * Outlook.com's Junk Mail Reporting Program sends a plain multipart/mixed mail with the
 * reported message attached and no feedback-report part (Sisimai recognises it the same way).
 */
function isMicrosoftJmrp(top: ReadonlyMap<string, readonly string[]>, original: unknown): boolean {
  const from = firstHeader(top, "from") ?? "";
  const subject = firstHeader(top, "subject") ?? "";
  return original !== null && /staff@hotmail\.com/i.test(from) && /^complaint about message from /i.test(subject);
}

interface ReportContext {
  readonly deliveryId: string | null;
  readonly originalMessageId: string | null;
  readonly original: ReadonlyMap<string, readonly string[]> | null;
}

/** Per-recipient field blocks follow the per-message block, each separated by an empty line. */
function readDeliveryStatus(part: MimePart, context: ReportContext): MailFeedback[] {
  const blocks = part.body.split(/\r?\n[ \t]*\r?\n/).map((block) => readHeaderBlock(block));
  const perMessage = blocks[0] ?? new Map<string, string[]>();
  const deliveryId = context.deliveryId ?? findDeliveryId(perMessage.get("original-envelope-id") ?? []);
  return blocks.slice(1).flatMap((fields): MailFeedback[] => {
    const action = firstHeader(fields, "action")?.toLowerCase();
    if (action !== "failed" && action !== "delayed") return []; // delivered, relayed, expanded
    const status = STATUS.exec(firstHeader(fields, "status") ?? "")?.[1] ?? null;
    return [
      {
        kind: action === "failed" ? "bounce" : "delay",
        recipient: readTypedAddress(
          firstHeader(fields, "original-recipient") ?? firstHeader(fields, "final-recipient"),
        ),
        status,
        diagnostic: readTypedValue(firstHeader(fields, "diagnostic-code")),
        deliveryId,
        originalMessageId: context.originalMessageId,
      },
    ];
  });
}

function readFeedbackReport(part: MimePart | undefined, context: ReportContext): MailFeedback[] {
  const fields = part === undefined ? new Map<string, string[]>() : readHeaderBlock(part.body);
  const type = (firstHeader(fields, "feedback-type") ?? "abuse").toLowerCase();
  if (!COMPLAINT_TYPES.has(type)) return [];
  const recipient =
    readTypedAddress(firstHeader(fields, "original-rcpt-to")) ??
    readTypedAddress(context.original === null ? null : firstHeader(context.original, "to"));
  const deliveryId = context.deliveryId ?? findDeliveryId(fields.get("original-mail-from") ?? []);
  return [
    {
      kind: "complaint",
      recipient,
      status: null,
      diagnostic: type,
      deliveryId,
      originalMessageId: context.originalMessageId,
    },
  ];
}

/** Headers of the returned message: a `message/rfc822` part or a `text/rfc822-headers` part. */
function readOriginalHeaders(parts: readonly MimePart[]): Map<string, string[]> | null {
  const part = parts.find((p) => p.contentType === "message/rfc822" || p.contentType === "text/rfc822-headers");
  if (part === undefined) return null;
  return readHeaderBlock(splitEntity(part.body).headerBlock);
}

function findDeliveryId(addresses: readonly string[]): string | null {
  for (const address of addresses) {
    const match = VERP.exec(` ${address}`);
    if (match !== null) return match[1]!;
  }
  return null;
}

/** `rfc822; jane@example.net` → jane@example.net; a bare address passes through. */
function readTypedAddress(value: string | null): string | null {
  const address = readTypedValue(value)?.replace(/^<|>$/g, "").trim();
  return address === undefined || !address.includes("@") ? null : address.toLowerCase();
}

/** `smtp; 550 5.1.1 …` → "550 5.1.1 …" (RFC 3464 §2.3.6: type; text). */
function readTypedValue(value: string | null): string | null {
  if (value === null) return null;
  const semicolon = value.indexOf(";");
  const text = (semicolon >= 0 && semicolon < 16 ? value.slice(semicolon + 1) : value).trim();
  return text.length > 0 ? text : null;
}

function stripAngles(value: string | null): string | null {
  const id = value?.trim().replace(/^<|>$/g, "");
  return id === undefined || id.length === 0 ? null : id;
}
