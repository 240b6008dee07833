import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./http-env.js";

/**
 * Micro-caching of successful GETs. Pages, feeds and API answers change when papers are
 * imported or trending moves, and they already tell clients they may be reused for
 * `max-age` seconds; so this process reuses a rendered answer for `ttlMs` (HTTP_CACHE_MS,
 * shorter than max-age; 0 keeps nothing) and drops everything as soon as content changes
 * here. Each cached answer carries a strong-enough ETag (SHA-1 of the body), and a matching
 * If-None-Match gets 304 without a body.
 */
const MAX_ENTRIES = 1_000;
/** Bodies above this are served but not kept (a huge month list must not crowd out pages). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const PER_REQUEST_HEADER = /^(x-request-id|ratelimit-.*|retry-after|date)$/i;

interface Entry {
  readonly at: number;
  readonly body: Uint8Array;
  readonly headers: [string, string][];
  readonly etag: string;
}

export interface ResponseCache {
  middleware(defaultCacheControl: string): MiddlewareHandler<HttpEnv>;
  clear(): void;
}

export function createResponseCache(ttlMs: number, now: () => number = Date.now): ResponseCache {
  const entries = new Map<string, Entry>();

  function remember(key: string, entry: Entry): void {
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
  }

  function answer(entry: Entry, ifNoneMatch: string | undefined): Response {
    const headers = new Headers(entry.headers);
    if (ifNoneMatch && matchesEtag(ifNoneMatch, entry.etag)) return new Response(null, { status: 304, headers });
    return new Response(entry.body, { status: 200, headers });
  }

  return {
    clear: () => entries.clear(),
    middleware(defaultCacheControl) {
      return async (c, next) => {
        if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
        const key = `${c.req.url}\n${c.req.header("accept") ?? ""}`;
        const hit = entries.get(key);
        if (hit && now() - hit.at < ttlMs) {
          c.res = answer(hit, c.req.header("if-none-match"));
          return;
        }
        await next();
        const res = c.res;
        const cacheControl = res.headers.get("cache-control");
        if (res.status !== 200 || res.headers.has("set-cookie") || /no-store|private/.test(cacheControl ?? "")) return;
        const body = new Uint8Array(await res.arrayBuffer());
        const headers = new Headers(res.headers);
        if (!cacheControl) headers.set("Cache-Control", defaultCacheControl);
        const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
        headers.set("ETag", etag);
        // Per-request headers stay out of the cache; their middleware sets them on every answer.
        const kept = [...headers.entries()].filter(([name]) => !PER_REQUEST_HEADER.test(name));
        const entry: Entry = { at: now(), body, headers: kept, etag };
        if (ttlMs > 0 && body.byteLength <= MAX_BODY_BYTES) remember(key, entry);
        c.res = answer(entry, c.req.header("if-none-match"));
      };
    },
  };
}

/** RFC 9110 If-None-Match: a list of entity tags, or `*`; weak comparison. */
function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
}
