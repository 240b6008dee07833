import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type DiscussionActor, createDiscussionService } from "../../src/core/discussion/discussion-service.js";
import { addPaper, addUser, openCommunityDatabase } from "./community-database.js";

const PAPER = "2611.00001";
let clock = new Date("2026-11-27T12:00:00.000Z");
const advance = (hours: number) => (clock = new Date(clock.getTime() + hours * 3_600_000));

describe("discussion service on a SQLite file", () => {
  let t: ReturnType<typeof openCommunityDatabase>;
  let alice: DiscussionActor, bob: DiscussionActor, mod: DiscussionActor;
  let service: ReturnType<typeof createDiscussionService>;
  let signalsChanged = 0;
  const fetched: string[] = [];

  before(async () => {
    t = openCommunityDatabase();
    await addPaper(t.papers, PAPER);
    alice = await addUser(t.users, "alice");
    bob = await addUser(t.users, "bob");
    mod = await addUser(t.users, "mod", "moderator");
    service = createDiscussionService({
      store: t.community,
      papers: t.papers,
      now: () => clock,
      findPaperAuthorIds: async (paperId) => new Set(paperId === PAPER ? [bob.userId] : []),
      // Stands in for the arXiv client: imports a record as an ingestion would, or fails like it.
      fetchPaper: async (paperId) => {
        fetched.push(paperId);
        if (paperId === "2611.09999") return "unavailable";
        if (paperId === "2611.08888") return "not-found";
        await addPaper(t.papers, paperId, { published: "2026-11-25", updated: "2026-11-25" });
        return "imported";
      },
      onSignalsChanged: () => signalsChanged++,
    });
  });
  after(() => t.close());
  beforeEach(() => (clock = new Date("2026-11-27T12:00:00.000Z")));

  it("posts a rendered comment and a reply, and shows them as a thread", async () => {
    const top = await service.postComment(alice, { paperId: PAPER, body: "Nice *result*: $x^2$" });
    assert.ok(top.ok);
    assert.match(top.value.bodyHtml, /^<p>Nice <em>result<\/em>: <math>/);
    const reply = await service.postComment(bob, { paperId: PAPER, body: "Thanks!", parentId: top.value.id });
    assert.ok(reply.ok);
    const discussion = await service.getDiscussion(null, PAPER);
    assert.equal(discussion.numComments, 2);
    assert.equal(discussion.isAuthorParticipating, true, "bob is a claimed author");
    const [node] = discussion.comments;
    assert.equal(node?.kind === "comment" && node.author?.handle, "alice");
    assert.equal(node?.replies[0]?.kind === "comment" && node.replies[0].author?.isPaperAuthor, true);
  });

  it("refuses signed-out, unverified and suspended posters, empty bodies and unknown targets", async () => {
    assert.equal(await fail(service.postComment(null, { paperId: PAPER, body: "x" })), "unauthenticated");
    assert.equal(
      await fail(service.postComment({ ...alice, suspended: true }, { paperId: PAPER, body: "x" })),
      "forbidden",
    );
    assert.equal(
      await fail(service.postComment({ ...alice, emailVerified: false }, { paperId: PAPER, body: "x" })),
      "forbidden",
    );
    assert.equal(await fail(service.postComment(alice, { paperId: PAPER, body: "  " })), "invalid");
    assert.equal(await fail(service.postComment(alice, { paperId: "2611.07777", body: "x" })), "not-found");
    assert.equal(await fail(service.postComment(alice, { paperId: PAPER, body: "x", parentId: 9_999 })), "not-found");
  });

  it("lets the author edit within the window, with an edited mark, and no one else", async () => {
    const posted = await service.postComment(alice, { paperId: PAPER, body: "Typo" });
    assert.ok(posted.ok);
    advance(1);
    const edited = await service.editComment(alice, posted.value.id, "Fixed");
    assert.ok(edited.ok);
    assert.equal(edited.value.bodyHtml, "<p>Fixed</p>\n");
    assert.equal(edited.value.editedAt, clock.toISOString());
    assert.equal(await fail(service.editComment(bob, posted.value.id, "Mine now")), "forbidden");
    advance(24);
    assert.equal(await fail(service.editComment(alice, posted.value.id, "Too late")), "forbidden");
  });

  it("deletes to a tombstone that keeps the replies, and erases the text", async () => {
    const parent = await service.postComment(alice, { paperId: PAPER, body: "Secret plan" });
    assert.ok(parent.ok);
    const child = await service.postComment(bob, { paperId: PAPER, body: "Reply", parentId: parent.value.id });
    assert.ok(child.ok);
    assert.equal(await fail(service.deleteComment(bob, parent.value.id)), "forbidden");
    assert.deepEqual(await service.deleteComment(alice, parent.value.id), { ok: true, value: true });
    const stored = await t.community.comments.find(parent.value.id);
    assert.equal(stored?.bodyMarkdown, "");
    const node = (await service.getDiscussion(null, PAPER)).comments.find((n) => n.id === parent.value.id);
    assert.equal(node?.kind, "tombstone");
    assert.equal(node?.replies[0]?.id, child.value.id);
    assert.equal(
      await fail(service.postComment(bob, { paperId: PAPER, body: "x", parentId: parent.value.id })),
      "forbidden",
    );
  });

  it("takes one report per user, and hiding closes the reports and writes the audit log", async () => {
    const posted = await service.postComment(alice, { paperId: PAPER, body: "Buy pills" });
    assert.ok(posted.ok);
    const id = posted.value.id;
    assert.deepEqual(await service.reportComment(bob, id, { reason: "spam" }), { ok: true, value: "created" });
    assert.deepEqual(await service.reportComment(bob, id, { reason: "spam" }), { ok: true, value: "duplicate" });
    assert.equal(await fail(service.reportComment(alice, id, { reason: "spam" })), "forbidden");
    assert.equal(await fail(service.reportComment(mod, id, { reason: "nonsense" })), "invalid");
    const open = await service.listOpenReports(mod, { offset: 0, limit: 10 });
    assert.ok(open.ok);
    assert.deepEqual(
      open.value.items.map((r) => [r.commentId, r.reports.map((x) => x.reason)]),
      [[id, ["spam"]]],
    );
    assert.equal(await fail(service.listOpenReports(bob, { offset: 0, limit: 10 })), "forbidden");

    assert.equal(await fail(service.setCommentHidden(bob, id, true, "spam")), "forbidden");
    assert.deepEqual(await service.setCommentHidden(mod, id, true, "spam"), { ok: true, value: true });
    const afterHide = await service.listOpenReports(mod, { offset: 0, limit: 10 });
    assert.equal(afterHide.ok && afterHide.value.total, 0);
    const log = await service.listModerationLog(mod, { offset: 0, limit: 10 });
    assert.ok(log.ok);
    assert.deepEqual(
      log.value.items.map((e) => [e.action, e.actorHandle, e.targetId, e.reason]),
      [["comment.hide", "mod", String(id), "spam"]],
    );

    const publicView = await service.getDiscussion(null, PAPER);
    assert.equal(
      publicView.comments.some((n) => n.id === id),
      false,
      "a hidden leaf is gone for the public",
    );
    const authorView = await service.getDiscussion(alice, PAPER);
    const mine = authorView.comments.find((n) => n.id === id);
    assert.equal(mine?.kind === "comment" && mine.hidden, true);
    assert.equal(await fail(service.editComment(alice, id, "Nothing to see")), "forbidden");
    assert.equal(await fail(service.editComment(bob, id, "x")), "not-found", "others cannot even find it");

    assert.deepEqual(await service.setCommentHidden(mod, id, false, "appeal"), { ok: true, value: true });
    assert.equal(
      (await service.getDiscussion(null, PAPER)).comments.some((n) => n.id === id),
      true,
    );
  });

  it("keeps the moderation log append-only", () => {
    assert.throws(() => t.db.prepare("UPDATE moderation_audit_log SET reason = 'x'").run(), /append-only/);
    assert.throws(() => t.db.prepare("DELETE FROM moderation_audit_log").run(), /append-only/);
  });

  it("renders stored HTML again when it came from an older renderer", async () => {
    const posted = await service.postComment(alice, { paperId: PAPER, body: "**bold**" });
    assert.ok(posted.ok);
    t.db
      .prepare("UPDATE comments SET body_html = '<p onclick=x>old</p>', render_version = 0 WHERE id = ?")
      .run(posted.value.id);
    const node = (await service.getDiscussion(null, PAPER)).comments.find((n) => n.id === posted.value.id);
    assert.equal(node?.kind === "comment" && node.html, "<p><strong>bold</strong></p>\n");
  });

  it("counts comments per paper for lists and the HF-compatible API", async () => {
    const summary = await service.summarizeDiscussions([PAPER, "2611.05555"]);
    const { numComments } = await service.getDiscussion(null, PAPER);
    assert.deepEqual(summary.get(PAPER), { numComments, isAuthorParticipating: true });
    assert.deepEqual(summary.get("2611.05555"), { numComments: 0, isAuthorParticipating: false });
  });

  it("votes, tells trending its signals changed, and needs a user", async () => {
    const before = signalsChanged;
    const voted = await service.vote(alice, PAPER);
    assert.deepEqual(voted, { ok: true, value: { voted: true, votes: 1, upvotes: 1 } });
    assert.deepEqual(await service.vote(alice, PAPER, true), {
      ok: true,
      value: { voted: true, votes: 1, upvotes: 1 },
    });
    assert.deepEqual(await service.vote(alice, PAPER), { ok: true, value: { voted: false, votes: 0, upvotes: 0 } });
    assert.equal(signalsChanged, before + 3);
    assert.equal(await fail(service.vote(null, PAPER)), "unauthenticated");
    assert.equal(await fail(service.vote(alice, "2611.07777")), "not-found");
  });
});

