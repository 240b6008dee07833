import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { App } from "../../app.js";
import type { Viewer } from "../../core/accounts/viewer.js";
import { clientIp } from "./client-ip.js";
import { isSameToken, signCsrfBinding } from "./csrf.js";
import type { CsrfTokens, HttpEnv } from "./http-env.js";
import { clearSessionCookie, readAnonymousCookie, readSessionCookie, setAnonymousCookie } from "./session-cookie.js";

/** Longer user agents are cut: they are shown on the sessions page, not parsed. */
const USER_AGENT_MAX_CHARS = 200;
const ANONYMOUS_COOKIE_BYTES = 32;
/** RFC 6750 b64token. @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Resolves who makes the request and sets `viewer`, `client` and `csrf` for the routes:
 * `Authorization: Bearer <personal API token>` first (an unknown or revoked token is a 401,
 * never a silent sign-out), else the session cookie (an ended session clears the cookie).
 */
export function viewerMiddleware(app: App): MiddlewareHandler<HttpEnv> {
  let csrfKey: Promise<Buffer> | null = null;
  return async (c, next) => {
    const client = {
      ip: clientIp(c, app.config.trustProxy),
      userAgent: (c.req.header("user-agent") ?? "").slice(0, USER_AGENT_MAX_CHARS),
    };
    c.set("client", client);
    const authorization = c.req.header("authorization");
    let viewer: Viewer | null = null;
    if (authorization !== undefined && /^bearer\b/i.test(authorization)) {
      const token = BEARER.exec(authorization.trim())?.[1];
      viewer = token === undefined ? null : await app.accounts.resolveApiToken(token);
      if (viewer === null) return rejectBearer(c);
    } else {
      const sessionToken = readSessionCookie(c, app.config);
      if (sessionToken !== null) {
        const resolved = await app.accounts.resolveSession(sessionToken, client);
        if (resolved === null) clearSessionCookie(c, app.config);
        viewer = resolved?.viewer ?? null;
      }
    }
    c.set("viewer", viewer);
    c.set("csrf", createCsrfTokens(c, app, viewer, await (csrfKey ??= app.accounts.csrfKey())));
    await next();
  };
}

function createCsrfTokens(c: Context, app: App, viewer: Viewer | null, key: Buffer): CsrfTokens {
  const sessionToken = viewer?.via === "session" ? signCsrfBinding(key, `session:${viewer.sessionId}`) : null;
  let anonymous = readAnonymousCookie(c, app.config);
  const anonymousToken = (value: string) => signCsrfBinding(key, `anonymous:${value}`);
  const presented = anonymous;
  return {
    token() {
      if (sessionToken !== null) return sessionToken;
      if (anonymous === null) {
        anonymous = randomBytes(ANONYMOUS_COOKIE_BYTES).toString("base64url");
        setAnonymousCookie(c, app.config, anonymous);
      }
      return anonymousToken(anonymous);
    },
    isValid(submitted) {
      if (sessionToken !== null && isSameToken(submitted, sessionToken)) return true;
      return presented !== null && isSameToken(submitted, anonymousToken(presented));
    },
  };
}

function rejectBearer(c: Context) {
  c.header("WWW-Authenticate", 'Bearer error="invalid_token"');
  c.header("Cache-Control", "no-store");
  return c.json({ error: "Unknown or revoked API token. Create one at /settings/tokens." }, 401);
}
