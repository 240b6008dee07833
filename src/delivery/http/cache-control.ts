import type { MiddlewareHandler } from "hono";

/**
 * Sets Cache-Control on successful GETs that did not set their own. Trending moves by the
 * hour, so a minute of shared caching loses nothing and absorbs bursts; the ETag
 * middleware turns revalidations into 304s.
 */
export function cacheControl(value: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" && c.res.status === 200 && !c.res.headers.has("Cache-Control")) {
      c.header("Cache-Control", value);
    }
  };
}
