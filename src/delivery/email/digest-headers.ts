import { isMailSafeUrl } from "./digest-links.js";

/**
 * The headers that make a digest a well-behaved bulk mail, and its delivery's stable ids.
 * Every value here is derived from ids, never from user input, and checked for line breaks.
 */
export interface DigestHeaderInput {
  /** The delivery's random public id (hex or base64url): in the Message-ID and the VERP address. */
  readonly deliveryId: string;
  /** The absolute https one-click URL (RFC 8058 requires https; http is allowed on loopback for development). */
  readonly unsubscribeUrl: string;
  readonly list: {
    readonly slug: string;
    readonly name: string;
    /** RFC 2919 list id, e.g. `daily.papers.example.org`. */
    readonly listId: string;
  };
  /** The period key, e.g. `2026-11-26` or `2026-W48`. */
  readonly periodKey: string;
  /** Domain of Message-IDs: the From domain. */
  readonly messageIdDomain: string;
  /** Domain of the VERP return path, where DSNs are read (e.g. `bounce.papers.example.org`). */
  readonly bounceDomain: string;
  /** Gmail's Feedback-ID sender id: stable for the hub, e.g. "paperboy". */
  readonly senderId: string;
}

export interface DigestEnvelope {
  readonly headers: Readonly<Record<string, string>>;
  /** Without angle brackets, as `OutgoingMail.messageId` takes it. */
  readonly messageId: string;
  /** VERP: `bounce+<delivery id>@<bounce domain>`, the SMTP MAIL FROM. */
  readonly envelopeFrom: string;
}

const DELIVERY_ID = /^[A-Za-z0-9_-]{8,64}$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
/** Feedback-ID fields are colon-separated, so none may hold a colon. */
const FEEDBACK_FIELD = /^[A-Za-z0-9._-]{1,64}$/;

export const ONE_CLICK_POST_VALUE = "List-Unsubscribe=One-Click";

export function buildDigestEnvelope(input: DigestHeaderInput): DigestEnvelope {
  assertValid(DELIVERY_ID.test(input.deliveryId), "delivery id", input.deliveryId);
  assertValid(DOMAIN.test(input.messageIdDomain), "Message-ID domain", input.messageIdDomain);
  assertValid(DOMAIN.test(input.bounceDomain), "bounce domain", input.bounceDomain);
  assertValid(DOMAIN.test(input.list.listId), "List-Id", input.list.listId);
  for (const field of [input.periodKey, input.list.slug, input.senderId]) {
    assertValid(FEEDBACK_FIELD.test(field), "Feedback-ID field", field);
  }
  const unsubscribe = new URL(input.unsubscribeUrl);
  assertValid(
    isMailSafeUrl(unsubscribe),
    "one-click unsubscribe URL (https only, RFC 8058 §3.1)",
    input.unsubscribeUrl,
  );
  const headers: Record<string, string> = {
    // RFC 2369 + RFC 8058: an https URI only; a mailto: would need inbound unsubscribe mail handling.
    "List-Unsubscribe": `<${unsubscribe.href}>`,
    // RFC 8058 §3.1: this exact value tells the receiver a POST to the URI unsubscribes.
    "List-Unsubscribe-Post": ONE_CLICK_POST_VALUE,
    // RFC 2919: a phrase, then the list id in angle brackets.
    "List-Id": `${quotePhrase(input.list.name)} <${input.list.listId}>`,
    // Gmail's feedback loop groups complaints by these fields: campaign:customer:type:sender.
    "Feedback-ID": `${input.periodKey}:${input.list.slug}:digest:${input.senderId}`,
    // RFC 3834 §5: machine-sent, so auto-responders stay quiet.
    "Auto-Submitted": "auto-generated",
  };
  for (const value of Object.values(headers)) assertValid(!/[\r\n]/.test(value), "header value", value);
  return {
    headers,
    // One per delivery, the same on every retry, so a receiver can drop a duplicate.
    messageId: `d.${input.deliveryId}@${input.messageIdDomain.toLowerCase()}`,
    envelopeFrom: `bounce+${input.deliveryId}@${input.bounceDomain.toLowerCase()}`,
  };
}

/** RFC 5322 §3.2.5 phrase: atoms as they are, anything else as a quoted string. */
function quotePhrase(name: string): string {
  const flat = name.replace(/[\r\n]+/g, " ").trim();
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(flat)) return flat;
  return `"${flat.replace(/["\\]/g, "\\$&")}"`;
}

function assertValid(ok: boolean, what: string, value: string): void {
  if (!ok) throw new Error(`digest headers: invalid ${what}: ${JSON.stringify(value)}`);
}
