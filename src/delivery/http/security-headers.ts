import type { MiddlewareHandler } from "hono";

/**
 * Pages load only this site's scripts and styles (no inline script), cannot be framed,
 * and send only the origin as referrer to other sites.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const SECURITY_HEADERS: readonly [string, string][] = [
  ["Content-Security-Policy", CONTENT_SECURITY_POLICY],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

export function securityHeaders(): MiddlewareHandler {
  // Set before the handler, so they are built into its response (see request-context.ts);
  // responses built elsewhere (cache hits, errors) get them afterwards.
  return async (c, next) => {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    await next();
    if (!c.res.headers.has("Content-Security-Policy")) {
      for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value);
    }
  };
}
