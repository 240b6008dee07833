import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConfigReaders } from "./config.js";

/** Email digests (docs/email-digests.md, docs/configuration.md). Read by config.ts only. */
export interface DigestConfig {
  /**
   * Keys that sign confirm/unsubscribe/manage links, newest first (it signs; all verify).
   * Null: DIGEST_SECRET is unset and the app generates one key and keeps it in the database,
   * so a fresh install works and links survive restarts.
   */
  readonly linkKeys: readonly { readonly id: string; readonly secret: Buffer }[] | null;
  /** Shown in every digest (CAN-SPAM); null: digests are not sent through SMTP. */
  readonly postalAddress: string | null;
  readonly dkim: { readonly domainName: string; readonly keySelector: string; readonly privateKey: string } | null;
  /** VERP return path `bounce+<delivery id>@<bounceDomain>`; null: envelope sender = From. */
  readonly bounceDomain: string | null;
  /** Domain of Message-IDs: the From domain. */
  readonly messageIdDomain: string;
  /** Gmail Feedback-ID sender field. */
  readonly feedbackSenderId: string;
  /** Minutes after 00:00 UTC. */
  readonly dailySendAtMinute: number;
  readonly dailyWeekends: boolean;
  /** ISO weekday 1–7. */
  readonly weeklyWeekday: number;
  readonly weeklySendAtMinute: number;
  /**
   * MAIL_INBOUND_LISTEN: where the worker listens for bounce and complaint reports over SMTP
   * (mail for the bounce domain only); null: off.
   */
  readonly inboundListen: { readonly host: string; readonly port: number } | null;
}

const KEY_ENTRY = /^([A-Za-z0-9]{1,8}):(.+)$/;
/** HMAC-SHA256 wants a key at least as long as its 32-byte output. */
const MIN_SECRET_CHARS = 32;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const SENDER_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function readDigestConfig(read: ConfigReaders, mailFrom: string, cwd: string, problems: string[]): DigestConfig {
  const fromDomain = /@([^\s<>@]+)>?\s*$/.exec(mailFrom)?.[1]?.toLowerCase() ?? "localhost";
  // Derived from MAIL_FROM unless set; a derived one that is no domain (localhost) just turns VERP off.
  const explicitBounceDomain = read.optional("MAIL_BOUNCE_DOMAIN");
  const bounceDomain = explicitBounceDomain ?? fromDomain;
  const verp = read.boolean("MAIL_VERP", true);
  if (explicitBounceDomain !== null && !DOMAIN.test(explicitBounceDomain)) {
    problems.push(`MAIL_BOUNCE_DOMAIN="${explicitBounceDomain}": expected a domain name`);
  }
  const senderId = read.string("MAIL_FEEDBACK_ID", "paperboy");
  if (!SENDER_ID.test(senderId)) problems.push(`MAIL_FEEDBACK_ID="${senderId}": expected letters, digits, . _ -`);
  return {
    linkKeys: readLinkKeys(read.optional("DIGEST_SECRET"), problems),
    postalAddress: read.optional("MAIL_POSTAL_ADDRESS"),
    dkim: readDkim(read, cwd, problems),
    bounceDomain: verp && DOMAIN.test(bounceDomain) ? bounceDomain : null,
    messageIdDomain: DOMAIN.test(fromDomain) ? fromDomain : "localhost.localdomain",
    feedbackSenderId: SENDER_ID.test(senderId) ? senderId : "paperboy",
    dailySendAtMinute: readTimeOfDay(read, "DIGEST_DAILY_AT", problems),
    dailyWeekends: read.boolean("DIGEST_DAILY_WEEKENDS", false),
    weeklyWeekday: read.integer("DIGEST_WEEKLY_DAY", 1, { min: 1, max: 7 }),
    weeklySendAtMinute: readTimeOfDay(read, "DIGEST_WEEKLY_AT", problems),
    inboundListen: readListenAddress(read.optional("MAIL_INBOUND_LISTEN"), verp ? bounceDomain : null, problems),
  };
}

const LISTEN = /^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i;

/** `host:port` (`[::1]:2526` for IPv6); the listener takes mail for the VERP bounce domain, so VERP must be on. */
function readListenAddress(value: string | null, bounceDomain: string | null, problems: string[]) {
  if (value === null) return null;
  const match = LISTEN.exec(value);
  const port = Number(match?.[2]);
  if (match === null || port > 65_535) {
    problems.push(`MAIL_INBOUND_LISTEN="${value}": expected host:port, e.g. 127.0.0.1:2526`);
    return null;
  }
  if (bounceDomain === null || !DOMAIN.test(bounceDomain)) {
    problems.push("MAIL_INBOUND_LISTEN needs VERP on and a bounce domain (MAIL_BOUNCE_DOMAIN or the MAIL_FROM domain)");
    return null;
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}

/** `kid:secret,kid:secret` (newest first), or one bare secret with key id `k1`. Never echoed. */
function readLinkKeys(value: string | null, problems: string[]): DigestConfig["linkKeys"] {
  if (value === null) return null;
  const entries = value.split(",").map((entry) => entry.trim());
  const keys = entries.map((entry) => {
    const match = KEY_ENTRY.exec(entry);
    return match === null ? { id: "k1", text: entry } : { id: match[1]!, text: match[2]! };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length || (keys.length > 1 && entries.some((e) => !KEY_ENTRY.test(e)))) {
    problems.push("DIGEST_SECRET: expected one secret, or kid:secret pairs with distinct key ids (1–8 letters/digits)");
    return null;
  }
  if (keys.some((k) => k.text.length < MIN_SECRET_CHARS)) {
    problems.push(`DIGEST_SECRET: every secret needs at least ${MIN_SECRET_CHARS} characters (openssl rand -hex 32)`);
    return null;
  }
  return keys.map((k) => ({ id: k.id, secret: Buffer.from(k.text, "utf8") }));
}

function readDkim(read: ConfigReaders, cwd: string, problems: string[]): DigestConfig["dkim"] {
  const domainName = read.optional("DKIM_DOMAIN");
  const keySelector = read.optional("DKIM_SELECTOR");
  const keyFile = read.optional("DKIM_PRIVATE_KEY_FILE");
  const given = [domainName, keySelector, keyFile].filter((v) => v !== null).length;
  if (given === 0) return null;
  if (given !== 3) {
    problems.push("DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE go together: set all three or none");
    return null;
  }
  if (!DOMAIN.test(domainName!)) problems.push(`DKIM_DOMAIN="${domainName}": expected a domain name`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(keySelector!)) {
    problems.push(`DKIM_SELECTOR="${keySelector}": expected letters, digits, . _ -`);
  }
  let privateKey: string;
  try {
    privateKey = readFileSync(resolve(cwd, keyFile!), "utf8");
  } catch (error) {
    problems.push(`DKIM_PRIVATE_KEY_FILE="${keyFile}": cannot read it (${(error as NodeJS.ErrnoException).code})`);
    return null;
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(privateKey)) {
    problems.push(`DKIM_PRIVATE_KEY_FILE="${keyFile}": expected a PEM private key (RSA-2048 or ed25519)`);
    return null;
  }
  return { domainName: domainName!, keySelector: keySelector!, privateKey };
}

function readTimeOfDay(read: ConfigReaders, name: string, problems: string[]): number {
  const value = read.string(name, "07:00");
  const match = TIME_OF_DAY.exec(value);
  if (match === null) {
    problems.push(`${name}="${value}": expected HH:MM in UTC, e.g. 07:00`);
    return 7 * 60;
  }
  return Number(match[1]) * 60 + Number(match[2]);
}
