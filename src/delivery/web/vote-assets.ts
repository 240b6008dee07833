import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import type { HttpEnv } from "../http/http-env.js";

/**
 * The upvote button's script, served as search-assets.ts serves the search box's: read
 * once at load, versioned by content hash, cached for a year at the versioned URL.
 */
const VOTES_SCRIPT = readFileSync(new URL("../../../static/votes.js", import.meta.url), "utf8");
const VOTES_SCRIPT_VERSION = createHash("sha256").update(VOTES_SCRIPT).digest("hex").slice(0, 12);
const VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable";
const UNVERSIONED_CACHE_CONTROL = "public, max-age=86400";

export const VOTES_SCRIPT_URL = `/static/votes.js?v=${VOTES_SCRIPT_VERSION}`;

/** Must be registered before static-assets.ts's `/static/:name`, which answers 404 for this name. */
export function registerVoteAssetRoutes(http: Hono<HttpEnv>): void {
  http.get("/static/votes.js", (c) =>
    c.body(VOTES_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": c.req.query("v") === VOTES_SCRIPT_VERSION ? VERSIONED_CACHE_CONTROL : UNVERSIONED_CACHE_CONTROL,
    }),
  );
}
