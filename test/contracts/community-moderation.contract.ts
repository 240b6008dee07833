import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SubmissionRequest } from "../../src/core/discussion/ports.js";
import { type SubmissionFacts, decideSubmission, startOfUtcDay } from "../../src/core/discussion/submission-rules.js";
import { AT, NEW, OLD, OTHER, addUser, comment, useCommunity } from "./community-fixtures.js";
import { type OpenStorage, PAGE, paperRecord } from "./contract-storage.js";

/** A submission at `now` by the user, decided by the core's rules with a daily limit of two. */
function submission(userId: number, paperId: string, now = AT) {
  const request: SubmissionRequest = {
    userId,
    userHandle: `user${userId}`,
    paperId,
    now,
    dayStart: startOfUtcDay(new Date(now)),
  };
  const seen: SubmissionFacts[] = [];
  const decide = (facts: SubmissionFacts) => {
    seen.push(facts);
    return decideSubmission(facts, { windowDays: 14, dailyLimit: 2 }, new Date(now));
  };
  return { request, decide, seen };
}

/** Reports, submissions and the moderation log (the moderators' side of CommunityStore). */
export function describeCommunityModerationContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: community reports`, () => {
    it("takes one report per user per comment", async (t) => {
      const storage = await useCommunity(t, open);
      const { reports, comments } = storage.community;
      const [author, ann, ben] = [
        await addUser(storage, "author"),
        await addUser(storage, "ann"),
        await addUser(storage, "ben"),
      ];
      const target = (await comments.insert(comment(author)))!;
      const report = (reporterId: number) => ({
        commentId: target.id,
        reporterId,
        reason: "spam" as const,
        note: null,
        createdAt: AT,
      });
      assert.equal(await reports.insert(report(ann)), "created");
      assert.equal(await reports.insert({ ...report(ann), reason: "harassment" }), "duplicate");
      assert.equal(await reports.insert(report(ben)), "created");
      assert.deepEqual(
        (await reports.listOpen(PAGE)).items[0]?.reports.map((r) => [r.reporterId, r.reason]),
        [
          [ann, "spam"],
          [ben, "spam"],
        ],
      );
    });

    it("queues reported comments longest-waiting first, each with its reports oldest first", async (t) => {
      const storage = await useCommunity(t, open);
      const { reports, comments } = storage.community;
      const [author, ann, ben] = [
        await addUser(storage, "author"),
        await addUser(storage, "ann"),
        await addUser(storage, "ben"),
      ];
      const first = (await comments.insert(comment(author)))!;
      const second = (await comments.insert(comment(author, { paperId: OTHER })))!;
      await reports.insert({
        commentId: first.id,
        reporterId: ben,
        reason: "other",
        note: "copied",
        createdAt: "2026-06-29T11:00:00.000Z",
      });
      await reports.insert({
        commentId: first.id,
        reporterId: ann,
        reason: "spam",
        note: null,
        createdAt: "2026-06-29T10:00:00.000Z",
      });
      await reports.insert({
        commentId: second.id,
        reporterId: ann,
        reason: "off-topic",
        note: null,
        createdAt: "2026-06-29T09:00:00.000Z",
      });
      assert.deepEqual(await reports.listOpen(PAGE), {
        items: [
          {
            commentId: second.id,
            paperId: OTHER,
            reports: [{ reporterId: ann, reason: "off-topic", note: null, createdAt: "2026-06-29T09:00:00.000Z" }],
          },
          {
            commentId: first.id,
            paperId: NEW,
            reports: [
              { reporterId: ann, reason: "spam", note: null, createdAt: "2026-06-29T10:00:00.000Z" },
              { reporterId: ben, reason: "other", note: "copied", createdAt: "2026-06-29T11:00:00.000Z" },
            ],
          },
        ],
        total: 2,
      });
      const page = await reports.listOpen({ offset: 1, limit: 1 });
      assert.deepEqual([page.items.map((r) => r.commentId), page.total], [[first.id], 2]);
    });

    it("resolving closes every open report on the comment, once; a new reporter opens it again", async (t) => {
      const storage = await useCommunity(t, open);
      const { reports, comments } = storage.community;
      const [author, ann, ben, mod] = [
        await addUser(storage, "author"),
        await addUser(storage, "ann"),
        await addUser(storage, "ben"),
        await addUser(storage, "mod"),
      ];
      const target = (await comments.insert(comment(author)))!;
      const untouched = (await comments.insert(comment(author)))!;
      for (const reporterId of [ann, ben])
        await reports.insert({ commentId: target.id, reporterId, reason: "spam", note: null, createdAt: AT });
      await reports.insert({ commentId: untouched.id, reporterId: ann, reason: "spam", note: null, createdAt: AT });
      assert.equal(await reports.resolve(target.id, "dismissed", mod, "2026-06-30T00:00:00.000Z"), 2);
      assert.equal(await reports.resolve(target.id, "hidden", mod, "2026-06-30T00:00:00.000Z"), 0, "nothing left open");
      assert.deepEqual(
        (await reports.listOpen(PAGE)).items.map((r) => r.commentId),
        [untouched.id],
      );
      assert.equal(
        await reports.insert({ commentId: target.id, reporterId: ann, reason: "spam", note: null, createdAt: AT }),
        "duplicate",
      );
      assert.equal(
        await reports.insert({ commentId: target.id, reporterId: author, reason: "spam", note: null, createdAt: AT }),
        "created",
      );
      assert.equal((await reports.listOpen(PAGE)).total, 2);
    });
  });

  describe(`${backend}: community submissions`, () => {
    it("an accepted submission lists the paper under the submitter's handle and counts as theirs", async (t) => {
      const storage = await useCommunity(t, open);
      const uma = await addUser(storage, "uma");
      const s = submission(uma, NEW);
      assert.deepEqual(await storage.community.submissions.submit(s.request, s.decide), {
        kind: "accepted",
        listingDate: "2026-06-29",
      });
      assert.deepEqual(s.seen, [
        { publishedAt: "2026-06-28T00:00:00.000Z", existingListingDate: null, submissionsToday: 0 },
      ]);
      assert.deepEqual(await storage.listings.listAllListings({ first: "2026-06-29", last: "2026-06-29" }), [
        { paperId: NEW, listingDate: "2026-06-29", submittedAt: AT, submittedBy: `user${uma}`, featuredBy: null },
      ]);
      assert.deepEqual(await storage.community.submissions.listByUser(uma, PAGE), {
        items: [{ paperId: NEW, listingDate: "2026-06-29", createdAt: AT }],
        total: 1,
      });
    });

    it("a listed paper is a duplicate, whoever listed it; refusals write nothing", async (t) => {
      const storage = await useCommunity(t, open);
      const [uma, vic] = [await addUser(storage, "uma"), await addUser(storage, "vic")];
      await storage.papers.importPapers([
        paperRecord({
          id: "2606.00003",
          published: "2026-06-27",
          updated: "2026-06-27",
          daily_listings: ["2026-06-27", "2026-06-28"],
        }),
      ]);
      const { submissions } = storage.community;
      const first = submission(uma, NEW);
      await submissions.submit(first.request, first.decide);
      const again = submission(vic, NEW, "2026-06-30T08:00:00.000Z");
      assert.deepEqual(await submissions.submit(again.request, again.decide), {
        kind: "duplicate",
        listingDate: "2026-06-29",
      });
      const imported = submission(vic, "2606.00003");
      assert.deepEqual(await submissions.submit(imported.request, imported.decide), {
        kind: "duplicate",
        listingDate: "2026-06-28",
      });
      const old = submission(vic, OLD);
      assert.equal((await submissions.submit(old.request, old.decide))?.kind, "too-old");
      assert.deepEqual(await submissions.listByUser(vic, PAGE), { items: [], total: 0 });
      let asked = false;
      const unknown = submission(vic, "9999.99999");
      assert.equal(await submissions.submit(unknown.request, (facts) => ((asked = true), unknown.decide(facts))), null);
      assert.equal(asked, false, "no facts for an unknown paper");
    });

    it("counts only today's submissions towards the daily limit", async (t) => {
      const storage = await useCommunity(t, open);
      const ids = ["2606.00011", "2606.00012", "2606.00013", "2606.00014"];
      await storage.papers.importPapers(
        ids.map((id) => paperRecord({ id, published: "2026-06-27", updated: "2026-06-27" })),
      );
      const wes = await addUser(storage, "wes");
      const { submissions } = storage.community;
      const days = ["2026-06-28T23:59:59.999Z", "2026-06-29T00:00:00.000Z", "2026-06-29T10:00:00.000Z", AT];
      const decisions = [];
      const facts = [];
      for (const [i, id] of ids.entries()) {
        const s = submission(wes, id, days[i]);
        decisions.push((await submissions.submit(s.request, s.decide))?.kind);
        facts.push(s.seen[0]?.submissionsToday);
      }
      assert.deepEqual(facts, [0, 0, 1, 2]);
      assert.deepEqual(decisions, ["accepted", "accepted", "accepted", "limit-reached"]);
      const page = await submissions.listByUser(wes, { offset: 0, limit: 2 });
      assert.deepEqual([page.items.map((s) => s.paperId), page.total], [["2606.00013", "2606.00012"], 3]);
    });

    it("simultaneous submissions cannot pass the daily limit or list a paper twice", async (t) => {
      const storage = await useCommunity(t, open);
      const ids = Array.from({ length: 6 }, (_, i) => `2606.0002${i}`);
      await storage.papers.importPapers(
        ids.map((id) => paperRecord({ id, published: "2026-06-27", updated: "2026-06-27" })),
      );
      const [xia, yan, zoe] = [
        await addUser(storage, "xia"),
        await addUser(storage, "yan"),
        await addUser(storage, "zoe"),
      ];
      const { submissions } = storage.community;
      const byOne = await Promise.all(
        ids.map((id) => submission(xia, id)).map((s) => submissions.submit(s.request, s.decide)),
      );
      assert.deepEqual(byOne.map((d) => d?.kind).sort(), [
        "accepted",
        "accepted",
        "limit-reached",
        "limit-reached",
        "limit-reached",
        "limit-reached",
      ]);
      const rest = ids.filter((_, i) => byOne[i]?.kind !== "accepted");
      const race = await Promise.all(
        [yan, zoe].map((u) => submission(u, rest[0]!)).map((s) => submissions.submit(s.request, s.decide)),
      );
      assert.deepEqual(race.map((d) => d?.kind).sort(), ["accepted", "duplicate"]);
      const listed = await storage.listings.listAllListings({ first: "2026-06-29", last: "2026-06-29" });
      assert.equal(listed.length, 3);
    });
  });

  describe(`${backend}: moderation log`, () => {
    it("appends actions and lists them newest first, a page at a time", async (t) => {
      const storage = await useCommunity(t, open);
      const log = storage.community.moderationLog;
      assert.deepEqual(await log.list(PAGE), { items: [], total: 0 });
      const hide = {
        actorId: 7,
        actorHandle: "mod",
        action: "comment.hide",
        targetType: "comment" as const,
        targetId: "12",
        reason: "spam",
        createdAt: AT,
      };
      const suspend = {
        ...hide,
        action: "user.suspend",
        targetType: "user" as const,
        targetId: "3",
        reason: null,
        createdAt: "2026-06-29T12:00:01.000Z",
      };
      await log.append(hide);
      await log.append(suspend);
      const listed = await log.list(PAGE);
      assert.equal(listed.total, 2);
      assert.deepEqual(
        listed.items.map(({ id: _, ...action }) => action),
        [suspend, hide],
      );
      assert.ok(listed.items[0]!.id > listed.items[1]!.id);
      assert.deepEqual(await log.list({ offset: 1, limit: 5 }), { items: [listed.items[1]], total: 2 });
    });
  });
}
