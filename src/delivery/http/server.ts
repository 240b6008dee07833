import { HTTPException } from "hono/http-exception";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
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
import { sendCsrfRejectedPage } from "../web/account-error-pages.js";
import { registerAccountApiRoutes } from "./account-api-routes.js";
import { csrfProtection } from "./csrf.js";
import { registerUnsubscribeRoutes } from "../web/unsubscribe-routes.js";
import { registerSubscribeFormRoute } from "../web/subscribe-routes.js";
import { privateForViewers } from "./private-for-viewers.js";
import { viewerMiddleware } from "./viewer-middleware.js";

/** Seconds a page, API answer or feed may be reused by browsers and proxies. */
const PAGE_MAX_AGE_S = 60;
const FEED_MAX_AGE_S = 300;
/** Page forms (sign-in, settings, comments) are small; a larger body is refused unread (413). */
const FORM_BODY_MAX_BYTES = 256 * 1024;

/** Builds the whole HTTP surface: operations endpoints, APIs, feeds and pages. */
export function createHttpApp(app: App): Hono<HttpEnv> {
  const http = new Hono<HttpEnv>();
  http.use(requestContext(app));
  http.use(securityHeaders());
  const cache = createResponseCache(app.config.httpCacheMs);
  app.onContentChanged(() => cache.clear());
  const sharedPageCache = cache.middleware(`public, max-age=${PAGE_MAX_AGE_S}`);
  const pageCache = privateForViewers(sharedPageCache, { varyCookie: true });

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

  // Who is asking (session cookie or API token), then CSRF on every state-changing request.
  http.use(viewerMiddleware(app));
  const formLimit = bodyLimit({
    maxSize: FORM_BODY_MAX_BYTES,
    onError: (c) => c.text(`Form too large: at most ${FORM_BODY_MAX_BYTES / 1024} KiB.`, 413),
  });
  http.use(async (c, next) => (c.req.path.startsWith("/api/") ? next() : formLimit(c, next)));
  // RFC 8058 one-click unsubscribe (no cookie, no CSRF token) and the subscribe form of cached
  // pages (no token; it then counts as anonymous) are routed before the check.
  registerUnsubscribeRoutes(http, app);
  registerSubscribeFormRoute(http, app);
  http.use(csrfProtection(sendCsrfRejectedPage));

  const limited = rateLimit({
    perMinute: app.config.apiRateLimitPerMinute,
    trustProxy: app.config.trustProxy,
    buckets: app.storage.rateBuckets,
    logger: app.logger,
  });
  http.use("/api/*", limited, privateForViewers(cache.middleware(`public, max-age=${PAGE_MAX_AGE_S}`)));
  registerAccountApiRoutes(http);
  http.route("/api", createApiRoutes(app));

  http.use("/feeds/*", privateForViewers(cache.middleware(`public, max-age=${FEED_MAX_AGE_S}`)));
  registerFeedRoutes(http, app);

  http.use("*", async (c, next) => {
    if (c.req.path.startsWith("/api/") || c.req.path.startsWith("/feeds/")) return next();
    // Stylesheets and scripts are the same for everyone: cached (and immutable) whoever asks.
    if (c.req.path.startsWith("/static/")) return sharedPageCache(c, next);
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
    // Hono's own refusals (malformed JSON, an unsupported media type, a body too large) carry
    // their status: a client error, not ours.
    if (error instanceof HTTPException && error.status < 500) {
      const message = error.message || "The request could not be read.";
      return c.req.path.startsWith("/api/") ? c.json({ error: message }, error.status) : c.text(message, error.status);
    }
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
