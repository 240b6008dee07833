import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import type { HttpEnv } from "../http/http-env.js";

/**
 * The search box's script and the search pages' styles, served like static-assets.ts serves
 * site.css: read once at load, versioned by content hash, cached for a year at that URL.
 * Kept apart from site.css so that search can be read (and removed) as one piece.
 */
const STATIC_DIR = new URL("../../../static/", import.meta.url);
const VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable";
const UNVERSIONED_CACHE_CONTROL = "public, max-age=86400";

const SEARCH_ASSET_SOURCES = {
  "search.js": { contentType: "text/javascript; charset=utf-8", file: "search.js" },
  "search.css": { contentType: "text/css; charset=utf-8", file: "search.css" },
} as const;

export type SearchAssetName = keyof typeof SEARCH_ASSET_SOURCES;

const SEARCH_ASSETS = new Map(
  Object.entries(SEARCH_ASSET_SOURCES).map(([name, { contentType, file }]) => {
    const body = readFileSync(new URL(file, STATIC_DIR), "utf8");
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    return [name, { body, contentType, version }];
  }),
);

export function searchAssetUrl(name: SearchAssetName): string {
  return `/static/${name}?v=${SEARCH_ASSETS.get(name)!.version}`;
}

/** Must be registered before static-assets.ts's `/static/:name`, which answers 404 for these names. */
export function registerSearchAssetRoutes(http: Hono<HttpEnv>): void {
  for (const [name, asset] of SEARCH_ASSETS) {
    http.get(`/static/${name}`, (c) =>
      c.body(asset.body, 200, {
        "Content-Type": asset.contentType,
        "Cache-Control": c.req.query("v") === asset.version ? VERSIONED_CACHE_CONTROL : UNVERSIONED_CACHE_CONTROL,
      }),
    );
  }
}
