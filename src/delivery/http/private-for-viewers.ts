import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.js";

/**
 * Signed-in answers are personal (a header with the viewer's name, a CSRF token): they
 * skip the shared response cache and say `private, no-store`. Signed-out answers go
 * through `cached`. `Vary: Cookie` (pages) keeps a browser from showing a page it cached
 * while signed out once it has signed in.
 */
export function privateForViewers(
  cached: MiddlewareHandler<HttpEnv>,
  options: { varyCookie?: boolean } = {},
): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (c.get("viewer") === null) {
      await cached(c, next);
    } else {
      await next();
      c.res.headers.set("Cache-Control", "private, no-store");
    }
    if (options.varyCookie) c.res.headers.append("Vary", "Cookie");
  };
}
