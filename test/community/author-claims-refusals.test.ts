import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AUTHOR_CLAIMS_PER_DAY } from "../../src/core/discussion/author-claim-rules.js";
import { STARRED_PAPER, fixtureLines } from "../helpers/test-app.js";
import { type AdminBench, type StaffMember, startAdminBench } from "./admin-test-kit.js";

const PAPER = STARRED_PAPER.id;
const claimsApi = (paperId = PAPER) => `/api/v1/papers/${encodeURIComponent(paperId)}/claims`;

/** What claimed authorship refuses, and that a refusal changes nothing. */
describe("claimed authorship: refusals", () => {
  let t: AdminBench;
  before(async () => {
    t = await startAdminBench();
  });
  after(() => t.app.close());

  const postClaim = (who: StaffMember | null, author: unknown, paperId = PAPER) =>
    t.request(claimsApi(paperId), {
      method: "POST",
      headers: { ...(who?.headers ?? {}), "content-type": "application/json" },
      body: JSON.stringify({ author }),
    });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;
  const claimsOf = async (member: StaffMember) =>
    (await t.app.authorClaims.findViewerClaim({ ...actorOf(member) }, PAPER))?.status ?? null;
  const actorOf = (m: StaffMember) => ({ userId: m.user.id, role: m.user.role, emailVerified: true, suspended: false });
  const pendingIdOf = async (member: StaffMember) => {
    const claim = await t.app.authorClaims.findViewerClaim(actorOf(member), PAPER);
    assert.equal(claim?.status, "pending");
    return String(claim.id);
  };

  it("signed out: 401 from the API (with how to sign in); the page form without a session is refused", async () => {
    const res = await postClaim(null, "Grace Hopper");
    assert.equal(res.status, 401);
    assert.match(res.headers.get("www-authenticate") ?? "", /Bearer/);
    assert.match(await errorOf(res), /Sign in/);
    const del = await t.request(claimsApi(), { method: "DELETE" });
    assert.equal(del.status, 401);
    assert.equal((await t.post(`/papers/${PAPER}/claims`, { author: "Grace Hopper" })).status, 403, "no CSRF token");
  });

  it("a form or API call without its CSRF token is refused (403) and stores nothing", async () => {
    const member = await t.join("nocsrf");
    const form = await t.post(`/papers/${PAPER}/claims`, { author: "Grace Hopper" }, member, { csrf: false });
    assert.equal(form.status, 403);
    const { "x-csrf-token": _token, ...cookieOnly } = member.headers;
    const api = await t.request(claimsApi(), {
      method: "POST",
      headers: { ...cookieOnly, "content-type": "application/json" },
      body: JSON.stringify({ author: "Grace Hopper" }),
    });
    assert.equal(api.status, 403);
    assert.equal(await claimsOf(member), null);
    const admin = await t.post("/admin/claims/approve", { claim_id: "1", back: "pending" }, t.staff.admin, {
      csrf: false,
    });
    assert.equal(admin.status, 403);
  });

  it("a name the paper does not list: 400 naming the listed authors (API and form)", async () => {
    const member = await t.join("stranger");
    const res = await postClaim(member, "Ada Lovelace");
    assert.equal(res.status, 400);
    assert.equal(
      await errorOf(res),
      `"Ada Lovelace" is not among this paper's authors. Pick one of: Grace Hopper, Alan Turing.`,
    );
    const form = await t.post(`/papers/${PAPER}/claims`, { author: "Ada Lovelace" }, member);
    assert.equal(form.status, 400);
    const html = await form.text();
    assert.match(html, /<p class="notice notice-error" role="alert">&quot;Ada Lovelace&quot; is not among/);
    assert.match(html, /<details open="">/, "the form is open again beside its reason");
    assert.equal((await postClaim(member, "")).status, 400, "an empty name fails the schema");
    assert.equal((await postClaim(member, "x".repeat(301))).status, 400);
    const notJson = await t.request(claimsApi(), { method: "POST", headers: member.headers, body: "author=x" });
    assert.equal(notJson.status, 415);
    assert.equal((await postClaim(member, "Grace Hopper", "2601.99999")).status, 404);
    assert.equal((await postClaim(member, "Grace Hopper", "not-an-id")).status, 400);
    assert.equal(await claimsOf(member), null);
  });

  it("one live claim per member and paper; a name approved for someone else cannot be claimed", async () => {
    const first = await t.join("first");
    assert.equal((await postClaim(first, "Grace Hopper")).status, 201);
    const second = await postClaim(first, "Alan Turing");
    assert.equal(second.status, 409);
    assert.match(await errorOf(second), /You already claim to be "Grace Hopper" on this paper \(pending\)/);
    const approve = await t.post(
      "/admin/claims/approve",
      { claim_id: await pendingIdOf(first), back: "pending" },
      t.staff.curator,
    );
    assert.equal(approve.status, 303);
    const rival = await t.join("rival");
    const taken = await postClaim(rival, "grace hopper");
    assert.equal(taken.status, 409);
    assert.match(await errorOf(taken), /"Grace Hopper" on this paper is already claimed by another account/);
  });

  it("a second approval of the same name is refused with who holds it", async () => {
    const [bob, carol] = [await t.join("bob"), await t.join("carol")];
    assert.equal((await postClaim(bob, "Alan Turing")).status, 201);
    assert.equal((await postClaim(carol, "Alan Turing")).status, 201, "both pending: no one holds it yet");
    const carolId = await pendingIdOf(carol);
    await t.post("/admin/claims/approve", { claim_id: await pendingIdOf(bob), back: "pending" }, t.staff.curator);
    const before = (await t.auditActions()).length;
    const res = await t.post("/admin/claims/approve", { claim_id: carolId, back: "pending" }, t.staff.moderator);
    assert.equal(res.status, 409);
    assert.match(
      await res.text(),
      /&quot;Alan Turing&quot; on 2606.01234 is already claimed by @bob. Revoke that claim before approving this one./,
    );
    assert.equal(await claimsOf(carol), "pending");
    assert.equal((await t.auditActions()).length, before, "a refused review is not logged");
    const twice = await t.post(
      "/admin/claims/approve",
      { claim_id: await idOfApproved(bob), back: "pending" },
      t.staff.curator,
    );
    assert.equal(twice.status, 409);
    assert.match(await twice.text(), /This claim is approved: it cannot be approved now\./);
  });

  async function idOfApproved(member: StaffMember) {
    return String((await t.app.authorClaims.findViewerClaim(actorOf(member), PAPER))!.id);
  }

  it("reviewers: not their own claim, curator or above, a known claim, a reason to reject", async () => {
    assert.equal((await postClaim(t.staff.curator, "Grace Hopper", "hep-th/9901001")).status, 404, "unknown paper");
    const own = await t.request(claimsApi(fixturePaper(0).id), {
      method: "POST",
      headers: { ...t.staff.curator.headers, "content-type": "application/json" },
      body: JSON.stringify({ author: fixturePaper(0).authors[0] }),
    });
    assert.equal(own.status, 201);
    const { id } = (await own.json()) as { id: number };
    const self = await t.post("/admin/claims/approve", { claim_id: String(id), back: "pending" }, t.staff.curator);
    assert.equal(self.status, 403);
    assert.match(await self.text(), /You cannot review your own claim\./);
    const missing = await t.post(
      "/admin/claims/reject",
      { claim_id: "99999", back: "pending", reason: "x" },
      t.staff.admin,
    );
    assert.equal(missing.status, 404);
    const bad = await t.post("/admin/claims/approve", { claim_id: "abc", back: "pending" }, t.staff.admin);
    assert.equal(bad.status, 400);
    const rejected = await t.post(
      "/admin/claims/reject",
      { claim_id: String(id), back: "pending", reason: "no proof" },
      t.staff.admin,
    );
    assert.equal(rejected.headers.get("location"), "/admin/claims?status=pending&done=rejected");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "boss",
      action: "claim.reject",
      target: fixturePaper(0).id,
      reason: `@ak as "${fixturePaper(0).authors[0]}": no proof`,
    });
    const list = await (await t.get("/admin/claims?status=rejected", t.staff.curator)).text();
    assert.match(list, /rejected 2026-06-30T12:00:00.000Z by @boss: no proof/);
  });

  it("a suspended member cannot claim, their pending claim cannot be approved, and they may still withdraw", async () => {
    const member = await t.join("suspect");
    assert.equal((await postClaim(member, fixturePaper(1).authors[0], fixturePaper(1).id)).status, 201);
    const claim = (await t.app.authorClaims.findViewerClaim(actorOf(member), fixturePaper(1).id))!;
    const suspend = await t.post(
      "/admin/users/suspend",
      { user_id: String(member.user.id), reason: "spam" },
      t.staff.moderator,
    );
    assert.equal(suspend.status, 303);

    const refused = await postClaim(member, fixturePaper(2).authors[0], fixturePaper(2).id);
    assert.equal(refused.status, 403);
    assert.match(await errorOf(refused), /suspended/);
    const queue = await (await t.get("/admin/claims", t.staff.curator)).text();
    assert.match(queue, /@suspect<\/a> \(suspect\)<span class="badge">suspended<\/span>/);
    const approve = await t.post(
      "/admin/claims/approve",
      { claim_id: String(claim.id), back: "pending" },
      t.staff.curator,
    );
    assert.equal(approve.status, 403);
    assert.match(await approve.text(), /@suspect is suspended: their claim cannot be approved\./);

    const page = await (await t.get(`/papers/${fixturePaper(1).id}`, member)).text();
    assert.match(page, /is waiting for a curator/);
    assert.doesNotMatch(page, /<select id="claim-author"/, "no new claims offered");
    const withdraw = await t.post(`/papers/${fixturePaper(1).id}/claims/withdraw`, {}, member);
    assert.equal(withdraw.status, 303);
    assert.equal((await t.app.authorClaims.findViewerClaim(actorOf(member), fixturePaper(1).id))?.status, "withdrawn");
  });

  it(`at most ${AUTHOR_CLAIMS_PER_DAY} claims a day, withdrawn ones counted: then 429 until midnight UTC`, async () => {
    const busy = await t.join("busy");
    for (let i = 0; i < AUTHOR_CLAIMS_PER_DAY; i++) {
      const paper = fixturePaper(i);
      assert.equal((await postClaim(busy, paper.authors[0], paper.id)).status, 201, paper.id);
      if (i === 0)
        assert.equal((await t.request(claimsApi(paper.id), { method: "DELETE", headers: busy.headers })).status, 200);
    }
    const over = fixturePaper(AUTHOR_CLAIMS_PER_DAY);
    const res = await postClaim(busy, over.authors[0], over.id);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), String(12 * 3600), "the test clock is at noon UTC");
    assert.match(await errorOf(res), /You can file 5 authorship claims a day/);
    const form = await t.post(`/papers/${over.id}/claims`, { author: over.authors[0] }, busy);
    assert.equal(form.status, 429);
  });
});

/** The n-th paper of the fixture file, with its listed authors. */
function fixturePaper(n: number): { id: string; authors: [string, ...string[]] } {
  const papers = fixtureLines("papers-small.jsonl").map(
    (line) => JSON.parse(line) as { id: string; authors: string[] },
  );
  const paper = papers.filter((p) => p.authors.length > 0)[n];
  if (!paper) throw new Error(`no fixture paper ${n}`);
  return paper as { id: string; authors: [string, ...string[]] };
}
