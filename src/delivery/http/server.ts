import { Hono } from "hono";
import type { App } from "../../app.js";
import { registerFeedRoutes } from "../feeds/feed-routes.js";
import { registerWebRoutes, renderNotFoundPage, renderServerErrorPage } from "../web/web-routes.js";
import { ApiError } from "./api/api-errors.js";
import { createApiRoutes } from "./api/api-routes.js";
import { createResponseCache } from "./response-cache.js";
import type { HttpEnv } from "./http-env.js";
import { rateLimit } from "./rate-limit.js";
import { requestContext } from "./request-context.js";
import { securityHeaders } from "./security-headers.js";

/** Seconds a page, API answer or feed may be reused by browsers and proxies. */
const PAGE_MAX_AGE_S = 60;
const FEED_MAX_AGE_S = 300;

/** Builds the whole HTTP surface: operations endpoints, APIs, feeds and pages. */
export function createHttpApp(app: App): Hono<HttpEnv> {
  const http = new Hono<HttpEnv>();
  http.use(requestContext(app));
  http.use(securityHeaders());
  const cache = createResponseCache();
  app.onContentChanged(() => cache.clear());
  const pageCache = cache.middleware(`public, max-age=${PAGE_MAX_AGE_S}`);

  http.get("/healthz", (c) => c.json({ status: "ok" }));
  http.get("/readyz", async (c) => {
    const readiness = await app.storage
      .checkReady()
      .catch((e: Error) => ({ ready: false as const, reason: e.message }));
    c.header("Cache-Control", "no-store");
    return readiness.ready
      ? c.json({ status: "ready" })
      : c.json({ status: "not ready", reason: readiness.reason }, 503);
  });
  http.get("/metrics", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.text(await app.metrics.registry.metrics(), 200, { "Content-Type": app.metrics.registry.contentType });
  });

  const limited = rateLimit({ perMinute: app.config.apiRateLimitPerMinute, trustProxy: app.config.trustProxy });
  http.use("/api/*", limited, cache.middleware(`public, max-age=${PAGE_MAX_AGE_S}`));
  http.route("/api", createApiRoutes(app));

  http.use("/feeds/*", cache.middleware(`public, max-age=${FEED_MAX_AGE_S}`));
  registerFeedRoutes(http, app);

  http.use("*", async (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path.startsWith("/feeds/")) return next();
    return pageCache(c, next);
  });
  registerWebRoutes(http, app);

  http.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json({ error: `No API route for ${c.req.method} ${c.req.path}. See /api/v1/openapi.json.` }, 404)
      : renderNotFoundPage(c),
  );
  http.onError((error, c) => {
    if (error instanceof ApiError) return c.json({ error: error.message }, error.status);
    app.logger.error(
      { requestId: c.get("requestId"), err: { message: error.message, name: error.name } },
      "unhandled error",
    );
    return c.req.path.startsWith("/api/")
      ? c.json({ error: "Internal error. It has been logged.", requestId: c.get("requestId") }, 500)
      : renderServerErrorPage(c);
  });
  return http;
}
