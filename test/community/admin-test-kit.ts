import type { Role } from "../../src/core/accounts/ports.js";
import { createSignedInUser } from "../accounts/account-test-kit.js";
import { createTestApp } from "../helpers/test-app.js";

/** A paper of the fixture, listed on 2026-06-29 (test/helpers/test-app.ts: HOSTILE_PAPER). */
export const LISTED_ID = "2606.99999";
/** A fixture paper with a repository, listed on 2026-06-03 only. */
export const STARRED_ID = "2606.01234";

export type StaffMember = Awaited<ReturnType<typeof createSignedInUser>>;

/**
 * The test app (fixture papers, clock at 2026-06-30 12:00 UTC) with one signed-in account
 * per role; `as(member)` sends a request with that session's cookie and CSRF header.
 */
export async function startAdminBench() {
  const t = await createTestApp({ env: { PAPERBOY_EMBEDDER: "off", API_RATE_LIMIT_PER_MINUTE: "100000" } });
  const join = (handle: string, role: Role = "user") =>
    createSignedInUser(t.app, { email: `${handle}@example.org`, handle, role });
  const staff = {
    user: await join("reader"),
    curator: await join("ak", "curator"),
    moderator: await join("mod", "moderator"),
    admin: await join("boss", "admin"),
  };
  return {
    ...t,
    staff,
    join,
    get: (path: string, who?: StaffMember) => t.request(path, { headers: who?.headers ?? {} }),
    /** A form post with the session's token in `_csrf` (as a browser sends it), unless `csrf` is false. */
    post(path: string, fields: Record<string, string>, who?: StaffMember, options: { csrf?: boolean } = {}) {
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
      if (who) headers.cookie = who.headers.cookie!;
      const body = new URLSearchParams(
        who && options.csrf !== false ? { _csrf: who.csrfToken, ...fields } : fields,
      ).toString();
      return t.request(path, { method: "POST", headers, body });
    },
    async auditActions() {
      const log = await t.app.storage.community.moderationLog.list({ offset: 0, limit: 100 });
      return log.items.map((e) => ({ actor: e.actorHandle, action: e.action, target: e.targetId, reason: e.reason }));
    },
  };
}

export type AdminBench = Awaited<ReturnType<typeof startAdminBench>>;
