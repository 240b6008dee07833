import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Actor, StoredComment } from "../../src/core/discussion/comment.js";
import { type ThreadNode, buildCommentThread, countPublicComments } from "../../src/core/discussion/comment-thread.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const ALICE: Actor = { userId: 1, role: "user", emailVerified: true, suspended: false };
const BOB: Actor = { userId: 2, role: "user", emailVerified: true, suspended: false };
const MOD: Actor = { userId: 9, role: "moderator", emailVerified: true, suspended: false };

function comment(
  id: number,
  parentId: number | null,
  authorId: number | null,
  extra: Partial<StoredComment> = {},
): StoredComment {
  return {
    id,
    paperId: "2611.00001",
    parentId,
    authorId,
    authorHandle: authorId === null ? null : `u${authorId}`,
    authorName: authorId === null ? null : `User ${authorId}`,
    bodyMarkdown: `body ${id}`,
    bodyHtml: `<p>body ${id}</p>`,
    renderVersion: 1,
    createdAt: `2026-11-27T10:00:${String(id).padStart(2, "0")}.000Z`,
    editedAt: null,
    deletedAt: null,
    hiddenAt: null,
    ...extra,
  };
}

/** The tree as nested [id, depth, children] for compact assertions; tombstones as "†id". */
function shape(nodes: readonly ThreadNode[]): unknown[] {
  return nodes.map((n) => [n.kind === "tombstone" ? `†${n.id}` : n.id, n.depth, shape(n.replies)]);
}

const options = (viewer: Actor | null = null) => ({ viewer, paperAuthorIds: new Set([2]), now: NOW });
const DELETED = { deletedAt: "2026-11-27T11:00:00.000Z", bodyMarkdown: "", bodyHtml: "" };
const HIDDEN = { hiddenAt: "2026-11-27T11:00:00.000Z" };

describe("buildCommentThread", () => {
  it("nests replies under their parents, oldest first, whatever the input order", () => {
    const rows = [comment(4, 1, 1), comment(2, null, 2), comment(1, null, 1), comment(3, 1, 2)];
    assert.deepEqual(shape(buildCommentThread(rows, options())), [
      [
        1,
        0,
        [
          [3, 1, []],
          [4, 1, []],
        ],
      ],
      [2, 0, []],
    ]);
  });

  it("places replies to the deepest level beside their parent, naming what they answer", () => {
    const rows = [comment(1, null, 1), comment(2, 1, 2), comment(3, 2, 1), comment(4, 3, 2), comment(5, 2, 2)];
    const tree = buildCommentThread(rows, { ...options(), maxDepth: 2 });
    assert.deepEqual(shape(tree), [
      [
        1,
        0,
        [
          [2, 1, []],
          [3, 1, []],
          [4, 1, []],
          [5, 1, []],
        ],
      ],
    ]);
    assert.deepEqual(
      tree[0]!.replies.map((n) => n.replyToId),
      [1, 2, 3, 2],
    );
  });

  it("keeps a deleted comment with replies as a tombstone and drops a deleted leaf", () => {
    const rows = [comment(1, null, 1, DELETED), comment(2, 1, 2), comment(3, null, 1, DELETED)];
    const tree = buildCommentThread(rows, options(ALICE));
    assert.deepEqual(shape(tree), [["†1", 0, [[2, 1, []]]]]);
    assert.equal(tree[0]!.kind === "tombstone" && tree[0]!.reason, "deleted");
    assert.equal(JSON.stringify(tree).includes("User 1"), false, "a tombstone names no one");
  });

  it("drops a chain of deleted comments with nothing readable below", () => {
    const rows = [comment(1, null, 1), comment(2, 1, 2, DELETED), comment(3, 2, 1, DELETED)];
    assert.deepEqual(shape(buildCommentThread(rows, options())), [[1, 0, []]]);
  });

  it("shows hidden comments to moderators and the author only", () => {
    const rows = [comment(1, null, 1, HIDDEN), comment(2, null, 2, HIDDEN), comment(3, 2, 1)];
    assert.deepEqual(shape(buildCommentThread(rows, options(null))), [["†2", 0, [[3, 1, []]]]]);
    assert.deepEqual(shape(buildCommentThread(rows, options(BOB))), [[2, 0, [[3, 1, []]]]]);
    const forMod = buildCommentThread(rows, options(MOD));
    assert.deepEqual(shape(forMod), [
      [1, 0, []],
      [2, 0, [[3, 1, []]]],
    ]);
    assert.equal(forMod[0]!.kind === "comment" && forMod[0]!.hidden, true);
    const forAlice = buildCommentThread(rows, options(ALICE));
    assert.deepEqual(shape(forAlice), [
      [1, 0, []],
      ["†2", 0, [[3, 1, []]]],
    ]);
  });

  it("marks edits, author badges and deleted accounts", () => {
    const rows = [
      comment(1, null, 1, { editedAt: "2026-11-27T10:30:00.000Z" }),
      comment(2, null, 2),
      comment(3, null, null),
    ];
    const [first, second, third] = buildCommentThread(rows, options());
    assert.equal(first!.kind === "comment" && first!.editedAt, "2026-11-27T10:30:00.000Z");
    assert.equal(first!.kind === "comment" && first!.author?.isPaperAuthor, false);
    assert.equal(second!.kind === "comment" && second!.author?.isPaperAuthor, true);
    assert.equal(third!.kind === "comment" && third!.author, null);
  });

  it("offers each viewer only the actions the rules allow", () => {
    const rows = [comment(1, null, 1), comment(2, null, 2)];
    const forAlice = buildCommentThread(rows, options(ALICE));
    assert.deepEqual(forAlice[0]!.kind === "comment" && forAlice[0]!.actions, {
      reply: true,
      edit: true,
      delete: true,
      hide: false,
      report: false,
    });
    assert.deepEqual(forAlice[1]!.kind === "comment" && forAlice[1]!.actions, {
      reply: true,
      edit: false,
      delete: false,
      hide: false,
      report: true,
    });
    const forGuest = buildCommentThread(rows, options(null));
    assert.equal(forGuest[0]!.kind === "comment" && Object.values(forGuest[0]!.actions).some(Boolean), false);
    const forMod = buildCommentThread(rows, options(MOD));
    assert.equal(forMod[0]!.kind === "comment" && forMod[0]!.actions.hide, true);
  });

  it("treats a missing or later parent as top level, so bad rows cannot make a loop", () => {
    const rows = [comment(1, 2, 1), comment(2, 1, 2), comment(3, 99, 1)];
    assert.deepEqual(shape(buildCommentThread(rows, options())), [
      [1, 0, [[2, 1, []]]],
      [3, 0, []],
    ]);
  });
});

describe("countPublicComments", () => {
  it("counts what a signed-out reader sees and whether a claimed author takes part", () => {
    const rows = [comment(1, null, 1), comment(2, null, 2, HIDDEN), comment(3, null, 2, DELETED), comment(4, 1, 1)];
    assert.deepEqual(countPublicComments(rows, new Set([2])), { numComments: 2, isAuthorParticipating: false });
    assert.deepEqual(countPublicComments([...rows, comment(5, 1, 2)], new Set([2])), {
      numComments: 3,
      isAuthorParticipating: true,
    });
  });
});
