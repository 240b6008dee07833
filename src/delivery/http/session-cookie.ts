import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Config } from "../../config.js";

/**
 * The two cookies of accounts: the session (who is signed in) and, for signed-out forms,
 * a random value that CSRF tokens are bound to. Both HttpOnly and SameSite=Lax; over
 * HTTPS also Secure with the __Host- prefix, so no subdomain can set or shadow them.
 * @see https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#name-the-__host-prefix
 */
const SESSION_COOKIE = "pb_session";
const ANONYMOUS_COOKIE = "pb_csrf";
const DAY_S = 86_400;
/** The signed-out CSRF cookie outlives a form left open over a weekend. */
const ANONYMOUS_COOKIE_MAX_AGE_S = 7 * DAY_S;
/** Session cookies and CSRF cookie values are base64url; anything else is ignored. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{20,100}$/;

type CookieConfig = Pick<Config, "accounts">;

function cookieName(config: CookieConfig, name: string): string {
  return config.accounts.secureCookies ? `__Host-${name}` : name;
}

function cookieOptions(config: CookieConfig, maxAge: number) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: config.accounts.secureCookies,
    maxAge,
  } as const;
}

function readCookie(c: Context, config: CookieConfig, name: string): string | null {
  const value = getCookie(c, cookieName(config, name));
  return value !== undefined && COOKIE_VALUE.test(value) ? value : null;
}

export function readSessionCookie(c: Context, config: CookieConfig): string | null {
  return readCookie(c, config, SESSION_COOKIE);
}

/** Lives as long as the session can (the server ends it earlier when idle). */
export function setSessionCookie(c: Context, config: CookieConfig, token: string): void {
  setCookie(
    c,
    cookieName(config, SESSION_COOKIE),
    token,
    cookieOptions(config, config.accounts.sessionMaxDays * DAY_S),
  );
}

export function clearSessionCookie(c: Context, config: CookieConfig): void {
  setCookie(c, cookieName(config, SESSION_COOKIE), "", cookieOptions(config, 0));
}

export function readAnonymousCookie(c: Context, config: CookieConfig): string | null {
  return readCookie(c, config, ANONYMOUS_COOKIE);
}

export function setAnonymousCookie(c: Context, config: CookieConfig, value: string): void {
  setCookie(c, cookieName(config, ANONYMOUS_COOKIE), value, cookieOptions(config, ANONYMOUS_COOKIE_MAX_AGE_S));
}
