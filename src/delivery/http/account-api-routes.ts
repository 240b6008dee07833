import type { Hono } from "hono";
import type { HttpEnv } from "./http-env.js";

/**
 * `GET /api/v1/me`: who the session cookie or `Authorization: Bearer <token>` belongs to
 * (401 when nobody): the simplest check that a personal API token works.
 */
export function registerAccountApiRoutes(http: Hono<HttpEnv>): void {
  http.get("/api/v1/me", (c) => {
    const viewer = c.get("viewer");
    c.header("Cache-Control", "private, no-store");
    if (viewer === null) {
      c.header("WWW-Authenticate", 'Bearer realm="paperboy"');
      return c.json({ error: "Sign in, or send a personal API token as Authorization: Bearer." }, 401);
    }
    return c.json({
      handle: viewer.handle,
      displayName: viewer.displayName,
      role: viewer.role,
      emailVerified: viewer.emailVerified,
      suspended: viewer.suspended,
      via: viewer.via,
    });
  });
}
