import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Actor } from "../../src/core/discussion/comment.js";
import { checkCommentBody } from "../../src/core/discussion/comment-body.js";
import {
  COMMENT_EDIT_WINDOW_HOURS,
  canDelete,
  canEdit,
  canHide,
  canPost,
  canReply,
  canReport,
  canSeeHidden,
} from "../../src/core/discussion/comment-permissions.js";
import { checkReport } from "../../src/core/discussion/report-reasons.js";
import {
  DEFAULT_SUBMISSION_POLICY,
  decideSubmission,
  parseSubmissionTarget,
} from "../../src/core/discussion/submission-rules.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const actor = (userId: number, extra: Partial<Actor> = {}): Actor => ({
  userId,
  role: "user",
  emailVerified: true,
  suspended: false,
  ...extra,
});
const mine = { authorId: 1, createdAt: "2026-11-27T11:00:00.000Z", deletedAt: null, hiddenAt: null };

describe("comment permissions", () => {
  it("lets only verified, unsuspended users post", () => {
    assert.equal(canPost(null), false);
    assert.equal(canPost(actor(1)), true);
    assert.equal(canPost(actor(1, { emailVerified: false })), false);
    assert.equal(canPost(actor(1, { suspended: true })), false);
  });

  it("lets the author edit within the window, not after, and not a hidden comment", () => {
    assert.equal(canEdit(actor(1), mine, NOW), true);
    assert.equal(canEdit(actor(2), mine, NOW), false);
    assert.equal(canEdit(actor(9, { role: "admin" }), mine, NOW), false, "no one edits another's words");
    const late = new Date(Date.parse(mine.createdAt) + COMMENT_EDIT_WINDOW_HOURS * 3_600_000 + 1);
    assert.equal(canEdit(actor(1), mine, late), false);
    assert.equal(canEdit(actor(1), { ...mine, hiddenAt: "2026-11-27T11:30:00.000Z" }, NOW), false);
    assert.equal(canEdit(actor(1, { suspended: true }), mine, NOW), false);
  });

  it("lets the author (even suspended) and admins delete; moderators hide", () => {
    assert.equal(canDelete(actor(1, { suspended: true }), mine), true);
    assert.equal(canDelete(actor(2, { role: "moderator" }), mine), false);
    assert.equal(canDelete(actor(3, { role: "admin" }), mine), true);
    assert.equal(canDelete(actor(1), { ...mine, deletedAt: "2026-11-27T11:30:00.000Z" }), false);
    assert.equal(canHide(actor(2, { role: "moderator" }), mine), true);
    assert.equal(canHide(actor(2, { role: "curator" }), mine), false);
    assert.equal(canHide(actor(2, { role: "moderator", suspended: true }), mine), false);
  });

  it("shows hidden comments to the author and moderators, and takes reports and replies on public ones", () => {
    const hidden = { ...mine, hiddenAt: "2026-11-27T11:30:00.000Z" };
    assert.equal(canSeeHidden(actor(1), hidden), true);
    assert.equal(canSeeHidden(actor(2), hidden), false);
    assert.equal(canSeeHidden(actor(2, { role: "admin" }), hidden), true);
    assert.equal(canReport(actor(2), mine), true);
    assert.equal(canReport(actor(1), mine), false, "not one's own");
    assert.equal(canReport(actor(2), hidden), false);
    assert.equal(canReply(actor(2), hidden), false);
    assert.equal(canReply(actor(2), mine), true);
  });
});

describe("comment bodies and reports", () => {
  it("trims bodies and refuses empty or over-long ones", () => {
    assert.deepEqual(checkCommentBody("  hi\r\n"), { ok: true, body: "hi" });
    assert.equal(checkCommentBody(" \n ").ok, false);
    const long = checkCommentBody("x".repeat(10_001));
    assert.equal(!long.ok && long.problem, "too-long");
  });

  it("accepts known reasons and asks for a note with other", () => {
    assert.deepEqual(checkReport("spam", "  "), { ok: true, reason: "spam", note: null });
    assert.equal(checkReport("bogus", null).ok, false);
    assert.equal(checkReport("other", "").ok, false);
    const long = checkReport("other", "n".repeat(900));
    assert.equal(long.ok && long.note?.length, 500);
  });
});

describe("submission rules", () => {
  it("reads arXiv ids and URLs", () => {
    for (const input of [
      "2611.01234",
      "arXiv:2611.01234v2",
      "https://arxiv.org/abs/2611.01234",
      "https://arxiv.org/pdf/2611.01234v1",
    ]) {
      assert.deepEqual(parseSubmissionTarget(input), { ok: true, paperId: "2611.01234" }, input);
    }
    assert.deepEqual(parseSubmissionTarget("https://huggingface.co/papers/2611.01234"), {
      ok: true,
      paperId: "2611.01234",
    });
    assert.equal(parseSubmissionTarget("https://evil.example/abs/2611.01234").ok, false);
    assert.equal(parseSubmissionTarget("<script>").ok, false);
    assert.equal(parseSubmissionTarget("2".repeat(400)).ok, false);
  });

  const facts = { publishedAt: "2026-11-20T00:00:00Z", existingListingDate: null, submissionsToday: 0 };

  it("accepts a recent paper onto today's list", () => {
    assert.deepEqual(decideSubmission(facts, DEFAULT_SUBMISSION_POLICY, NOW), {
      kind: "accepted",
      listingDate: "2026-11-27",
    });
  });

  it("points a duplicate to its listing, even when the paper is also too old", () => {
    const old = { ...facts, publishedAt: "2020-01-01T00:00:00Z", existingListingDate: "2020-01-02" };
    assert.deepEqual(decideSubmission(old, DEFAULT_SUBMISSION_POLICY, NOW), {
      kind: "duplicate",
      listingDate: "2020-01-02",
    });
  });

  it("refuses papers older than the window, which is configurable", () => {
    const old = { ...facts, publishedAt: "2026-11-12T11:59:59Z" };
    assert.equal(decideSubmission(old, DEFAULT_SUBMISSION_POLICY, NOW).kind, "too-old");
    assert.equal(
      decideSubmission({ ...facts, publishedAt: "2026-11-13T12:00:00Z" }, DEFAULT_SUBMISSION_POLICY, NOW).kind,
      "accepted",
    );
    assert.equal(decideSubmission(old, { ...DEFAULT_SUBMISSION_POLICY, windowDays: 30 }, NOW).kind, "accepted");
  });

  it("enforces the per-user daily limit", () => {
    const limit = DEFAULT_SUBMISSION_POLICY.dailyLimit;
    assert.equal(
      decideSubmission({ ...facts, submissionsToday: limit - 1 }, DEFAULT_SUBMISSION_POLICY, NOW).kind,
      "accepted",
    );
    assert.deepEqual(decideSubmission({ ...facts, submissionsToday: limit }, DEFAULT_SUBMISSION_POLICY, NOW), {
      kind: "limit-reached",
      dailyLimit: limit,
    });
  });
});
