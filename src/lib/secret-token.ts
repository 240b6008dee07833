import { createHash, randomBytes } from "node:crypto";

/** 256 bits: unguessable for any number of tries a server can answer. */
const TOKEN_BYTES = 32;

/**
 * Secrets handed to a user (session cookies, API tokens, links in mail): random, in
 * base64url so they fit a URL or a cookie; only their SHA-256 (hex) is stored. A fast hash
 * is enough because the secret is random, not a password.
 */
export function createSecretTokens() {
  const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
  return {
    create() {
      const token = randomBytes(TOKEN_BYTES).toString("base64url");
      return { token, hash: hashToken(token) };
    },
    hash: hashToken,
  };
}
