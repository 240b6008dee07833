import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { NewComment } from "../../src/core/discussion/ports.js";
import { addPaper, addUser, openCommunityDatabase } from "./community-database.js";

const AT = "2026-11-27T12:00:00.000Z";

describe("SQLite comment store", () => {
  let t: ReturnType<typeof openCommunityDatabase>;
  let authorId: number;
  const comment = (extra: Partial<NewComment> = {}): NewComment => ({
    paperId: "2611.00001",
    parentId: null,
    authorId,
    bodyMarkdown: "hi",
    bodyHtml: "<p>hi</p>\n",
    renderVersion: 1,
    createdAt: AT,
    ...extra,
  });

  before(async () => {
    t = openCommunityDatabase();
    await addPaper(t.papers, "2611.00001");
    await addPaper(t.papers, "2611.00002");
    authorId = (await addUser(t.users, "erin")).userId;
  });
  after(() => t.close());

  it("stores a comment with its author's handle and name", async () => {
    const stored = await t.community.comments.insert(comment());
    assert.equal(stored?.authorHandle, "erin");
    assert.equal(stored?.authorName, "ERIN");
    assert.deepEqual(await t.community.comments.find(stored!.id), stored);
  });

  it("refuses a parent on another paper and an unknown paper", async () => {
    const other = await t.community.comments.insert(comment({ paperId: "2611.00002" }));
    assert.equal(await t.community.comments.insert(comment({ parentId: other!.id })), null);
    assert.equal(await t.community.comments.insert(comment({ parentId: 9_999 })), null);
    assert.equal(await t.community.comments.insert(comment({ paperId: "2611.09999" })), null);
  });

  it("hides once, deletes once, and leaves deleted comments alone", async () => {
    const { comments } = t.community;
    const stored = (await comments.insert(comment()))!;
    assert.equal(await comments.setHidden(stored.id, AT, authorId), true);
    assert.equal(await comments.setHidden(stored.id, AT, authorId), false, "already hidden");
    assert.equal(await comments.setHidden(stored.id, null, null), true);
    assert.equal(await comments.markDeleted(stored.id, AT), true);
    assert.equal(await comments.markDeleted(stored.id, AT), false);
    const update = { bodyMarkdown: "x", bodyHtml: "<p>x</p>", renderVersion: 1, editedAt: AT };
    assert.equal(await comments.updateBody(stored.id, update), false);
    assert.equal(await comments.setHidden(stored.id, AT, authorId), false);
  });

  it("summarises public comments per paper and lists an author's public comments", async () => {
    const { comments } = t.community;
    const before = (await comments.summarize(["2611.00001"])).get("2611.00001")?.numComments ?? 0;
    const hidden = (await comments.insert(comment()))!;
    await comments.setHidden(hidden.id, AT, authorId);
    await comments.insert(comment());
    const summary = await comments.summarize(["2611.00001", "2611.00002", "2611.00003"]);
    assert.deepEqual(summary.get("2611.00001"), { numComments: before + 1, authorIds: [authorId] });
    assert.equal(summary.has("2611.00003"), false);
    const mine = await comments.listPublicByAuthor(authorId, { offset: 0, limit: 100 });
    assert.equal(
      mine.items.some((c) => c.id === hidden.id),
      false,
    );
    assert.equal(mine.total, mine.items.length);
  });

  it("keeps comments of a deleted account, unsigned", async () => {
    const frank = await addUser(t.users, "frank");
    const stored = (await t.community.comments.insert(comment({ authorId: frank.userId })))!;
    await t.users.delete(frank.userId);
    const after = await t.community.comments.find(stored.id);
    assert.deepEqual([after?.authorId, after?.authorHandle, after?.bodyMarkdown], [null, null, "hi"]);
  });
});
