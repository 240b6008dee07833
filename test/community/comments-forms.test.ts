import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { TestBrowser } from "../accounts/account-test-kit.js";
import { STARRED_PAPER } from "../helpers/test-app.js";
import {
  type Member,
  OLD_STYLE_PAPER,
  type TestApp,
  commentArticle,
  commentIdOf,
  getPage,
  postForm,
  signIn,
  startCommentsApp,
  unescapeHtml,
} from "./comments-test-kit.js";

const PAPER = `/papers/${STARRED_PAPER.id}`;
const COMMENTS = `${PAPER}/comments`;

describe("comments through the paper page's forms", () => {
  let t: TestApp;
  let ada: Member;
  let bob: Member;

  before(async () => {
    t = await startCommentsApp();
    ada = await signIn(t, "ada");
    bob = await signIn(t, "bob");
  });

  it("signed out: a prompt to log in and come back, no form and no CSRF cookie", async () => {
    const { res, html } = await getPage(t, `/papers/${OLD_STYLE_PAPER.id}`);
    assert.equal(res.status, 200);
    assert.match(html, /<section id="comments"/);
    assert.match(html, /href="\/login\?next=%2Fpapers%2Fhep-th%2F9901001%23comments">Log in to comment<\/a>/);
    assert.doesNotMatch(html, /name="_csrf"/);
    assert.deepEqual(res.headers.getSetCookie(), [], "a signed-out page stays cacheable");
  });

  it("posts a comment, redirects to it, and shows it rendered with a link to the author's profile", async () => {
    const res = await postForm(t, COMMENTS, ada, { body: "Nice result: **bold** and $x^2$." });
    assert.equal(res.status, 303);
    const id = commentIdOf(res);
    assert.equal(res.headers.get("location"), `${PAPER}#comment-${id}`);
    const { html } = await getPage(t, PAPER, bob);
    const article = commentArticle(html, id);
    assert.ok(article, "the comment is on the page");
    assert.match(article, /<a href="\/users\/ada" class="comment-author">ada<\/a>/);
    assert.match(article, /<strong>bold<\/strong>/);
    assert.match(article, /<math>/);
    assert.match(html, /Discussion <span class="muted">\(\d+ comments?\)/);
  });

  it("nests a reply under the comment it answers", async () => {
    const parent = commentIdOf(await postForm(t, COMMENTS, ada, { body: "Parent" }));
    const reply = commentIdOf(await postForm(t, COMMENTS, bob, { body: "A reply", parent_id: String(parent) }));
    const { html } = await getPage(t, PAPER, ada);
    const nested = new RegExp(
      `id="comment-${parent}">[\\s\\S]*?</article><ol class="comment-thread comment-replies"><li><article class="comment" id="comment-${reply}">`,
    );
    assert.match(html, nested);
  });

  it("edits: the author's box starts from the Markdown, the comment gets an edited mark", async () => {
    const id = commentIdOf(await postForm(t, COMMENTS, ada, { body: "Frist *draft*" }));
    const before = commentArticle((await getPage(t, PAPER, ada)).html, id)!;
    assert.match(before, /<textarea id="edit-\d+"[^>]*>Frist \*draft\*<\/textarea>/);
    const res = await postForm(t, `${COMMENTS}/${id}/edit`, ada, { body: "First *draft*" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${PAPER}#comment-${id}`);
    const after = commentArticle((await getPage(t, PAPER, bob)).html, id)!;
    assert.match(after, /First <em>draft<\/em>/);
    assert.match(after, / · edited/);
    assert.doesNotMatch(after, /Edit<\/summary>/, "nobody else gets the edit box");
  });

  it("refuses someone else's edit with 403 and the reason, keeping what they typed", async () => {
    const id = commentIdOf(await postForm(t, COMMENTS, ada, { body: "Mine" }));
    const res = await postForm(t, `${COMMENTS}/${id}/edit`, bob, { body: "Not yours <b>x</b>" });
    assert.equal(res.status, 403);
    const html = await res.text();
    assert.match(html, /can no longer be edited by you/);
    assert.match(
      html,
      /<textarea readonly="" rows="3" aria-label="What you wrote">Not yours &lt;b&gt;x&lt;\/b&gt;<\/textarea>/,
    );
    assert.equal(res.headers.get("cache-control"), "private, no-store");
  });

  it("an empty comment: 422, the page again with the message", async () => {
    const res = await postForm(t, COMMENTS, ada, { body: "   \n  " });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /<p class="notice notice-error" role="alert">The comment is empty\.<\/p>/);
    assert.match(html, /<h1 id="paper-title">/, "the paper page, not an error page");
  });

  it("a comment that is too long: 422, and the text typed is in the box again", async () => {
    const typed = `Keep me ${"é".repeat(10_001)}`;
    const res = await postForm(t, COMMENTS, ada, { body: typed });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /the limit is 10,000/);
    const box = /<textarea id="new-comment-body"[^>]*>([^<]*)<\/textarea>/.exec(html);
    assert.equal(unescapeHtml(box![1]!), typed);
  });

  it("a refused reply reopens its box under the comment with the message and the text", async () => {
    const parent = commentIdOf(await postForm(t, COMMENTS, ada, { body: "Parent for a refused reply" }));
    const res = await postForm(t, COMMENTS, bob, { body: " ", parent_id: String(parent) });
    assert.equal(res.status, 422);
    const article = commentArticle(await res.text(), parent)!;
    assert.match(article, /<details class="comment-action" open=""><summary>Reply<\/summary>/);
    assert.match(article, /The comment is empty\./);
  });

  it("a malformed form field is a 400 with a message, never a 500", async () => {
    const res = await postForm(t, COMMENTS, ada, { body: "x", parent_id: "not-a-number" });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /notice-error/);
    const missing = await postForm(t, COMMENTS, ada, {});
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /no comment text/);
  });

  it("deletes: a tombstone keeps the replies in place", async () => {
    const parent = commentIdOf(await postForm(t, COMMENTS, ada, { body: "To be deleted" }));
    const reply = commentIdOf(await postForm(t, COMMENTS, bob, { body: "Reply stays", parent_id: String(parent) }));
    const res = await postForm(t, `${COMMENTS}/${parent}/delete`, ada, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${PAPER}?done=deleted#comment-${parent}`);
    const { html } = await getPage(t, `${PAPER}?done=deleted`, bob);
    assert.match(html, /Comment deleted\./);
    assert.match(
      html,
      new RegExp(`<p class="comment comment-tombstone muted" id="comment-${parent}">This comment was deleted\\.</p>`),
    );
    assert.ok(commentArticle(html, reply));
    assert.doesNotMatch(html, /To be deleted/);
  });

  it("reports another's comment, once a reason is given", async () => {
    const id = commentIdOf(await postForm(t, COMMENTS, ada, { body: "Report me" }));
    const own = commentArticle((await getPage(t, PAPER, ada)).html, id)!;
    assert.doesNotMatch(own, /Report<\/summary>/, "authors do not report themselves");
    const refused = await postForm(t, `${COMMENTS}/${id}/report`, bob, { reason: "other", note: "" });
    assert.equal(refused.status, 422);
    const refusedArticle = commentArticle(await refused.text(), id)!;
    assert.match(refusedArticle, /Say what is wrong when the reason is &quot;other&quot;\./);
    assert.match(refusedArticle, /<option value="other" selected="">other<\/option>/);
    const res = await postForm(t, `${COMMENTS}/${id}/report`, bob, { reason: "spam" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${PAPER}?done=reported#comment-${id}`);
    const unknownReason = await postForm(t, `${COMMENTS}/${id}/report`, bob, { reason: "boring" });
    assert.equal(unknownReason.status, 422);
  });

  it("works for old-style ids, which hold a slash", async () => {
    const path = `/papers/${OLD_STYLE_PAPER.id}`;
    const res = await postForm(t, `${path}/comments`, ada, { body: "On an old paper" });
    assert.equal(res.status, 303);
    const id = commentIdOf(res);
    assert.ok(commentArticle((await getPage(t, path, ada)).html, id));
    assert.equal((await postForm(t, `${path}/comments/${id}/edit`, ada, { body: "Edited" })).status, 303);
  });

  it("answers a missing CSRF token with 403 and writes nothing", async () => {
    const res = await postForm(t, COMMENTS, ada, { body: "forged" }, { csrf: false });
    assert.equal(res.status, 403);
    assert.doesNotMatch((await getPage(t, PAPER, ada)).html, /forged/);
  });

  it("unknown papers, unknown comments and bad ids: 404, 404 and 400", async () => {
    assert.equal((await postForm(t, "/papers/2601.99999/comments", ada, { body: "x" })).status, 404);
    assert.equal((await postForm(t, `${COMMENTS}/999999/edit`, ada, { body: "x" })).status, 404);
    assert.equal((await postForm(t, `${COMMENTS}/999999/zap`, ada, {})).status, 404);
    assert.equal((await postForm(t, "/papers/not-an-id/comments", ada, { body: "x" })).status, 400);
  });

  it("a suspended member sees why there is no box, and a post is refused with 403", async () => {
    const eve = await signIn(t, "eve");
    await t.app.accounts.setSuspended(eve.user.id, true);
    const { html } = await getPage(t, PAPER, eve);
    assert.match(html, /Your account is suspended: you cannot comment\./);
    assert.doesNotMatch(html, /id="new-comment"/);
    const res = await postForm(t, COMMENTS, eve, { body: "Let me in" });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Your account is suspended\./);
  });

  it("a signed-out post: 403 without a CSRF token; with a signed-out form's token, 401 and the way to log in", async () => {
    const bare = await t.request(COMMENTS, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "body=hello",
    });
    assert.equal(bare.status, 403);
    const browser = new TestBrowser(async (path, init) => t.request(path, init), "203.0.113.9");
    await browser.get("/login");
    assert.ok(browser.lastToken, "the login form carries a signed-out CSRF token");
    const res = await browser.post(COMMENTS, { _csrf: browser.lastToken!, body: "hello" });
    assert.equal(res.status, 401);
    const html = await res.text();
    assert.match(html, /Sign in to take part\./);
    assert.match(html, />Log in to comment<\/a>/);
  });
});
