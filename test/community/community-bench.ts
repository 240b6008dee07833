import type { Role } from "../../src/core/accounts/ports.js";
import { signCsrfBinding } from "../../src/delivery/http/csrf.js";
import { PASSWORD, createSignedInUser } from "../accounts/account-test-kit.js";
import { createTestApp } from "../helpers/test-app.js";

/** The fixture paper with a repository and 42 imported upvotes (test/helpers/test-app.ts). */
export const STARRED_ID = "2606.01234";

/**
 * The test app (fixture papers, fixed clock) for votes and submissions: no embedder, and a
 * rate limit high enough for a hundred requests at once; `env` adds or overrides settings.
 */
export async function startCommunityBench(options: { env?: NodeJS.ProcessEnv; empty?: boolean } = {}) {
  const t = await createTestApp({
    empty: options.empty,
    env: { PAPERBOY_EMBEDDER: "off", API_RATE_LIMIT_PER_MINUTE: "100000", ...options.env },
  });
  const { app } = t;
  return {
    ...t,
    /** A confirmed account with a session: `headers` carry its cookie and CSRF token. */
    signIn: (handle: string, role: Role = "user") =>
      createSignedInUser(app, { email: `${handle}@example.org`, handle, role }),
    /** An account that signed up but never followed the confirmation link, signed in. */
    async signInUnconfirmed(handle: string) {
      const client = { ip: "127.0.0.1", userAgent: "test" };
      const email = `${handle}@example.org`;
      await app.accounts.signUp({ email, handle, displayName: handle, password: PASSWORD }, client);
      const login = await app.accounts.logIn(email, PASSWORD, client, null);
      if (login.kind !== "signed-in") throw new Error(`signInUnconfirmed: ${login.kind}`);
      const session = await app.accounts.resolveSession(login.sessionToken, client);
      const csrfToken = signCsrfBinding(await app.accounts.csrfKey(), `session:${session!.session.id}`);
      return { cookie: `pb_session=${login.sessionToken}`, "x-csrf-token": csrfToken };
    },
    /** A personal API token of a new confirmed account. */
    async apiToken(handle: string) {
      const { user } = await createSignedInUser(app, { email: `${handle}@example.org`, handle });
      const created = await app.accounts.createApiToken(user.id, "test");
      if (created.kind !== "created") throw new Error(`apiToken: ${created.kind}`);
      return { user, authorization: `Bearer ${created.token}` };
    },
  };
}

export type CommunityBench = Awaited<ReturnType<typeof startCommunityBench>>;

/** A POST with `body` as JSON, or with no body at all when it is undefined. */
export function postJson(body: unknown, headers: Record<string, string>): RequestInit {
  if (body === undefined) return { method: "POST", headers };
  return { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) };
}
