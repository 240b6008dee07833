import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.js";

/** Methods that never change state, so never need a token. @see https://www.rfc-editor.org/rfc/rfc9110#name-safe-methods */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The form field that carries the token (pages), and the header (scripts). */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * A CSRF token is an HMAC of what it is bound to: the session (synchronizer token: it is
 * worthless with another session) or, for signed-out forms, the random value of the pb_csrf
 * cookie (signed double submit: another site can neither read the cookie nor forge the HMAC).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 */
export function signCsrfBinding(key: Buffer, binding: string): string {
  return createHmac("sha256", key).update(binding).digest("base64url");
}

export function isSameToken(submitted: string, expected: string): boolean {
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Every state-changing request must carry a valid token, except those authenticated by
 * `Authorization: Bearer` (no ambient credential) and signed-out API calls (no credential
 * at all: the route answers 401). A missing or wrong token gets `reject`'s 403.
 */
export function csrfProtection(
  reject: (c: Context<HttpEnv>) => Response | Promise<Response>,
): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const viewer = c.get("viewer");
    if (viewer?.via === "api-token") return next();
    if (c.req.path.startsWith("/api/") && viewer === null) return next();
    const submitted = c.req.header(CSRF_HEADER) ?? (await readFormToken(c));
    if (submitted !== null && c.get("csrf").isValid(submitted)) return next();
    return reject(c);
  };
}

/** The form's token; the parsed body stays cached for the route. */
async function readFormToken(c: Context<HttpEnv>): Promise<string | null> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
  try {
    const value = (await c.req.parseBody())[CSRF_FIELD];
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}