describe("submissions through the discussion service", () => {
  let t: ReturnType<typeof openCommunityDatabase>;
  let carol: DiscussionActor;
  let service: ReturnType<typeof createDiscussionService>;

  before(async () => {
    t = openCommunityDatabase();
    carol = await addUser(t.users, "carol");
    for (let i = 1; i <= 4; i++)
      await addPaper(t.papers, `2611.0000${i}`, { published: "2026-11-24", updated: "2026-11-24" });
    await addPaper(t.papers, "2610.00001", { published: "2026-10-01", updated: "2026-10-01" });
    await addPaper(t.papers, "2611.00005", {
      published: "2026-11-24",
      updated: "2026-11-24",
      daily_listings: [{ date: "2026-11-25" }],
    });
    service = createDiscussionService({
      store: t.community,
      papers: t.papers,
      now: () => new Date("2026-11-27T12:00:00.000Z"),
      submissionPolicy: { windowDays: 14, dailyLimit: 3 },
      fetchPaper: async (paperId) => {
        if (paperId === "2611.09999") return "unavailable";
        if (paperId !== "2611.00006") return "not-found";
        await addPaper(t.papers, paperId, { published: "2026-11-26", updated: "2026-11-26" });
        return "imported";
      },
    });
  });
  after(() => t.close());

  it("puts a submitted paper on today's list under the submitter's handle", async () => {
    const result = await service.submitPaper(carol, "https://arxiv.org/abs/2611.00001v2");
    assert.deepEqual(result, {
      ok: true,
      value: { kind: "accepted", listingDate: "2026-11-27", paperId: "2611.00001" },
    });
    const listings = await t.papers.findListings("2611.00001");
    assert.deepEqual(
      listings.map((l) => [l.listingDate, l.submittedBy]),
      [["2026-11-27", "carol"]],
    );
    assert.deepEqual((await t.community.submissions.listByUser(carol.userId, { offset: 0, limit: 5 })).total, 1);
  });

  it("points duplicates to the existing listing, refuses old papers, and holds the daily limit", async () => {
    assert.deepEqual(await service.submitPaper(carol, "2611.00005"), {
      ok: true,
      value: { kind: "duplicate", listingDate: "2026-11-25", paperId: "2611.00005" },
    });
    const old = await service.submitPaper(carol, "2610.00001");
    assert.equal(old.ok && old.value.kind, "too-old");
    assert.equal(
      ((await service.submitPaper(carol, "2611.00002")) as { value: { kind: string } }).value.kind,
      "accepted",
    );
    assert.equal(
      ((await service.submitPaper(carol, "2611.00003")) as { value: { kind: string } }).value.kind,
      "accepted",
    );
    const limited = await service.submitPaper(carol, "2611.00004");
    assert.deepEqual(limited.ok && limited.value, { kind: "limit-reached", dailyLimit: 3, paperId: "2611.00004" });
  });

  it("fetches unknown papers, and says so when the source is down or has no such paper", async () => {
    const dave = await addUser(t.users, "dave");
    const fetched = await service.submitPaper(dave, "2611.00006");
    assert.equal(fetched.ok && fetched.value.kind, "accepted");
    assert.equal(await fail(service.submitPaper(dave, "2611.09999")), "unavailable");
    assert.equal(await fail(service.submitPaper(dave, "2611.08888")), "not-found");
    assert.equal(await fail(service.submitPaper(dave, "not an id")), "invalid");
    assert.equal(await fail(service.submitPaper(null, "2611.00001")), "unauthenticated");
  });
});

async function fail(outcome: Promise<{ ok: boolean; error?: { kind: string } }>): Promise<string> {
  const result = await outcome;
  return result.ok ? "ok" : result.error!.kind;
}
