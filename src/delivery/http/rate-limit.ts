import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { HttpEnv } from "./http-env.js";

const WINDOW_MS = 60_000;
/** Forget idle clients after this many windows so the table stays small. */
const SWEEP_EVERY_REQUESTS = 10_000;

/**
 * A per-IP token bucket: `perMinute` requests, refilled continuously. Over the limit the
 * answer is 429 with Retry-After (seconds until one token is back). Counts live in this
 * process: with several app processes each enforces its own share.
 */
export function rateLimit(options: {
  perMinute: number;
  trustProxy: boolean;
  now?: () => number;
}): MiddlewareHandler<HttpEnv> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const now = options.now ?? Date.now;
  const refillPerMs = options.perMinute / WINDOW_MS;
  let requests = 0;
  return async (c, next) => {
    if (options.perMinute === 0) return next();
    const ip = clientIp(c, options.trustProxy);
    const t = now();
    const bucket = buckets.get(ip) ?? { tokens: options.perMinute, at: t };
    bucket.tokens = Math.min(options.perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(ip, bucket);
    if (++requests % SWEEP_EVERY_REQUESTS === 0) sweep(buckets, t);
    c.header("RateLimit-Limit", String(options.perMinute));
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      c.header("Retry-After", String(retryAfter));
      return c.json(
        {
          error: `Too many requests: the API allows ${options.perMinute} per minute per client. Retry in ${retryAfter} s.`,
        },
        429,
      );
    }
    bucket.tokens -= 1;
    c.header("RateLimit-Remaining", String(Math.floor(bucket.tokens)));
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

function sweep(buckets: Map<string, { tokens: number; at: number }>, t: number): void {
  for (const [ip, bucket] of buckets) if (t - bucket.at > WINDOW_MS) buckets.delete(ip);
}
