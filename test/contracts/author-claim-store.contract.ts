import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AUTHOR_CLAIMS_PER_DAY, refuseNewClaim } from "../../src/core/discussion/author-claim-rules.js";
import type { AuthorClaimFacts, NewAuthorClaim } from "../../src/core/discussion/ports.js";
import { type OpenStorage, PAGE, paperRecord, useStorage } from "./contract-storage.js";

const AT = "2026-06-30T12:00:00.000Z";
const DAY_START = "2026-06-30T00:00:00.000Z";
const accept = () => ({ accept: true as const });
/** The core's own rule decides in the races: what the service would ask of the store. */
const decideByRules = (authorName: string) => (facts: AuthorClaimFacts) => {
  const refusal = refuseNewClaim(facts, authorName, AUTHOR_CLAIMS_PER_DAY);
  return refusal === null ? { accept: true as const } : { accept: false as const, refusal: refusal.kind };
};

/**
 * The AuthorClaimStore contract (src/core/discussion/ports.ts), for every backend. Papers
 * 2606.01234 and 2606.05678 list "Ada Lovelace" and "Charles Babbage".
 */
export function describeAuthorClaimStoreContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: AuthorClaimStore`, () => {
    async function setUp(t: Parameters<typeof useStorage>[0], extraPapers = 0) {
      const storage = await useStorage(t, open);
      const extra = Array.from({ length: extraPapers }, (_, i) =>
        paperRecord({ id: `2606.1${String(i).padStart(4, "0")}` }),
      );
      await storage.papers.importPapers([paperRecord(), paperRecord({ id: "2606.05678" }), ...extra]);
      const user = async (handle: string) => {
        const created = await storage.accounts.users.insert({
          email: `${handle}@example.org`,
          handle,
          displayName: handle.toUpperCase(),
          passwordHash: "unused",
          role: "user",
          emailVerifiedAt: AT,
          createdAt: AT,
        });
        return created!.id;
      };
      const claims = storage.authorClaims;
      const file = async (userId: number, authorName = "Ada Lovelace", paperId = "2606.01234", createdAt = AT) => {
        const claim: NewAuthorClaim = { paperId, userId, authorName, createdAt, dayStart: DAY_START };
        const result = await claims.create(claim, accept);
        assert.ok("created" in result);
        return result.created;
      };
      return { storage, claims, user, file, extraPaperIds: extra.map((r) => r.paper.id) };
    }

    it("creates a pending claim with the claimant's public facts", async (t) => {
      const { claims, user, file } = await setUp(t);
      const ada = await user("ada");
      const claim = await file(ada);
      assert.deepEqual(claim, {
        id: claim.id,
        paperId: "2606.01234",
        userId: ada,
        userHandle: "ada",
        userDisplayName: "ADA",
        userSuspended: false,
        authorName: "Ada Lovelace",
        status: "pending",
        createdAt: AT,
        decidedAt: null,
        decidedByHandle: null,
        decisionReason: null,
      });
      assert.deepEqual(await claims.find(claim.id), claim);
      assert.deepEqual(await claims.findLatest("2606.01234", ada), claim);
      assert.equal(await claims.findLatest("2606.05678", ada), null);
    });

    it("hands decide the facts: the live claim, the approved holder and today's count", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [ada, bob] = [await user("ada"), await user("bob")];
      await file(ada, "Ada Lovelace", "2606.05678", "2026-06-29T23:59:59.000Z"); // yesterday: not counted
      const held = await file(bob);
      await claims.changeStatus({ id: held.id, from: "pending", to: "approved", at: AT, by: ada, reason: null });
      const mine = await file(ada, "Charles Babbage");
      let seen: AuthorClaimFacts | null = null;
      const result = await claims.create(
        { paperId: "2606.01234", userId: ada, authorName: "Ada Lovelace", createdAt: AT, dayStart: DAY_START },
        (facts) => {
          seen = facts;
          return { accept: false, refusal: "no" };
        },
      );
      assert.deepEqual(result, { refused: "no" });
      assert.equal(seen!.liveClaim?.id, mine.id);
      assert.equal(seen!.approvedHolder?.id, held.id);
      assert.equal(seen!.claimsToday, 1);
      assert.equal((await claims.listByStatus("pending", PAGE)).total, 2, "a refusal writes nothing");
    });

    it("changes status only from the status read; a second approval of a name is name-taken", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [ada, bob, rev] = [await user("ada"), await user("bob"), await user("rev")];
      const [a, b] = [await file(ada), await file(bob)];
      const approve = { from: "pending", to: "approved", at: AT, by: rev, reason: "ok" } as const;
      assert.equal(await claims.changeStatus({ ...approve, id: a.id }), "changed");
      assert.equal(await claims.changeStatus({ ...approve, id: a.id }), "stale", "no longer pending");
      assert.equal(await claims.changeStatus({ ...approve, id: b.id }), "name-taken");
      assert.equal((await claims.find(b.id))!.status, "pending");
      assert.equal(await claims.changeStatus({ ...approve, id: 999 }), "stale");
      const approved = (await claims.find(a.id))!;
      assert.deepEqual(
        [approved.status, approved.decidedAt, approved.decidedByHandle, approved.decisionReason],
        ["approved", AT, "rev", "ok"],
      );
      const withdraw = { id: a.id, from: "approved", to: "withdrawn", at: AT, by: null, reason: null } as const;
      assert.equal(await claims.changeStatus(withdraw), "changed");
      assert.equal(await claims.changeStatus({ ...approve, id: b.id }), "changed", "the name is free again");
    });

    it("lists approved claims of many papers in one call, and by user and status", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [ada, bob, rev] = [await user("ada"), await user("bob"), await user("rev")];
      const ids = [
        await file(ada),
        await file(bob, "Charles Babbage"),
        await file(ada, "Ada Lovelace", "2606.05678", "2026-06-30T13:00:00.000Z"),
      ].map((c) => c.id);
      const pending = await file(rev, "Charles Babbage", "2606.05678", "2026-06-30T11:00:00.000Z");
      for (const id of ids)
        await claims.changeStatus({ id, from: "pending", to: "approved", at: AT, by: rev, reason: null });

      const approved = await claims.listApproved(["2606.01234", "2606.05678", "2606.05678", "2699.00001"]);
      assert.deepEqual([...approved.keys()].sort(), ["2606.01234", "2606.05678"]);
      assert.deepEqual(
        approved.get("2606.01234")!.map((c) => c.userHandle),
        ["ada", "bob"],
      );
      assert.deepEqual(
        approved.get("2606.05678")!.map((c) => c.userHandle),
        ["ada"],
      );
      assert.equal((await claims.listApproved([])).size, 0);

      const byAda = await claims.listApprovedByUser(ada, { offset: 0, limit: 1 });
      assert.equal(byAda.total, 2);
      assert.equal(byAda.items.length, 1);
      const queue = await claims.listByStatus("pending", PAGE);
      assert.deepEqual(
        queue.items.map((c) => c.id),
        [pending.id],
      );
      assert.equal((await claims.listByStatus("approved", PAGE)).total, 3);
    });

    it("goes with the account, and reports a suspension", async (t) => {
      const { storage, claims, user, file } = await setUp(t);
      const [ada, bob] = [await user("ada"), await user("bob")];
      const claim = await file(ada);
      await file(bob, "Charles Babbage");
      await storage.accounts.users.setSuspended(bob, AT, AT);
      assert.equal((await claims.findLatest("2606.01234", bob))!.userSuspended, true);
      await storage.accounts.users.delete(ada);
      assert.equal(await claims.find(claim.id), null);
      assert.equal((await claims.listByStatus("pending", PAGE)).total, 1);
    });

    it("keeps a reviewed claim when the reviewer's account goes, without the reviewer", async (t) => {
      const { storage, claims, user, file } = await setUp(t);
      const [ada, rev] = [await user("ada"), await user("rev")];
      const claim = await file(ada);
      await claims.changeStatus({ id: claim.id, from: "pending", to: "approved", at: AT, by: rev, reason: "ok" });
      await storage.accounts.users.delete(rev);
      const kept = (await claims.find(claim.id))!;
      assert.deepEqual([kept.status, kept.decidedAt, kept.decidedByHandle], ["approved", AT, null]);
    });

    it("lists reviewed claims newest decision first, a page at a time", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [ada, bob, cat, rev] = [await user("ada"), await user("bob"), await user("cat"), await user("rev")];
      const decided = [
        [await file(ada), "2026-06-30T14:00:00.000Z"],
        [await file(bob), "2026-06-30T16:00:00.000Z"],
        [await file(cat), "2026-06-30T15:00:00.000Z"],
      ] as const;
      for (const [claim, at] of decided)
        await claims.changeStatus({ id: claim.id, from: "pending", to: "rejected", at, by: rev, reason: "no" });
      const page = await claims.listByStatus("rejected", { offset: 1, limit: 2 });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((c) => [c.userHandle, c.decidedAt]),
        [
          ["cat", "2026-06-30T15:00:00.000Z"],
          ["ada", "2026-06-30T14:00:00.000Z"],
        ],
      );
      assert.deepEqual(await claims.listByStatus("withdrawn", PAGE), { items: [], total: 0 });
    });

    it("lets one of a member's simultaneous claims on a paper in, and refuses the rest", async (t) => {
      const { claims, user } = await setUp(t);
      const ada = await user("ada");
      const claim = { paperId: "2606.01234", userId: ada, createdAt: AT, dayStart: DAY_START };
      const results = await Promise.all(
        ["Ada Lovelace", "Charles Babbage", "Ada Lovelace", "Charles Babbage"].map((authorName) =>
          claims.create({ ...claim, authorName }, decideByRules(authorName)),
        ),
      );
      assert.equal(results.filter((r) => "created" in r).length, 1);
      assert.deepEqual(
        results.filter((r) => "refused" in r),
        Array(3).fill({ refused: "conflict" }),
        "refused by the rule, not failed by the index",
      );
      assert.equal((await claims.listByStatus("pending", PAGE)).total, 1);
    });

    it(`accepts exactly ${AUTHOR_CLAIMS_PER_DAY} of a member's simultaneous claims in a day`, async (t) => {
      const { claims, user, extraPaperIds } = await setUp(t, AUTHOR_CLAIMS_PER_DAY + 4);
      const ada = await user("ada");
      const results = await Promise.all(
        extraPaperIds.map((paperId) =>
          claims.create(
            { paperId, userId: ada, authorName: "Ada Lovelace", createdAt: AT, dayStart: DAY_START },
            decideByRules("Ada Lovelace"),
          ),
        ),
      );
      assert.equal(results.filter((r) => "created" in r).length, AUTHOR_CLAIMS_PER_DAY);
      assert.deepEqual(
        results.filter((r) => "refused" in r),
        Array(4).fill({ refused: "rate-limited" }),
      );
      assert.equal((await claims.listByStatus("pending", PAGE)).total, AUTHOR_CLAIMS_PER_DAY);
      const tomorrow = { createdAt: "2026-07-01T00:00:00.000Z", dayStart: "2026-07-01T00:00:00.000Z" };
      const next = await claims.create(
        { ...tomorrow, paperId: "2606.05678", userId: ada, authorName: "Ada Lovelace" },
        decideByRules("Ada Lovelace"),
      );
      assert.ok("created" in next, "the limit resets with the day");
    });

    it("approves one account per name when reviewers approve several at once", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [rev1, rev2] = [await user("rev1"), await user("rev2")];
      const rivals = [];
      for (const handle of ["ada", "bob", "cat", "dan"]) rivals.push(await file(await user(handle)));
      const outcomes = await Promise.all(
        rivals.map((claim, i) =>
          claims.changeStatus({
            id: claim.id,
            from: "pending",
            to: "approved",
            at: AT,
            by: i % 2 === 0 ? rev1 : rev2,
            reason: null,
          }),
        ),
      );
      assert.deepEqual([...outcomes].sort(), ["changed", "name-taken", "name-taken", "name-taken"]);
      const approved = (await claims.listApproved(["2606.01234"])).get("2606.01234")!;
      assert.equal(approved.length, 1);
      assert.equal(approved[0]!.id, rivals[outcomes.indexOf("changed")]!.id);
      assert.equal((await claims.listByStatus("pending", PAGE)).total, 3, "the others stay pending");
    });

    it("applies one of two simultaneous reviews of one claim; the other is stale", async (t) => {
      const { claims, user, file } = await setUp(t);
      const [ada, rev1, rev2] = [await user("ada"), await user("rev1"), await user("rev2")];
      const claim = await file(ada);
      const outcomes = await Promise.all([
        claims.changeStatus({ id: claim.id, from: "pending", to: "approved", at: AT, by: rev1, reason: null }),
        claims.changeStatus({ id: claim.id, from: "pending", to: "rejected", at: AT, by: rev2, reason: "no" }),
      ]);
      assert.deepEqual([...outcomes].sort(), ["changed", "stale"]);
      const after = (await claims.find(claim.id))!;
      assert.deepEqual(
        [after.status, after.decidedByHandle],
        outcomes[0] === "changed" ? ["approved", "rev1"] : ["rejected", "rev2"],
      );
    });
  });
}
