import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  auditActionOf,
  canMoveTo,
  canReviewClaims,
  matchListedAuthor,
  refuseNewClaim,
  secondsUntilLimitResets,
  suggestAuthorName,
} from "../../src/core/discussion/author-claim-rules.js";
import type { AuthorClaim } from "../../src/core/discussion/ports.js";

const AUTHORS = ["Grace Hopper", "Jürgen Müller", "Yi Yang", 'Letian "Max" Fu'];

describe("author claim rules", () => {
  it("matches a typed name to the paper's spelling, forgiving case, spaces and Unicode forms", () => {
    assert.deepEqual(matchListedAuthor(AUTHORS, "  grace\tHOPPER "), { ok: true, name: "Grace Hopper" });
    // "ü" typed as u + combining diaeresis is the same name.
    assert.deepEqual(matchListedAuthor(AUTHORS, "Ju\u0308rgen Mu\u0308ller"), { ok: true, name: "Jürgen Müller" });
    assert.deepEqual(matchListedAuthor(AUTHORS, "Jürgen Müller"), { ok: true, name: "Jürgen Müller" });
  });

  it("does not drop accents: Muller is another person than Müller", () => {
    const result = matchListedAuthor(AUTHORS, "Jurgen Muller");
    assert.equal(result.ok, false);
  });

  it("refuses an unlisted name by listing the names, at most eight of them", () => {
    const many = Array.from({ length: 11 }, (_, i) => `Author ${i + 1}`);
    const result = matchListedAuthor(many, "Nobody");
    assert.deepEqual(result, {
      ok: false,
      message: `"Nobody" is not among this paper's authors. Pick one of: ${many.slice(0, 8).join(", ")} and 3 more.`,
    });
    assert.deepEqual(matchListedAuthor([], "Anyone"), { ok: false, message: "This paper lists no authors to claim." });
  });

  it("suggests the name that looks like the display name, accents ignored, else none", () => {
    assert.equal(suggestAuthorName(AUTHORS, "grace hopper"), "Grace Hopper");
    assert.equal(suggestAuthorName(AUTHORS, "Jurgen Muller"), "Jürgen Müller");
    assert.equal(suggestAuthorName(AUTHORS, "Letian Fu"), 'Letian "Max" Fu', "every word of the display name");
    assert.equal(suggestAuthorName(AUTHORS, "yang"), null, "one word is too little to guess from");
    assert.equal(suggestAuthorName(AUTHORS, "ada"), null);
  });

  it("refuses a new claim: a live claim first, then a taken name, then the daily limit", () => {
    const live = { authorName: "Yi Yang", status: "pending" } as AuthorClaim;
    const holder = { authorName: "Grace Hopper", status: "approved" } as AuthorClaim;
    const facts = { liveClaim: live, approvedHolder: holder, claimsToday: 9 };
    assert.equal(
      refuseNewClaim(facts, "Grace Hopper", 5)?.message,
      'You already claim to be "Yi Yang" on this paper (pending). Withdraw that claim first.',
    );
    assert.equal(refuseNewClaim({ ...facts, liveClaim: null }, "Grace Hopper", 5)?.kind, "conflict");
    assert.equal(
      refuseNewClaim({ ...facts, liveClaim: null, approvedHolder: null }, "Grace Hopper", 5)?.kind,
      "rate-limited",
    );
    assert.equal(refuseNewClaim({ liveClaim: null, approvedHolder: null, claimsToday: 4 }, "Grace Hopper", 5), null);
  });

  it("curators and above review, unless suspended", () => {
    const actor = (role: "user" | "curator" | "moderator" | "admin", suspended = false) => ({
      userId: 1,
      role,
      emailVerified: true,
      suspended,
    });
    assert.equal(canReviewClaims(null), false);
    assert.equal(canReviewClaims(actor("user")), false);
    assert.equal(canReviewClaims(actor("curator")), true);
    assert.equal(canReviewClaims(actor("admin")), true);
    assert.equal(canReviewClaims(actor("admin", true)), false);
  });

  it("approves only pending claims; rejects pending ones and revokes approved ones", () => {
    assert.equal(canMoveTo("approve", "pending"), true);
    for (const from of ["approved", "rejected", "withdrawn"] as const) assert.equal(canMoveTo("approve", from), false);
    assert.equal(canMoveTo("reject", "pending"), true);
    assert.equal(canMoveTo("reject", "approved"), true);
    assert.equal(canMoveTo("reject", "withdrawn"), false);
    assert.equal(auditActionOf("approve", "pending"), "claim.approve");
    assert.equal(auditActionOf("reject", "pending"), "claim.reject");
    assert.equal(auditActionOf("reject", "approved"), "claim.revoke");
  });

  it("the daily limit resets at the next midnight UTC", () => {
    assert.equal(secondsUntilLimitResets(new Date("2026-06-30T12:00:00Z")), 43_200);
    assert.equal(secondsUntilLimitResets(new Date("2026-12-31T23:59:59.500Z")), 1);
  });
});
