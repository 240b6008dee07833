import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { STARRED_PAPER } from "../helpers/test-app.js";
import {
  type Member,
  OLD_STYLE_PAPER,
  type TestApp,
  actorOf,
  getPage,
  postForm,
  signIn,
  startCommentsApp,
} from "./comments-test-kit.js";

describe("member profiles", () => {
  let t: TestApp;
  let ada: Member;
  let visible: number;
  let hidden: number;
  let deleted: number;

  before(async () => {
    t = await startCommentsApp();
    ada = await signIn(t, "ada");
    const mod = await signIn(t, "mod", "moderator");
    await t.app.accounts.updateDisplayName(ada.user.id, "Ada Lovelace");
    const actor = actorOf(ada);
    const post = async (body: string) => {
      const outcome = await t.app.discussion.postComment(actor, { paperId: STARRED_PAPER.id, body });
      assert.ok(outcome.ok);
      return outcome.value.id;
    };
    visible = await post("A *public* remark");
    hidden = await post("Hidden remark");
    deleted = await post("Deleted remark");
    await t.app.discussion.setCommentHidden({ ...actorOf(mod), role: "moderator" }, hidden, true, null);
    await t.app.discussion.deleteComment(actor, deleted);
    const submitted = await t.app.discussion.submitPaper(actor, OLD_STYLE_PAPER.id);
    assert.ok(submitted.ok && submitted.value.kind === "accepted");
    assert.ok((await t.app.discussion.vote(actor, STARRED_PAPER.id, true)).ok);
  });

  it("shows the name, handle, joined date, submissions and public comments, never the address", async () => {
    const { res, html } = await getPage(t, "/users/ada");
    assert.equal(res.status, 200);
    assert.match(html, /<h1 id="profile-name">Ada Lovelace<\/h1>/);
    assert.match(html, /@ada · joined <time datetime="2026-06-30T12:00:00.000Z">Jun 30, 2026<\/time>/);
    assert.match(html, /<a href="\/papers\/hep-th\/9901001">An Old-Style Identifier for Testing<\/a>/);
    assert.match(html, /Submitted papers <span class="muted">\(1\)<\/span>/);
    assert.match(html, new RegExp(`href="/papers/${STARRED_PAPER.id}#comment-${visible}"`));
    assert.match(html, /A <em>public<\/em> remark/);
    assert.match(html, /Comments <span class="muted">\(1\)<\/span>/);
    assert.doesNotMatch(html, /Hidden remark|Deleted remark/);
    assert.doesNotMatch(html, /ada@example\.org/);
    assert.doesNotMatch(html, /Upvoted papers/, "upvotes are private unless shown by choice");
  });

  it("lists upvoted papers once the member ticks the box in settings, and hides them when unticked", async () => {
    const settings = await getPage(t, "/settings", ada);
    assert.match(settings.html, /<input type="checkbox" name="show_upvotes" value="1"\/>/);
    const res = await postForm(t, "/settings/profile", ada, { show_upvotes: "1" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/settings?done=profile");
    const after = await getPage(t, "/settings?done=profile", ada);
    assert.match(after.html, /Profile settings saved\./);
    assert.match(after.html, /name="show_upvotes" value="1" checked=""/);
    const shown = await getPage(t, "/users/ada?shown=1");
    assert.match(shown.html, /Upvoted papers <span class="muted">\(1\)<\/span>/);
    assert.match(shown.html, new RegExp(`<a href="/papers/${STARRED_PAPER.id}">${STARRED_PAPER.title}</a>`));

    assert.equal((await postForm(t, "/settings/profile", ada, {})).status, 303);
    assert.doesNotMatch((await getPage(t, "/users/ada?shown=0")).html, /Upvoted papers/);
  });

  it("refuses a tampered settings form (400) and one without its CSRF token (403)", async () => {
    assert.equal((await postForm(t, "/settings/profile", ada, { show_upvotes: "yes" })).status, 400);
    assert.equal((await postForm(t, "/settings/profile", ada, { show_upvotes: "1" }, { csrf: false })).status, 403);
  });

  it("links comment authors on the paper page to their profiles", async () => {
    const { html } = await getPage(t, `/papers/${STARRED_PAPER.id}`, ada);
    assert.match(html, /<a href="\/users\/ada" class="comment-author">Ada Lovelace<\/a>/);
  });

  it("unknown handles are a 404 page; other spellings of a handle redirect to it", async () => {
    const unknown = await getPage(t, "/users/nobody");
    assert.equal(unknown.res.status, 404);
    assert.match(unknown.html, /No one on this hub has the handle @nobody\./);
    const hostile = await getPage(t, `/users/${encodeURIComponent("<script>alert(1)</script>")}`);
    assert.equal(hostile.res.status, 404);
    assert.doesNotMatch(hostile.html, /<script>alert/);
    const upper = await t.request("/users/ADA");
    assert.equal(upper.status, 301);
    assert.equal(upper.headers.get("location"), "/users/ada");
  });

  it("says when an account is suspended", async () => {
    const eve = await signIn(t, "eve");
    await t.app.accounts.setSuspended(eve.user.id, true);
    const { res, html } = await getPage(t, "/users/eve");
    assert.equal(res.status, 200);
    assert.match(html, /This account is suspended/);
    assert.doesNotMatch((await getPage(t, "/users/ada?check=1")).html, /This account is suspended/);
  });
});
