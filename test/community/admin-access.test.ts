import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type AdminBench, startAdminBench } from "./admin-test-kit.js";

type Who = "signed-out" | "user" | "curator" | "moderator" | "admin";
const EVERYONE: readonly Who[] = ["signed-out", "user", "curator", "moderator", "admin"];

/** The lowest role each page admits; everyone below gets 403, the signed-out are sent to sign in. */
const PAGES: readonly { path: string; lowest: Exclude<Who, "signed-out"> }[] = [
  { path: "/admin", lowest: "curator" },
  { path: "/admin/featured", lowest: "curator" },
  { path: "/admin/claims", lowest: "curator" },
  { path: "/admin/reports", lowest: "moderator" },
  { path: "/admin/users", lowest: "moderator" },
  { path: "/admin/audit", lowest: "moderator" },
];
const RANK: Record<Who, number> = { "signed-out": -1, user: 0, curator: 1, moderator: 2, admin: 3 };

describe("admin area access", () => {
  let t: AdminBench;
  before(async () => {
    t = await startAdminBench();
  });
  after(() => t.app.close());

  const as = (who: Who) => (who === "signed-out" ? undefined : t.staff[who]);

  for (const { path, lowest } of PAGES) {
    it(`${path}: sign-in redirect, 403 below ${lowest}, the page from ${lowest} up`, async () => {
      for (const who of EVERYONE) {
        const res = await t.get(path, as(who));
        const html = await res.text();
        if (who === "signed-out") {
          assert.equal(res.status, 303, `${who} on ${path}`);
          assert.equal(res.headers.get("location"), `/login?next=${encodeURIComponent(path)}`);
        } else if (RANK[who] < RANK[lowest]) {
          assert.equal(res.status, 403, `${who} on ${path}`);
          assert.match(html, /Not allowed/);
          assert.match(html, new RegExp(`Your role is ${who}`));
        } else {
          assert.equal(res.status, 200, `${who} on ${path}`);
          assert.equal(res.headers.get("cache-control"), "private, no-store");
        }
      }
    });
  }

  it("the index links only the pages the role may use", async () => {
    const curator = await (await t.get("/admin", t.staff.curator)).text();
    assert.match(curator, /href="\/admin\/featured"/);
    assert.match(curator, /href="\/admin\/claims"/);
    assert.doesNotMatch(curator, /href="\/admin\/reports"/);
    assert.doesNotMatch(curator, /href="\/admin\/jobs"/);
    const moderator = await (await t.get("/admin", t.staff.moderator)).text();
    for (const page of ["featured", "reports", "users", "audit"])
      assert.match(moderator, new RegExp(`/admin/${page}"`));
    assert.doesNotMatch(moderator, /href="\/admin\/jobs"/);
    assert.match(await (await t.get("/admin", t.staff.admin)).text(), /href="\/admin\/jobs"/);
  });

  it("actions refuse a form without its CSRF token (403) and change nothing", async () => {
    const forms: [string, Record<string, string>][] = [
      ["/admin/reports/hide", { comment_id: "1", reason: "spam" }],
      ["/admin/reports/dismiss", { comment_id: "1", reason: "fine" }],
      ["/admin/users/suspend", { user_id: String(t.staff.user.user.id), reason: "spam" }],
      ["/admin/users/role", { user_id: String(t.staff.user.user.id), role: "admin", reason: "x" }],
      ["/admin/featured/feature", { paper_id: "2606.01234", day: "2026-06-30" }],
    ];
    for (const [path, fields] of forms) {
      const res = await t.post(path, fields, t.staff.admin, { csrf: false });
      assert.equal(res.status, 403, path);
      assert.match(await res.text(), /form has expired/);
    }
    assert.equal((await t.app.accounts.findUserById(t.staff.user.user.id))!.role, "user");
    assert.deepEqual(await t.auditActions(), []);
  });

  it("actions below the role answer 403, and signed-out posts are refused", async () => {
    const suspend = { user_id: String(t.staff.user.user.id), reason: "because" };
    assert.equal((await t.post("/admin/users/suspend", suspend, t.staff.curator)).status, 403);
    assert.equal((await t.post("/admin/featured/feature", { paper_id: "2606.01234" }, t.staff.user)).status, 403);
    const role = { user_id: String(t.staff.user.user.id), role: "curator", reason: "promote" };
    assert.equal((await t.post("/admin/users/role", role, t.staff.moderator)).status, 403);
    const signedOut = await t.post("/admin/users/suspend", suspend);
    assert.equal(signedOut.status, 403, "no session: the CSRF check answers first");
    assert.equal((await t.app.accounts.findUserById(t.staff.user.user.id))!.suspendedAt, null);
  });

  it("a suspended moderator loses the admin pages until restored", async () => {
    const mod = await t.join("sleepy", "moderator");
    await t.app.accounts.setSuspended(mod.user.id, true);
    const res = await t.get("/admin/reports", mod);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Your account is suspended/);
    await t.app.accounts.setSuspended(mod.user.id, false);
    assert.equal((await t.get("/admin/reports", mod)).status, 200);
  });

  it("an API token does not open the admin pages", async () => {
    const created = await t.app.accounts.createApiToken(t.staff.admin.user.id, "script");
    assert.equal(created.kind, "created");
    if (created.kind !== "created") return;
    const res = await t.request("/admin/users", { headers: { authorization: `Bearer ${created.token}` } });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /browser session/);
  });

  it("malformed input answers 4xx with the reason, never 500", async () => {
    const bad: [string, Record<string, string>, RegExp][] = [
      ["/admin/reports/hide", { comment_id: "abc", reason: "x" }, /Invalid comment|Missing comment/],
      ["/admin/reports/hide", { comment_id: "1", reason: "  " }, /Give a reason/],
      ["/admin/users/role", { user_id: "1", role: "emperor", reason: "x" }, /Choose a role/],
      ["/admin/featured/feature", { paper_id: "not-an-id" }, /not an arXiv id/],
      ["/admin/featured/feature", { paper_id: "2606.01234", day: "2026-02-30" }, /YYYY-MM-DD/],
    ];
    for (const [path, fields, message] of bad) {
      const res = await t.post(path, fields, t.staff.admin);
      assert.equal(res.status, 400, path);
      assert.match(await res.text(), message);
    }
    assert.equal((await t.get("/admin/featured?day=tomorrow", t.staff.admin)).status, 400);
    assert.equal((await t.get("/admin/audit?page=-4", t.staff.admin)).status, 200, "a bad page number means page 1");
  });
});
