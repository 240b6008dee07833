import {
  type AccountDeps,
  type ClientInfo,
  type Throttled,
  checkThrottle,
  countAttempt,
  sweepExpired,
  throttleKeys,
} from "./account-deps.js";
import type { Session, User } from "./ports.js";
import { idleCutoff, isSessionLive, sessionExpiresAt, shouldTouchSession } from "./session-policy.js";
import { THROTTLE_RULES } from "./throttle-policy.js";
import { type Viewer, presentViewer } from "./viewer.js";

/** Personal API tokens start with this, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = "pb_";
/** last_used_at of an API token is written at most this often. */
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export type LogInResult =
  { kind: "signed-in"; sessionToken: string; user: User } | { kind: "bad-credentials" } | Throttled;

export type PasswordCheck = "ok" | "wrong" | Throttled;

const LOGIN_RULES = { perIp: THROTTLE_RULES.loginPerIp, perAccount: THROTTLE_RULES.loginPerAccount };

export function createAuthentication(deps: AccountDeps) {
  async function startSession(user: User, client: ClientInfo): Promise<string> {
    const now = deps.now();
    const { token, hash } = deps.tokens.create();
    await deps.store.sessions.insert({
      userId: user.id,
      tokenHash: hash,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: sessionExpiresAt(now, deps.sessionPolicy).toISOString(),
      userAgent: client.userAgent,
      ip: client.ip,
    });
    return token;
  }

  return {
    /** A new session for the user; returns the secret for the cookie. */
    startSession,

    /**
     * Signs in with a new session. Any session the browser already had is deleted, so a
     * session id planted before sign-in is worthless after it (no fixation).
     */
    async logIn(
      email: string,
      password: string,
      client: ClientInfo,
      previousToken: string | null,
    ): Promise<LogInResult> {
      const keys = throttleKeys(deps, "login", client.ip, email, LOGIN_RULES);
      const throttled = await checkThrottle(deps, keys);
      if (throttled) return throttled;
      const user = await deps.store.users.findByEmail(email);
      const matches = await deps.passwords.verify(user?.passwordHash ?? deps.passwords.dummyHash, password);
      if (user === null || !matches) {
        await countAttempt(deps, keys);
        return { kind: "bad-credentials" };
      }
      await deps.store.throttle.clear(keys[1]!.key);
      if (previousToken !== null) await deps.store.sessions.deleteByTokenHash(deps.tokens.hash(previousToken));
      // Housekeeping rides on sign-ins: ended sessions and forgotten throttle counts go.
      await sweepExpired(deps, idleCutoff(deps.now(), deps.sessionPolicy));
      return { kind: "signed-in", sessionToken: await startSession(user, client), user };
    },

    /** Re-asks a signed-in user's password (settings); wrong answers count as failed logins. */
    async checkPassword(user: User, password: string, client: ClientInfo): Promise<PasswordCheck> {
      const keys = throttleKeys(deps, "login", client.ip, user.email, LOGIN_RULES);
      const throttled = await checkThrottle(deps, keys);
      if (throttled) return throttled;
      if (await deps.passwords.verify(user.passwordHash, password)) return "ok";
      await countAttempt(deps, keys);
      return "wrong";
    },

    async logOut(sessionToken: string): Promise<void> {
      await deps.store.sessions.deleteByTokenHash(deps.tokens.hash(sessionToken));
    },

    /** The signed-in viewer of a session cookie, or null when it is unknown or has ended. */
    async resolveSession(
      sessionToken: string,
      client: ClientInfo,
    ): Promise<{ viewer: Viewer; session: Session } | null> {
      const now = deps.now();
      const session = await deps.store.sessions.findByTokenHash(deps.tokens.hash(sessionToken));
      if (session === null) return null;
      if (!isSessionLive(session, now, deps.sessionPolicy)) {
        await deps.store.sessions.deleteByTokenHash(deps.tokens.hash(sessionToken));
        return null;
      }
      const user = await deps.store.users.findById(session.userId);
      if (user === null) return null;
      if (shouldTouchSession(session, now)) {
        await deps.store.sessions.touch(session.id, now.toISOString(), client.ip, client.userAgent);
      }
      return { viewer: presentViewer(user, "session", session.id), session };
    },

    /** The viewer of `Authorization: Bearer <token>`, or null for an unknown or revoked token. */
    async resolveApiToken(token: string): Promise<Viewer | null> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return null;
      const found = await deps.store.apiTokens.findByTokenHash(deps.tokens.hash(token));
      if (found === null) return null;
      const user = await deps.store.users.findById(found.userId);
      if (user === null) return null;
      const now = deps.now();
      if (found.lastUsedAt === null || now.getTime() - Date.parse(found.lastUsedAt) >= TOKEN_TOUCH_INTERVAL_MS) {
        await deps.store.apiTokens.markUsed(found.id, now.toISOString());
      }
      return presentViewer(user, "api-token", null);
    },
  };
}

export type Authentication = ReturnType<typeof createAuthentication>;
