import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type AdminBench, STARRED_ID, type StaffMember, startAdminBench } from "./admin-test-kit.js";

const votesPath = `/api/v1/papers/${STARRED_ID}/votes`;
const commentsPath = `/api/v1/papers/${STARRED_ID}/comments`;

describe("moderation of users", () => {
  let t: AdminBench;
  before(async () => {
    t = await startAdminBench();
  });
  after(() => t.app.close());

  const postJson = (path: string, body: unknown, who: StaffMember) =>
    t.request(path, {
      method: "POST",
      headers: { ...who.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const idOf = (member: StaffMember) => String(member.user.id);
  const lastAudit = async () => (await t.auditActions())[0];

  it("searches by handle or email and lists role, status and the day joined", async () => {
    await t.join("percent_sign");
    const res = await t.get("/admin/users?q=MOD", t.staff.moderator);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /1 account matching &quot;MOD&quot;|1 account matching "MOD"/);
    assert.match(
      html,
      /<th scope="row">@mod<\/th><td>mod@example.org<\/td><td>moderator<\/td><td>active<\/td><td>2026-06-30<\/td>/,
    );
    const byEmail = await (await t.get("/admin/users?q=ak%40example", t.staff.moderator)).text();
    assert.match(byEmail, /@ak</);
    const literal = await (await t.get("/admin/users?q=_", t.staff.moderator)).text();
    assert.match(literal, /1 account matching/, "_ is a character, not a wildcard");
    assert.match(await (await t.get("/admin/users", t.staff.moderator)).text(), /5 accounts\./);
  });

  it("a suspended user can neither vote nor comment, sees why, and can again once restored", async () => {
    const victim = await t.join("troll");
    assert.equal((await postJson(votesPath, { voted: true }, victim)).status, 200, "may vote before");
    const res = await t.post("/admin/users/suspend", { user_id: idOf(victim), reason: "spam wave" }, t.staff.moderator);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin/users?q=troll&done=suspended");
    assert.deepEqual(await lastAudit(), {
      actor: "mod",
      action: "user.suspend",
      target: idOf(victim),
      reason: "spam wave",
    });

    assert.equal((await postJson(votesPath, { voted: false }, victim)).status, 403);
    const comment = await postJson(commentsPath, { body: "still here" }, victim);
    assert.equal(comment.status, 403);
    assert.match(((await comment.json()) as { error: string }).error, /suspended/);
    assert.match(await (await t.get("/", victim)).text(), /Your account is suspended/);
    assert.doesNotMatch(await (await t.get("/", t.staff.user)).text(), /Your account is suspended/);
    const listed = await (await t.get("/admin/users?q=troll", t.staff.moderator)).text();
    assert.match(listed, /suspended since 2026-06-30/);
    assert.match(listed, /Lift suspension/);

    const lift = await t.post("/admin/users/unsuspend", { user_id: idOf(victim), reason: "appeal" }, t.staff.moderator);
    assert.equal(lift.status, 303);
    assert.deepEqual(await lastAudit(), {
      actor: "mod",
      action: "user.unsuspend",
      target: idOf(victim),
      reason: "appeal",
    });
    assert.equal((await postJson(votesPath, { voted: false }, victim)).status, 200);
  });

  it("moderators suspend only lower roles, never themselves or their peers", async () => {
    const peer = await t.join("othermod", "moderator");
    const before = (await t.auditActions()).length;
    for (const target of [peer, t.staff.moderator, t.staff.admin]) {
      const res = await t.post("/admin/users/suspend", { user_id: idOf(target), reason: "x" }, t.staff.moderator);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /role is below yours/);
    }
    assert.equal(
      (await t.post("/admin/users/suspend", { user_id: "424242", reason: "x" }, t.staff.moderator)).status,
      404,
    );
    assert.equal((await t.auditActions()).length, before);
    const page = await (await t.get("/admin/users?q=othermod", t.staff.moderator)).text();
    assert.doesNotMatch(page, /action="\/admin\/users\/suspend"/, "no button where the action would be refused");
    assert.doesNotMatch(page, /action="\/admin\/users\/role"/, "moderators do not see role forms");
  });

  it("only admins change roles, and each change is logged with the old and new role", async () => {
    const member = await t.join("rising");
    const fields = { user_id: idOf(member), role: "curator", reason: "great picks" };
    assert.equal((await t.post("/admin/users/role", fields, t.staff.moderator)).status, 403);
    assert.equal((await t.post("/admin/users/role", fields, t.staff.curator)).status, 403);
    assert.equal((await t.app.accounts.findUserById(member.user.id))!.role, "user");
    const res = await t.post("/admin/users/role", fields, t.staff.admin);
    assert.equal(res.status, 303);
    assert.equal((await t.app.accounts.findUserById(member.user.id))!.role, "curator");
    assert.deepEqual(await lastAudit(), {
      actor: "boss",
      action: "user.role",
      target: idOf(member),
      reason: "user → curator: great picks",
    });
    assert.equal((await t.get("/admin/featured", member)).status, 200, "the new role applies at once");
  });

  it("the last admin cannot step down; with a second admin they can", async () => {
    const demote = { user_id: idOf(t.staff.admin), role: "moderator", reason: "stepping down" };
    const refused = await t.post("/admin/users/role", demote, t.staff.admin);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /last admin/);
    assert.equal((await t.app.accounts.findUserById(t.staff.admin.user.id))!.role, "admin");

    const deputy = await t.join("deputy", "admin");
    await t.app.accounts.setSuspended(deputy.user.id, true);
    assert.equal(
      (await t.post("/admin/users/role", demote, t.staff.admin)).status,
      403,
      "a suspended admin does not count",
    );
    await t.app.accounts.setSuspended(deputy.user.id, false);

    const res = await t.post("/admin/users/role", demote, t.staff.admin);
    assert.equal(res.status, 303);
    assert.equal((await t.app.accounts.findUserById(t.staff.admin.user.id))!.role, "moderator");
    assert.equal((await t.get("/admin/jobs", t.staff.admin)).status, 404, "no longer an admin");
    const back = { user_id: idOf(t.staff.admin), role: "admin", reason: "back" };
    assert.equal((await t.post("/admin/users/role", back, deputy)).status, 303);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const first = await t.join("twin1", "admin");
    const second = await t.join("twin2", "admin");
    for (const other of ["boss", "deputy"]) {
      const user = (await t.app.accounts.findUserByHandle(other))!;
      await t.app.storage.accounts.users.updateRole(user.id, "moderator", "2026-06-30T12:00:00.000Z");
    }
    const demote = (target: StaffMember) => ({ user_id: idOf(target), role: "user", reason: "coup" });
    const answers = await Promise.all([
      t.post("/admin/users/role", demote(second), first),
      t.post("/admin/users/role", demote(first), second),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [303, 403]);
    const roles = await Promise.all(
      [first, second].map(async (m) => (await t.app.accounts.findUserById(m.user.id))!.role),
    );
    assert.deepEqual(roles.sort(), ["admin", "user"]);
  });
});
