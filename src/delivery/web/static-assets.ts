import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import type { HttpEnv } from "../http/http-env.js";

/** static/ at the package root, from src/delivery/web/ (tsx) and dist/delivery/web/ (built). */
const STATIC_DIR = new URL("../../../static/", import.meta.url);

/** A versioned URL never changes content, so it may be cached for a year. */
const VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Unversioned URLs (the avatar the HF-compatible API links, old versions) are revalidated daily. */
const UNVERSIONED_CACHE_CONTROL = "public, max-age=86400";

/** The stylesheet's parts in cascade order, kept small for editing and served as one file. */
const STYLESHEET_PARTS = [
  "css/base.css",
  "css/chrome.css",
  "css/cards.css",
  "css/paper.css",
  "css/accounts.css",
  "css/discussion.css",
  "css/admin.css",
];

/** Each asset's content type and the files it is read from. */
const ASSET_SOURCES = {
  "site.css": { contentType: "text/css; charset=utf-8", files: STYLESHEET_PARTS },
  "favicon.svg": { contentType: "image/svg+xml", files: ["favicon.svg"] },
  "avatar.svg": { contentType: "image/svg+xml", files: ["avatar.svg"] },
} as const;

export type StaticAssetName = keyof typeof ASSET_SOURCES;

interface StaticAsset {
  readonly body: string;
  readonly contentType: string;
  /** First hex digits of the content's SHA-256: a new deploy with new CSS gets a new URL. */
  readonly version: string;
}

/**
 * The files are part of the program, like its code: read once when the module loads, so a
 * missing file fails at boot rather than on the first request, and the hash is stable.
 */
const STATIC_ASSETS: ReadonlyMap<string, StaticAsset> = new Map(
  Object.entries(ASSET_SOURCES).map(([name, { contentType, files }]) => {
    const body = files.map((file) => readFileSync(new URL(file, STATIC_DIR), "utf8")).join("\n");
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    return [name, { body, contentType, version }];
  }),
);

/** `/static/site.css?v=3f2a…`: the URL pages link, changing whenever the file does. */
export function staticAssetUrl(name: StaticAssetName): string {
  return `/static/${name}?v=${STATIC_ASSETS.get(name)!.version}`;
}

export function registerStaticRoutes(http: Hono<HttpEnv>): void {
  http.get("/static/:name", (c) => {
    const asset = STATIC_ASSETS.get(c.req.param("name"));
    if (!asset) return c.notFound();
    const isCurrentVersion = c.req.query("v") === asset.version;
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": isCurrentVersion ? VERSIONED_CACHE_CONTROL : UNVERSIONED_CACHE_CONTROL,
    });
  });
  // Browsers ask for /favicon.ico whatever the page links; send them to the real icon.
  http.get("/favicon.ico", (c) => c.redirect(staticAssetUrl("favicon.svg"), 301));
}
