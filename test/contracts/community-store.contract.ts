import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AT, NEW, OLD, OTHER, WEEK, addUser, comment, useCommunity } from "./community-fixtures.js";
import { describeCommunityModerationContract } from "./community-moderation.contract.js";
import { type OpenStorage, PAGE, paperRecord } from "./contract-storage.js";

/** CommunityStore: votes, comments, reports, submissions and the moderation log. */
export function describeCommunityStoreContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: community votes`, () => {
    it("toggles a vote on and off, moving the paper's votes and upvotes by one", async (t) => {
      const storage = await useCommunity(t, open);
      const { votes } = storage.community;
      const alice = await addUser(storage, "alice");
      assert.deepEqual(await votes.find(alice, NEW), { voted: false, votes: 0, upvotes: 40 });
      assert.deepEqual(await votes.toggle(alice, NEW, AT), { voted: true, votes: 1, upvotes: 41 });
      assert.equal((await storage.papers.findPaper(NEW))?.upvotes, 41, "the paper (and trending) sees the vote");
      assert.deepEqual(await votes.find(null, NEW), { voted: false, votes: 1, upvotes: 41 });
      assert.deepEqual(await votes.toggle(alice, NEW, AT), { voted: false, votes: 0, upvotes: 40 });
      assert.equal((await storage.papers.findPaper(NEW))?.upvotes, 40);
    });

    it("sets a vote idempotently, lists the user's votes, and answers null for an unknown paper", async (t) => {
      const storage = await useCommunity(t, open);
      const { votes } = storage.community;
      const bob = await addUser(storage, "bob");
      assert.deepEqual(await votes.set(bob, OTHER, true, "2026-06-28T09:00:00.000Z"), {
        voted: true,
        votes: 1,
        upvotes: 1,
      });
      assert.deepEqual(await votes.set(bob, OTHER, true, AT), { voted: true, votes: 1, upvotes: 1 });
      await votes.set(bob, NEW, true, AT);
      assert.deepEqual(await votes.listVotedAmong(bob, [NEW, OLD, OTHER, "9999.99999"]), new Set([NEW, OTHER]));
      assert.deepEqual(await votes.listVotedAmong(bob, []), new Set());
      assert.deepEqual(await votes.listVotedPapers(bob, PAGE), { items: [NEW, OTHER], total: 2 }, "newest first");
      assert.deepEqual(await votes.listVotedPapers(bob, { offset: 1, limit: 1 }), { items: [OTHER], total: 2 });
      assert.deepEqual(await votes.set(bob, OTHER, false, AT), { voted: false, votes: 0, upvotes: 0 });
      assert.deepEqual(await votes.set(bob, OTHER, false, AT), { voted: false, votes: 0, upvotes: 0 });
      assert.equal(await votes.toggle(bob, "9999.99999", AT), null);
      assert.equal(await votes.set(bob, "9999.99999", true, AT), null);
      assert.equal(await votes.find(null, "9999.99999"), null);
    });

    it("100 users toggling at once give exactly 100 votes; toggling again removes every one", async (t) => {
      const storage = await useCommunity(t, open);
      const { votes } = storage.community;
      const users = await Promise.all(Array.from({ length: 100 }, (_, i) => addUser(storage, `voter${i}`)));
      const first = await Promise.all(users.map((u) => votes.toggle(u, NEW, AT)));
      assert.deepEqual(
        first.map((s) => s?.voted),
        Array(100).fill(true),
      );
      assert.deepEqual(await votes.find(null, NEW), { voted: false, votes: 100, upvotes: 140 });
      assert.deepEqual(
        first.map((s) => s!.votes).sort((a, b) => a - b),
        Array.from({ length: 100 }, (_, i) => i + 1),
        "each toggle saw the votes before it and its own, none lost",
      );
      await Promise.all(users.map((u) => votes.toggle(u, NEW, AT)));
      assert.deepEqual(await votes.find(null, NEW), { voted: false, votes: 0, upvotes: 40 });
    });

    it("one user's 20 simultaneous toggles alternate: no two read the same state", async (t) => {
      const storage = await useCommunity(t, open);
      const carol = await addUser(storage, "carol");
      const states = await Promise.all(
        Array.from({ length: 20 }, () => storage.community.votes.toggle(carol, NEW, AT)),
      );
      assert.equal(states.filter((s) => s?.voted === true).length, 10, "as many toggles on as off");
      assert.deepEqual(await storage.community.votes.find(carol, NEW), { voted: false, votes: 0, upvotes: 40 });
    });

    it("keeps counts exact when an account with votes is deleted", async (t) => {
      const storage = await useCommunity(t, open);
      const dave = await addUser(storage, "dave");
      const erin = await addUser(storage, "erin");
      await storage.community.votes.toggle(dave, NEW, AT);
      await storage.community.votes.toggle(erin, NEW, AT);
      await storage.accounts.users.delete(dave);
      assert.deepEqual(await storage.community.votes.find(erin, NEW), { voted: true, votes: 1, upvotes: 41 });
      assert.deepEqual(await storage.community.votes.listVotedPapers(dave, PAGE), { items: [], total: 0 });
    });

    it("an import with an older, lower count does not undo votes cast here", async (t) => {
      const storage = await useCommunity(t, open);
      const frank = await addUser(storage, "frank");
      await storage.community.votes.toggle(frank, NEW, AT);
      await storage.papers.importPapers([
        paperRecord({ id: NEW, published: "2026-06-28", updated: "2026-06-28", upvotes: 40, title: "v2" }),
      ]);
      assert.equal((await storage.papers.findPaper(NEW))?.upvotes, 41);
      await storage.papers.importPapers([
        paperRecord({ id: NEW, published: "2026-06-28", updated: "2026-06-28", upvotes: 50, title: "v3" }),
      ]);
      assert.deepEqual(await storage.community.votes.find(frank, NEW), { voted: true, votes: 1, upvotes: 50 });
    });

    it("a vote in the window makes an old paper active; trending for a day before the vote counts none", async (t) => {
      const storage = await useCommunity(t, open);
      const grace = await addUser(storage, "grace");
      const heidi = await addUser(storage, "heidi");
      const dayWindow = (day: string) => ({ from: day, to: day, starsBefore: day });
      assert.ok(!(await storage.signals.listActiveSignals(WEEK)).some((s) => s.paperId === OLD));
      await storage.community.votes.toggle(grace, OLD, "2026-06-29T23:59:59.999Z");
      await storage.community.votes.toggle(grace, NEW, "2026-06-29T08:00:00.000Z");
      await storage.community.votes.toggle(heidi, NEW, "2026-06-30T00:00:00.000Z");
      const upvotes = async (window: typeof WEEK) =>
        Object.fromEntries((await storage.signals.listActiveSignals(window)).map((s) => [s.paperId, s.upvotes]));
      assert.deepEqual(await upvotes(WEEK), { [OLD]: 1, [NEW]: 42, [OTHER]: 0 });
      assert.deepEqual(await upvotes(dayWindow("2026-06-29")), { [OLD]: 1, [NEW]: 41 }, "heidi voted the next day");
      assert.deepEqual(await upvotes(dayWindow("2026-06-28")), { [NEW]: 40, [OTHER]: 0 }, "imported counts stay");
      const [old] = await storage.signals.listSignalsFor([OLD], dayWindow("2026-06-28"));
      assert.equal(old?.upvotes, 0, "a vote after the window's day is taken out");
    });
  });

  describe(`${backend}: community comments`, () => {
    it("stores a comment with its author's handle and name, and finds it by id", async (t) => {
      const storage = await useCommunity(t, open);
      const ivan = await addUser(storage, "ivan");
      const stored = await storage.community.comments.insert(comment(ivan));
      assert.deepEqual(
        { ...stored, id: 0 },
        {
          id: 0,
          paperId: NEW,
          parentId: null,
          authorId: ivan,
          authorHandle: "ivan",
          authorName: "IVAN",
          bodyMarkdown: "hi",
          bodyHtml: "<p>hi</p>\n",
          renderVersion: 1,
          createdAt: AT,
          editedAt: null,
          deletedAt: null,
          hiddenAt: null,
        },
      );
      assert.deepEqual(await storage.community.comments.find(stored!.id), stored);
      assert.equal(await storage.community.comments.find(stored!.id + 1_000), null);
    });

    it("threads replies on the same paper only, and lists a paper's comments oldest first", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const judy = await addUser(storage, "judy");
      const root = (await comments.insert(comment(judy, { createdAt: "2026-06-29T10:00:00.000Z" })))!;
      const reply = (await comments.insert(comment(judy, { parentId: root.id })))!;
      const nested = (await comments.insert(comment(judy, { parentId: reply.id, createdAt: AT })))!;
      const elsewhere = (await comments.insert(comment(judy, { paperId: OTHER })))!;
      assert.equal(await comments.insert(comment(judy, { parentId: elsewhere.id })), null, "parent on another paper");
      assert.equal(await comments.insert(comment(judy, { parentId: nested.id + 1_000 })), null, "unknown parent");
      assert.equal(await comments.insert(comment(judy, { paperId: "9999.99999" })), null, "unknown paper");
      const thread = await comments.listForPaper(NEW);
      assert.deepEqual(
        thread.map((c) => [c.id, c.parentId]),
        [
          [root.id, null],
          [reply.id, root.id],
          [nested.id, reply.id],
        ],
      );
      assert.deepEqual(await comments.listForPaper(OLD), []);
    });

    it("an edit replaces the body and marks the time; a deleted or unknown comment is not edited", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const stored = (await comments.insert(comment(await addUser(storage, "kim"))))!;
      const edit = {
        bodyMarkdown: "**x**",
        bodyHtml: "<p><b>x</b></p>",
        renderVersion: 2,
        editedAt: "2026-06-30T01:00:00.000Z",
      };
      assert.equal(await comments.updateBody(stored.id, edit), true);
      const edited = await comments.find(stored.id);
      assert.deepEqual(
        [edited?.bodyMarkdown, edited?.bodyHtml, edited?.renderVersion, edited?.editedAt, edited?.createdAt],
        ["**x**", "<p><b>x</b></p>", 2, "2026-06-30T01:00:00.000Z", AT],
      );
      assert.equal(await comments.updateBody(stored.id + 1_000, edit), false);
      await comments.markDeleted(stored.id, AT);
      assert.equal(await comments.updateBody(stored.id, edit), false);
    });

    it("deleting leaves a tombstone that keeps its replies in place, once", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const leo = await addUser(storage, "leo");
      const root = (await comments.insert(comment(leo)))!;
      const reply = (await comments.insert(comment(leo, { parentId: root.id })))!;
      assert.equal(await comments.markDeleted(root.id, "2026-06-30T00:00:00.000Z"), true);
      assert.equal(await comments.markDeleted(root.id, "2026-06-30T05:00:00.000Z"), false, "already deleted");
      assert.equal(await comments.markDeleted(root.id + 1_000, AT), false);
      const tombstone = await comments.find(root.id);
      assert.deepEqual(
        [tombstone?.bodyMarkdown, tombstone?.bodyHtml, tombstone?.deletedAt, tombstone?.authorHandle],
        ["", "", "2026-06-30T00:00:00.000Z", "leo"],
      );
      assert.deepEqual(
        (await comments.listForPaper(NEW)).map((c) => [c.id, c.parentId, c.deletedAt !== null]),
        [
          [root.id, null, true],
          [reply.id, root.id, false],
        ],
      );
    });

    it("a moderator hides and unhides once each; a deleted comment is neither", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const author = await addUser(storage, "mia");
      const moderator = await addUser(storage, "mod");
      const stored = (await comments.insert(comment(author)))!;
      assert.equal(await comments.setHidden(stored.id, AT, moderator), true);
      assert.equal((await comments.find(stored.id))?.hiddenAt, AT);
      assert.equal(await comments.setHidden(stored.id, AT, moderator), false, "already hidden");
      assert.equal(await comments.setHidden(stored.id, null, null), true);
      assert.equal((await comments.find(stored.id))?.hiddenAt, null);
      assert.equal(await comments.setHidden(stored.id, null, null), false, "not hidden");
      await comments.markDeleted(stored.id, AT);
      assert.equal(await comments.setHidden(stored.id, AT, moderator), false);
      await storage.accounts.users.delete(moderator);
      const other = (await comments.insert(comment(author)))!;
      assert.equal(await comments.setHidden(other.id, AT, null), true, "hidden_by may name nobody");
    });

    it("summarises public comments and their authors per paper, leaving out hidden and deleted ones", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const [nina, omar, pat] = [
        await addUser(storage, "nina"),
        await addUser(storage, "omar"),
        await addUser(storage, "pat"),
      ];
      await comments.insert(comment(nina));
      await comments.insert(comment(nina));
      await comments.insert(comment(omar));
      const hidden = (await comments.insert(comment(pat)))!;
      await comments.setHidden(hidden.id, AT, nina);
      const deleted = (await comments.insert(comment(pat, { paperId: OTHER })))!;
      await comments.markDeleted(deleted.id, AT);
      const summary = await comments.summarize([NEW, OTHER, OLD, "9999.99999"]);
      assert.deepEqual([...summary.keys()], [NEW]);
      assert.equal(summary.get(NEW)?.numComments, 3);
      assert.deepEqual(
        [...summary.get(NEW)!.authorIds].sort((a, b) => a - b),
        [nina, omar].sort((a, b) => a - b),
      );
      assert.equal((await comments.summarize([])).size, 0);
    });

    it("lists an author's public comments newest first, a page at a time", async (t) => {
      const storage = await useCommunity(t, open);
      const { comments } = storage.community;
      const quinn = await addUser(storage, "quinn");
      const at = (hour: number) => `2026-06-29T${String(hour).padStart(2, "0")}:00:00.000Z`;
      const written = [];
      for (const hour of [1, 2, 3, 4]) written.push((await comments.insert(comment(quinn, { createdAt: at(hour) })))!);
      await comments.setHidden(written[3]!.id, AT, quinn);
      await comments.markDeleted(written[0]!.id, AT);
      await comments.insert(comment(await addUser(storage, "rita")));
      const page = await comments.listPublicByAuthor(quinn, { offset: 0, limit: 1 });
      assert.deepEqual([page.items.map((c) => c.id), page.total], [[written[2]!.id], 2]);
      const next = await comments.listPublicByAuthor(quinn, { offset: 1, limit: 10 });
      assert.deepEqual(
        next.items.map((c) => c.createdAt),
        [at(2)],
      );
    });

    it("keeps the comments of a deleted account, unsigned", async (t) => {
      const storage = await useCommunity(t, open);
      const sam = await addUser(storage, "sam");
      const stored = (await storage.community.comments.insert(comment(sam)))!;
      await storage.accounts.users.delete(sam);
      const after = await storage.community.comments.find(stored.id);
      assert.deepEqual(
        [after?.authorId, after?.authorHandle, after?.authorName, after?.bodyMarkdown],
        [null, null, null, "hi"],
      );
      assert.equal((await storage.community.comments.summarize([NEW])).get(NEW)?.authorIds.length, 0);
    });
  });

  describeCommunityModerationContract(backend, open);
}
