/**
 * Absolute links in digest mail. Mail is read far from the site, so every link carries the
 * scheme and host of PUBLIC_URL; the token is the only credential in a link (no email address).
 * The web routes that answer these paths are wired by the app (GET shows a page, POST acts).
 */
import { ConfigError } from "../../config.js";

export const DIGEST_LINK_PATHS = {
  /** RFC 8058 one-click target: POST unsubscribes, GET shows a button. */
  unsubscribe: "/u/",
  /** Preferences (topics, frequency, unsubscribe from all). */
  manage: "/subscriptions/manage/",
  /** Double opt-in: GET shows a button, POST confirms. */
  confirm: "/confirm/",
  /** Emailed on request: GET shows a button, POST downloads the subscriber's data as JSON. */
  export: "/subscriptions/export/",
  /** Emailed on request: GET shows a button, POST erases the subscriber. */
  erase: "/subscriptions/erase/",
  paper: "/papers/",
} as const;

export interface DigestLinks {
  readonly baseUrl: string;
  paperUrl(paperId: string): string;
  unsubscribeUrl(token: string): string;
  manageUrl(token: string): string;
  confirmUrl(token: string): string;
  exportUrl(token: string): string;
  eraseUrl(token: string): string;
}

/** Loopback hosts may use http for local development; everything else must be https. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https, or http on a loopback host (local development and tests). */
export function isMailSafeUrl(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
}

/** Throws at startup on a base URL mail cannot use (relative, not http(s), http off loopback). */
export function createDigestLinks(publicUrl: string): DigestLinks {
  const base = new URL(publicUrl);
  if (!isMailSafeUrl(base)) throw new ConfigError([`PUBLIC_URL must be https for links in mail: ${publicUrl}`]);
  const root = base.href.replace(/\/+$/, "");
  const tokenUrl = (path: string, token: string) => `${root}${path}${encodeURIComponent(token)}`;
  return {
    baseUrl: root,
    // Old-style arXiv ids keep their slash (hep-th/9901001): encode each segment on its own.
    paperUrl: (id) => `${root}${DIGEST_LINK_PATHS.paper}${id.split("/").map(encodeURIComponent).join("/")}`,
    unsubscribeUrl: (token) => tokenUrl(DIGEST_LINK_PATHS.unsubscribe, token),
    manageUrl: (token) => tokenUrl(DIGEST_LINK_PATHS.manage, token),
    confirmUrl: (token) => tokenUrl(DIGEST_LINK_PATHS.confirm, token),
    exportUrl: (token) => tokenUrl(DIGEST_LINK_PATHS.export, token),
    eraseUrl: (token) => tokenUrl(DIGEST_LINK_PATHS.erase, token),
  };
}
