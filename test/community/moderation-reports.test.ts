import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type AdminBench, LISTED_ID, type StaffMember, startAdminBench } from "./admin-test-kit.js";

const commentsPath = `/api/v1/papers/${LISTED_ID}/comments`;

describe("moderation of reported comments", () => {
  let t: AdminBench;
  let author: StaffMember;
  let reporters: StaffMember[];
  before(async () => {
    t = await startAdminBench();
    author = await t.join("writer");
    reporters = [await t.join("alice"), await t.join("bob")];
  });
  after(() => t.app.close());

  /** A comment by `author`, reported by both reporters (through the service: the API is tested elsewhere). */
  async function reportedComment(text: string) {
    const authorViewer = (await viewerOf(author))!;
    const posted = await t.app.discussion.postComment(authorViewer, { paperId: LISTED_ID, body: text });
    assert.ok(posted.ok);
    const id = posted.value.id;
    const [alice, bob] = await Promise.all(reporters.map(viewerOf));
    assert.ok((await t.app.discussion.reportComment(alice!, id, { reason: "spam" })).ok);
    assert.ok((await t.app.discussion.reportComment(bob!, id, { reason: "other", note: "buys followers" })).ok);
    return id;
  }

  async function viewerOf(member: StaffMember) {
    const user = (await t.app.accounts.findUserById(member.user.id))!;
    return { userId: user.id, handle: user.handle, role: user.role, emailVerified: true, suspended: false };
  }

  let fresh = 0;
  /**
   * The comment ids the thread shows to `who`. Signed-out answers are kept 30 s by the response
   * cache, which moderation does not clear yet (see the report), so each signed-out read asks a
   * new URL to see what the service now answers.
   */
  async function visibleIds(who?: StaffMember): Promise<number[]> {
    const res = await t.get(who ? commentsPath : `${commentsPath}?fresh=${++fresh}`, who);
    assert.equal(res.status, 200);
    const thread = (await res.json()) as { comments: { id: number }[] };
    return thread.comments.map((c) => c.id);
  }

  it("lists open reports grouped by comment, with the text, the paper link, reasons and notes", async () => {
    const id = await reportedComment("Buy <b>cheap</b> followers at spam.example");
    const res = await t.get("/admin/reports", t.staff.moderator);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /1 comment with open reports/);
    assert.match(html, new RegExp(`Comment #${id} by @writer`));
    assert.match(html, /Buy &lt;b&gt;cheap&lt;\/b&gt; followers/, "the Markdown is shown as text, escaped");
    assert.match(html, new RegExp(`href="/papers/${LISTED_ID}#comment-${id}"`));
    assert.match(html, /<strong>spam<\/strong> from @alice/);
    assert.match(html, /<strong>other<\/strong> from @bob at [^:]+:\d\d:\d\d[^:]*: buys followers/);
  });

  it("hide: gone for readers, kept for moderators and the author, reports closed, logged with the reason", async () => {
    const id = await reportedComment("Hide me");
    assert.ok((await visibleIds()).includes(id));
    const res = await t.post("/admin/reports/hide", { comment_id: String(id), reason: "spam link" }, t.staff.moderator);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin/reports?done=hidden");
    assert.ok(!(await visibleIds()).includes(id), "signed out");
    assert.ok(!(await visibleIds(reporters[0])).includes(id), "another user");
    assert.ok((await visibleIds(t.staff.moderator)).includes(id), "a moderator");
    assert.ok((await visibleIds(author)).includes(id), "its author");
    const queue = await (await t.get("/admin/reports", t.staff.moderator)).text();
    assert.doesNotMatch(queue, new RegExp(`Comment #${id} `), "its reports are closed");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "mod",
      action: "comment.hide",
      target: String(id),
      reason: "spam link",
    });

    const unhide = await t.post("/admin/reports/unhide", { comment_id: String(id), reason: "appeal" }, t.staff.admin);
    assert.equal(unhide.status, 303);
    assert.ok((await visibleIds()).includes(id), "visible again");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "boss",
      action: "comment.unhide",
      target: String(id),
      reason: "appeal",
    });
  });

  it("dismiss: the comment stays, its reports leave the queue, the log says why", async () => {
    const id = await reportedComment("Strong but fair criticism");
    const res = await t.post(
      "/admin/reports/dismiss",
      { comment_id: String(id), reason: "not spam" },
      t.staff.moderator,
    );
    assert.equal(res.status, 303);
    assert.ok((await visibleIds()).includes(id));
    const queue = await (await t.get("/admin/reports", t.staff.moderator)).text();
    assert.doesNotMatch(queue, new RegExp(`Comment #${id} `));
    assert.deepEqual((await t.auditActions())[0], {
      actor: "mod",
      action: "report.dismiss",
      target: String(id),
      reason: "not spam",
    });
  });

  it("an unknown comment answers 404 with a message, and nothing is logged", async () => {
    const before = (await t.auditActions()).length;
    const res = await t.post("/admin/reports/hide", { comment_id: "999999", reason: "x" }, t.staff.moderator);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /No such comment/);
    assert.equal((await t.auditActions()).length, before);
  });

  it("the audit page shows each action, newest first, and pages", async () => {
    const res = await t.get("/admin/audit", t.staff.moderator);
    assert.equal(res.status, 200);
    const html = await res.text();
    const dismissed = html.indexOf("dismissed reports on comment");
    const hid = html.indexOf("hid comment");
    assert.ok(dismissed > 0 && hid > dismissed, "newest first");
    assert.match(html, /unhid comment/);
    assert.match(html, /not spam/);
    assert.match(await (await t.get("/admin/audit?page=9", t.staff.moderator)).text(), /Page 9 of 1/);
  });
});
