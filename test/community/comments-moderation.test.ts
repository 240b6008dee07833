import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { STARRED_PAPER } from "../helpers/test-app.js";
import {
  type Member,
  type TestApp,
  commentArticle,
  commentIdOf,
  getPage,
  postForm,
  signIn,
  startCommentsApp,
} from "./comments-test-kit.js";

const PAPER = `/papers/${STARRED_PAPER.id}`;
const COMMENTS = `${PAPER}/comments`;
const API = `/api/v1/papers/${STARRED_PAPER.id}/comments`;

interface ApiThread {
  numComments: number;
  comments: { id: number; hidden: boolean; deleted: boolean; html: string | null; actions: { hide: boolean } }[];
}

/**
 * Who sees a hidden comment: the moderators and its author read it with a note; everyone
 * else sees nothing, or a tombstone when replies hang from it. Page and API agree.
 */
describe("moderation visibility of comments", () => {
  let t: TestApp;
  let author: Member;
  let reader: Member;
  let moderator: Member;
  let lone: number;
  let withReply: number;
  let reply: number;

  const apiThread = async (member: Member | null, query = "") => {
    const res = await t.request(`${API}${query}`, { headers: member ? { cookie: member.headers["cookie"]! } : {} });
    assert.equal(res.status, 200);
    return (await res.json()) as ApiThread;
  };

  before(async () => {
    t = await startCommentsApp();
    author = await signIn(t, "author");
    reader = await signIn(t, "reader");
    moderator = await signIn(t, "mod", "moderator");
    lone = commentIdOf(await postForm(t, COMMENTS, author, { body: "Lone offending comment" }));
    withReply = commentIdOf(await postForm(t, COMMENTS, author, { body: "Offending comment with a reply" }));
    reply = commentIdOf(await postForm(t, COMMENTS, reader, { body: "A reply", parent_id: String(withReply) }));
  });

  it("only moderators get the hide button; a member's hide is refused with 403", async () => {
    assert.match(commentArticle((await getPage(t, PAPER, moderator)).html, lone)!, />Hide<\/button>/);
    assert.doesNotMatch(commentArticle((await getPage(t, PAPER, reader)).html, lone)!, />Hide<\/button>/);
    assert.equal((await postForm(t, `${COMMENTS}/${lone}/hide`, reader, {})).status, 403);
  });

  it("a moderator hides both comments through the page's form", async () => {
    for (const id of [lone, withReply]) {
      const res = await postForm(t, `${COMMENTS}/${id}/hide`, moderator, {});
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${PAPER}?done=hidden#comment-${id}`);
    }
  });

  it("signed out and other members: the lone one is gone, the other is a tombstone above its reply", async () => {
    for (const member of [null, reader]) {
      const { html } = await getPage(t, `${PAPER}?as=${member ? "reader" : "anonymous"}`, member);
      assert.doesNotMatch(html, /offending comment/i);
      assert.equal(commentArticle(html, lone), null);
      assert.match(html, new RegExp(`id="comment-${withReply}">This comment was hidden by a moderator\\.`));
      assert.ok(commentArticle(html, reply), "the reply stays");
      const api = await apiThread(member, `?as=${member ? "reader" : "anonymous"}`);
      assert.equal(
        api.comments.some((c) => c.id === lone),
        false,
      );
      const tombstone = api.comments.find((c) => c.id === withReply)!;
      assert.equal(tombstone.html, null);
      assert.equal(tombstone.hidden, true);
      assert.equal(api.numComments, 1, "only the reply counts");
    }
  });

  it("the author still reads both, with a note saying they are hidden", async () => {
    const { html } = await getPage(t, PAPER, author);
    for (const id of [lone, withReply]) {
      const article = commentArticle(html, id)!;
      assert.match(article, /class="comment comment-hidden"/);
      assert.match(article, /Hidden by a moderator: only moderators and the author see this comment\./);
      assert.match(article, /Offending comment|Lone offending/);
    }
    const api = await apiThread(author);
    assert.equal(api.comments.find((c) => c.id === lone)?.hidden, true);
    assert.match(api.comments.find((c) => c.id === lone)?.html ?? "", /Lone offending/);
  });

  it("moderators read them too and may unhide", async () => {
    const article = commentArticle((await getPage(t, PAPER, moderator)).html, lone)!;
    assert.match(article, /Lone offending comment/);
    assert.match(article, />Unhide<\/button>/);
    assert.equal((await apiThread(moderator)).comments.find((c) => c.id === lone)?.actions.hide, true);
    const res = await postForm(t, `${COMMENTS}/${lone}/unhide`, moderator, {});
    assert.equal(res.headers.get("location"), `${PAPER}?done=unhidden#comment-${lone}`);
    assert.ok(commentArticle((await getPage(t, PAPER, reader)).html, lone), "visible to everyone again");
  });

  it("a hidden comment takes no replies or reports, even from a forged form", async () => {
    const replyRes = await postForm(t, COMMENTS, reader, { body: "sneaky", parent_id: String(withReply) });
    assert.equal(replyRes.status, 404, "a hidden comment is not found by those who cannot see it");
    assert.equal((await postForm(t, `${COMMENTS}/${withReply}/report`, reader, { reason: "spam" })).status, 404);
  });
});
