import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { RateBuckets, RateTake } from "../../adapters/storage/rate-buckets.js";
import type { Logger } from "../../lib/logger.js";
import type { HttpEnv } from "./http-env.js";

/**
 * The API's per-client limit: `perMinute` requests, refilled continuously (a token bucket in
 * `buckets`, which on PostgreSQL every web process shares). Over the limit the answer is 429
 * with Retry-After (seconds until one token is back). If the buckets cannot be reached the
 * request goes through: the limit sheds load, it does not guard anything, and an API that
 * needs the database fails on its own then.
 */
export function rateLimit(options: {
  perMinute: number;
  trustProxy: boolean;
  buckets: RateBuckets;
  logger?: Logger;
  now?: () => Date;
}): MiddlewareHandler<HttpEnv> {
  const now = options.now ?? (() => new Date());
  return async (c, next) => {
    if (options.perMinute === 0) return next();
    let take: RateTake;
    try {
      take = await options.buckets.take(clientIp(c, options.trustProxy), options.perMinute, now());
    } catch (error) {
      options.logger?.warn({ err: error }, "API rate limit unavailable: request let through");
      return next();
    }
    c.header("RateLimit-Limit", String(options.perMinute));
    if (!take.allowed) {
      const retryAfter = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
      c.header("Retry-After", String(retryAfter));
      return c.json(
        {
          error: `Too many requests: the API allows ${options.perMinute} per minute per client. Retry in ${retryAfter} s.`,
        },
        429,
      );
    }
    c.header("RateLimit-Remaining", String(take.remaining));
    return next();
  };
}

function clientIp(c: Parameters<MiddlewareHandler>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
