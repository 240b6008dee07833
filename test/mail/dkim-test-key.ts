// A DKIM key pair made once per test process and a DNS resolver that publishes only its
// public key, so mailauth's dkimVerify checks signatures without touching the network.
import { generateKeyPairSync } from "node:crypto";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import type { DkimKey } from "../../src/adapters/mail/create-mailer.js";

export const DKIM_DOMAIN = "papers.example.org";
export const DKIM_SELECTOR = "s1";

const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });

export const TEST_DKIM_KEY: DkimKey = {
  domainName: DKIM_DOMAIN,
  keySelector: DKIM_SELECTOR,
  privateKey: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
};

const PUBLIC_KEY_B64 = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");

/** Answers the one TXT lookup DKIM needs: `<selector>._domainkey.<domain>`. */
async function resolveTestKey(name: string, type: string): Promise<string[][]> {
  if (type === "TXT" && name === `${DKIM_SELECTOR}._domainkey.${DKIM_DOMAIN}`) {
    return [[`v=DKIM1; k=rsa; p=${PUBLIC_KEY_B64}`]];
  }
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
}

/** The status of each DKIM signature on a raw message, e.g. ["pass"]. */
export async function verifyDkim(raw: Buffer): Promise<{ statuses: string[]; signedHeaders: string[] }> {
  const result = await dkimVerify(raw, { resolver: resolveTestKey });
  const signature = raw.toString("latin1").match(/^DKIM-Signature:[^]*?(?=\r\n\S)/im)?.[0] ?? "";
  // `[; ]h=`, not `h=`: the latter also matches inside `bh=` (email.md §3.3).
  const h = /[;\s]h=([^;]+)/.exec(signature.replace(/\r\n[ \t]+/g, " "))?.[1] ?? "";
  return {
    statuses: result.results.map((r) => r.status.result),
    signedHeaders: h.split(":").map((name) => name.trim().toLowerCase()),
  };
}
