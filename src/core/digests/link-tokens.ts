import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Signed links in digest mail: `v1.<kid>.<payload>.<mac>`, each part base64url. The payload
 * names a random public id, never an email address; the purpose is bound into the MAC, so an
 * unsubscribe link can never confirm, export or erase. Nothing is stored per link: the key
 * is the state. (node:crypto here is computation, not I/O.)
 * @see ../../../../shared/research/email.md §4.5
 */
export type LinkPurpose = "confirm" | "unsubscribe" | "manage" | "export" | "erase";

const PURPOSE_CODES: Record<LinkPurpose, string> = {
  confirm: "c",
  unsubscribe: "u",
  manage: "m",
  export: "x",
  erase: "e",
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long each kind of link works; null never expires. Unsubscribe links must work for at
 * least 30 days after the mail (CAN-SPAM, 15 U.S.C. 7704(a)(3)) and people use months-old
 * digests, so they and the manage link never expire. Export and erase links hand out or
 * destroy data, so they are short-lived and only sent on request.
 */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number | null> = {
  confirm: 7 * DAY_MS,
  unsubscribe: null,
  manage: null,
  export: 1 * HOUR_MS,
  erase: 1 * HOUR_MS,
};

/** The MAC is HMAC-SHA256 truncated to 128 bits: forging one still takes 2^128 tries. */
const MAC_BYTES = 16;
/** RFC 2104 keys shorter than the hash output weaken it; operators give 32 random bytes or more. */
export const MIN_LINK_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9]{1,8}$/;
/** Public ids: base64url of at least 96 random bits (we make 128). */
const PUBLIC_ID = /^[A-Za-z0-9_-]{16,64}$/;
const LIST_SLUG = /^[a-z0-9-]{1,32}$/;
const VERSION = "v1";

export interface LinkKey {
  /** Short id written into every token, so old links keep working after rotation. */
  readonly id: string;
  readonly secret: Buffer;
}

export interface LinkClaims {
  readonly purpose: LinkPurpose;
  /** The subscriber's or subscription's public id. */
  readonly subject: string;
  /** The list slug for list-specific links (unsubscribe from "daily"). */
  readonly list: string | null;
  readonly issuedAt: Date;
  readonly expiresAt: Date | null;
}

/** Unknown key, tampered, expired, wrong purpose or garbage: one answer, so none can be told apart. */
export type LinkTokenCheck = { readonly valid: true; readonly claims: LinkClaims } | { readonly valid: false };

export interface LinkTokens {
  sign(link: { purpose: LinkPurpose; subject: string; list?: string | null }, now: Date): string;
  verify(token: string, purpose: LinkPurpose, now: Date): LinkTokenCheck;
}

/** A random 128-bit id for URLs and VERP addresses, in base64url (22 characters). */
export function createPublicId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * `keys[0]` is the newest and signs; every key verifies. Keep retired keys for at least a
 * year: unsubscribe links in old mail must keep working.
 */
export function createLinkTokens(keys: readonly LinkKey[]): LinkTokens {
  assertUsableKeys(keys);
  const byId = new Map(keys.map((key) => [key.id, key.secret]));
  const signer = keys[0]!;
  return {
    sign: (link, now) => signLink(signer, link, now),
    verify: (token, purpose, now) => verifyLink(byId, token, purpose, now),
  };
}

function assertUsableKeys(keys: readonly LinkKey[]): void {
  if (keys.length === 0) throw new Error("link tokens need at least one key");
  const ids = new Set<string>();
  for (const key of keys) {
    if (!KEY_ID.test(key.id)) throw new Error(`link key id must be 1–8 letters or digits: ${JSON.stringify(key.id)}`);
    if (key.secret.length < MIN_LINK_KEY_BYTES) throw new Error(`link key ${key.id} is shorter than 32 bytes`);
    if (ids.has(key.id)) throw new Error(`link key id ${key.id} is used twice`);
    ids.add(key.id);
  }
}

function signLink(
  key: LinkKey,
  link: { purpose: LinkPurpose; subject: string; list?: string | null },
  now: Date,
): string {
  if (!PUBLIC_ID.test(link.subject)) throw new Error("a link subject must be a public id");
  if (link.list != null && !LIST_SLUG.test(link.list)) throw new Error(`not a list slug: ${link.list}`);
  const issued = Math.floor(now.getTime() / MINUTE_MS);
  const lifetime = LINK_LIFETIME_MS[link.purpose];
  // Expiry is rounded up to the next minute, so a link never lives shorter than promised.
  const expires = lifetime === null ? undefined : Math.ceil((now.getTime() + lifetime) / MINUTE_MS);
  const body = { p: PURPOSE_CODES[link.purpose], s: link.subject, l: link.list ?? undefined, i: issued, e: expires };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return [VERSION, key.id, payload, computeMac(key.secret, link.purpose, key.id, payload)].join(".");
}

function verifyLink(keys: ReadonlyMap<string, Buffer>, token: string, purpose: LinkPurpose, now: Date): LinkTokenCheck {
  const invalid: LinkTokenCheck = { valid: false };
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return invalid;
  const [, kid, payload, mac] = parts as [string, string, string, string];
  const secret = keys.get(kid);
  if (secret === undefined) return invalid;
  // Compare MACs before reading the payload: nothing unauthenticated is parsed.
  // The base64url text is compared, not its bytes: decoding ignores stray characters and
  // padding bits, which would let several spellings of one MAC pass.
  const expected = Buffer.from(computeMac(secret, purpose, kid, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const claims = readClaims(payload);
  if (claims === null || claims.purpose !== purpose) return invalid;
  if (claims.expiresAt !== null && now.getTime() >= claims.expiresAt.getTime()) return invalid;
  return { valid: true, claims };
}

/** The purpose and key id are inside the MAC, so neither can be swapped on a valid token. */
function computeMac(secret: Buffer, purpose: LinkPurpose, kid: string, payload: string): string {
  return createHmac("sha256", secret)
    .update(`${VERSION}|${PURPOSE_CODES[purpose]}|${kid}|${payload}`)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString("base64url");
}

function readClaims(payload: string): LinkClaims | null {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const { p, s, l, i, e } = body as Record<string, unknown>;
  const purpose = (Object.keys(PURPOSE_CODES) as LinkPurpose[]).find((name) => PURPOSE_CODES[name] === p);
  if (purpose === undefined || typeof s !== "string" || !PUBLIC_ID.test(s)) return null;
  if (l !== undefined && (typeof l !== "string" || !LIST_SLUG.test(l))) return null;
  if (!Number.isSafeInteger(i) || (e !== undefined && !Number.isSafeInteger(e))) return null;
  return {
    purpose,
    subject: s,
    list: l ?? null,
    issuedAt: new Date((i as number) * MINUTE_MS),
    expiresAt: e === undefined ? null : new Date((e as number) * MINUTE_MS),
  };
}
