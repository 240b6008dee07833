import type { AccountDeps, ClientInfo, Throttled } from "./account-deps.js";
import { API_TOKEN_PREFIX, type Authentication } from "./authentication.js";
import type { ApiToken, ProfileSettings, Session } from "./ports.js";
import { isSessionLive } from "./session-policy.js";

/** A person needs a few (a laptop script, a CI job); more is likely a leak in the making. */
export const MAX_API_TOKENS_PER_USER = 20;

export type CreateApiTokenResult = { kind: "created"; token: string; apiToken: ApiToken } | { kind: "too-many" };

export function createAccountSettings(deps: AccountDeps, auth: Authentication) {
  return {
    async updateDisplayName(userId: number, displayName: string): Promise<void> {
      await deps.store.users.updateDisplayName(userId, displayName, deps.now().toISOString());
    },

    /** What the user shows on their public profile; null when there is no such user. */
    async findProfileSettings(userId: number): Promise<ProfileSettings | null> {
      return deps.store.users.findProfileSettings(userId);
    },

    async updateProfileSettings(userId: number, settings: ProfileSettings): Promise<void> {
      await deps.store.users.updateProfileSettings(userId, settings, deps.now().toISOString());
    },

    /** Deletes the account and everything that signs in as it, after re-asking the password. */
    async deleteAccount(
      userId: number,
      password: string,
      client: ClientInfo,
    ): Promise<"deleted" | "wrong-password" | Throttled> {
      const user = await deps.store.users.findById(userId);
      if (user === null) return "deleted";
      const check = await auth.checkPassword(user, password, client);
      if (check === "wrong") return "wrong-password";
      if (check !== "ok") return check;
      await deps.store.users.delete(user.id);
      return "deleted";
    },

    /** Live sessions, newest activity first (ended ones wait for the sweep, unseen). */
    async listSessions(userId: number): Promise<Session[]> {
      const now = deps.now();
      return (await deps.store.sessions.listForUser(userId)).filter((s) => isSessionLive(s, now, deps.sessionPolicy));
    },

    /** False when the session is not the user's (or already gone). */
    async revokeSession(userId: number, sessionId: number): Promise<boolean> {
      return deps.store.sessions.delete(userId, sessionId);
    },

    /** The token is returned once, here; only its hash is kept. */
    async createApiToken(userId: number, name: string): Promise<CreateApiTokenResult> {
      if ((await deps.store.apiTokens.listForUser(userId)).length >= MAX_API_TOKENS_PER_USER)
        return { kind: "too-many" };
      const token = API_TOKEN_PREFIX + deps.tokens.create().token;
      const apiToken = await deps.store.apiTokens.insert({
        userId,
        name,
        tokenHash: deps.tokens.hash(token),
        createdAt: deps.now().toISOString(),
      });
      return { kind: "created", token, apiToken };
    },

    async listApiTokens(userId: number): Promise<ApiToken[]> {
      return deps.store.apiTokens.listForUser(userId);
    },

    async revokeApiToken(userId: number, tokenId: number): Promise<boolean> {
      return deps.store.apiTokens.delete(userId, tokenId);
    },
  };
}
