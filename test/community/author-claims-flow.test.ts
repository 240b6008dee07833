import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { HOSTILE_PAPER, STARRED_PAPER } from "../helpers/test-app.js";
import { type AdminBench, type StaffMember, startAdminBench } from "./admin-test-kit.js";
import { commentArticle, commentIdOf } from "./comments-test-kit.js";

const PAPER = STARRED_PAPER.id;
const paperPage = `/papers/${PAPER}`;

interface HfInfo {
  numComments: number;
  isAuthorParticipating: boolean;
}
interface CommentsApi extends HfInfo {
  comments: { id: number; author: { handle: string; isPaperAuthor: boolean } | null }[];
}

/**
 * Claimed authorship end to end, through HTTP as a browser and API clients use it: claim on
 * the paper page, review on /admin/claims, then the badge, the profile, HF's
 * isAuthorParticipating, and back to false when the claim goes.
 */
describe("claimed authorship: claim, review, badge", () => {
  let t: AdminBench;
  let grace: StaffMember;
  let alan: StaffMember;
  let graceComment: number;
  let alanComment: number;

  before(async () => {
    t = await startAdminBench();
    grace = await t.join("grace");
    alan = await t.join("alan");
  });
  after(() => t.app.close());

  const page = async (who?: StaffMember) => (await t.get(paperPage, who)).text();
  const json = async <T>(path: string, who?: StaffMember) => (await (await t.get(path, who)).json()) as T;
  const claimOf = async (member: StaffMember) => (await t.app.authorClaims.findViewerClaim(actor(member), PAPER))!;
  const actor = (m: StaffMember) => ({ userId: m.user.id, role: m.user.role, emailVerified: true, suspended: false });
  const comment = async (member: StaffMember, body: string) =>
    commentIdOf(await t.post(`${paperPage}/comments`, { body }, member));

  it("offers the claim form to signed-in members only, with the listed names", async () => {
    const signedOut = await page();
    assert.doesNotMatch(signedOut, /Claim authorship/);
    const html = await page(grace);
    assert.match(html, new RegExp(`<form method="post" action="${paperPage}/claims"`));
    assert.match(html, /<label for="claim-author">Which author are you\?<\/label>/);
    assert.match(html, /<option value="Grace Hopper">Grace Hopper<\/option><option value="Alan Turing">/);
  });

  it("a claim (case and spacing forgiven) waits for review and shows only to its member", async () => {
    const res = await t.post(`${paperPage}/claims`, { author: "  grace   HOPPER " }, grace);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${paperPage}?done=claim-filed#authorship`);
    const claim = await claimOf(grace);
    assert.equal(claim.status, "pending");
    assert.equal(claim.authorName, "Grace Hopper", "stored as the paper spells it");

    const after = await (await t.get(`${paperPage}?done=claim-filed`, grace)).text();
    assert.match(after, /Claim sent: a curator will review it/);
    assert.match(after, /Your claim to be &quot;Grace Hopper&quot; is waiting for a curator(&#39;|')s review\./);
    assert.match(after, /Withdraw claim/);
    assert.doesNotMatch(await page(), /href="\/users\/grace"/, "nothing public before review");
    const api = await json<{ claimedAuthors: unknown[]; yourClaim: { status: string } | null }>(
      `/api/v1/papers/${PAPER}/claims`,
      grace,
    );
    assert.deepEqual(api.claimedAuthors, []);
    assert.equal(api.yourClaim?.status, "pending");
  });

  it("no badge while pending: isAuthorParticipating stays false", async () => {
    graceComment = await comment(grace, "I wrote this one.");
    alanComment = await comment(alan, "A reader's question.");
    const info = await json<HfInfo>(`/api/papers/${PAPER}`);
    assert.deepEqual(info, { ...info, numComments: 2, isAuthorParticipating: false });
    assert.doesNotMatch(commentArticle(await page(), graceComment)!, /class="badge"/);
  });

  it("the review queue lists it for curators; a plain user may not approve (403)", async () => {
    const queue = await (await t.get("/admin/claims", t.staff.curator)).text();
    assert.match(queue, /@grace<\/a> \(grace\)/);
    assert.match(queue, /claims to be <strong>Grace Hopper<\/strong>/);
    assert.match(queue, /1 claim waiting/);
    const claim = await claimOf(grace);
    const denied = await t.post("/admin/claims/approve", { claim_id: String(claim.id), back: "pending" }, t.staff.user);
    assert.equal(denied.status, 403);
    assert.equal((await claimOf(grace)).status, "pending");
    assert.equal((await t.get("/admin/claims", t.staff.user)).status, 403);
  });

  it("a curator approves: badge on the comment, name linked to the profile, HF fields true, audit entry", async () => {
    const claim = await claimOf(grace);
    const res = await t.post(
      "/admin/claims/approve",
      { claim_id: String(claim.id), back: "pending", reason: "ORCID matches" },
      t.staff.curator,
    );
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin/claims?status=pending&done=approved");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "ak",
      action: "claim.approve",
      target: PAPER,
      reason: '@grace as "Grace Hopper": ORCID matches',
    });

    // Signed out: the page is a cached public answer, which the approval must have dropped.
    const html = await page();
    assert.match(
      commentArticle(html, graceComment)!,
      /<span class="badge" title="A claimed author of this paper">Author<\/span>/,
    );
    assert.doesNotMatch(commentArticle(html, alanComment)!, /Author<\/span>/);
    assert.match(
      html,
      /<a href="\/authors\/Grace%20Hopper">Grace Hopper<\/a> <a href="\/users\/grace" class="claimed-author badge"/,
    );

    assert.equal((await json<HfInfo>(`/api/papers/${PAPER}`)).isAuthorParticipating, true);
    const thread = await json<CommentsApi>(`/api/v1/papers/${PAPER}/comments`);
    assert.equal(thread.isAuthorParticipating, true);
    assert.deepEqual(
      thread.comments.map((c) => [c.author?.handle, c.author?.isPaperAuthor]),
      [
        ["grace", true],
        ["alan", false],
      ],
    );
    const listed = await json<{ claimedAuthors: { author: string; handle: string; url: string }[] }>(
      `/api/v1/papers/${PAPER}/claims`,
    );
    assert.deepEqual(listed.claimedAuthors, [
      { author: "Grace Hopper", handle: "grace", displayName: "grace", url: `${t.app.config.publicUrl}/users/grace` },
    ]);

    const profile = await (await t.get("/users/grace")).text();
    assert.match(profile, /<h2 id="papers-heading">Papers <span class="muted">\(1\)<\/span><\/h2>/);
    assert.match(profile, /Star Growth for Testing/);
    assert.match(profile, /as Grace Hopper, a claimed author/);
    assert.doesNotMatch(await (await t.get("/users/alan")).text(), /papers-heading/, "no claims, no list");
  });

  it("the approved member sees their status; another member is offered only the unclaimed name", async () => {
    assert.match(await page(grace), /You are a claimed author of this paper, as &quot;Grace Hopper&quot;\./);
    const html = await page(alan);
    assert.match(html, /<option value="Alan Turing">Alan Turing<\/option>/);
    assert.doesNotMatch(html, /<option value="Grace Hopper">/);
  });

  it("a revoked claim takes the badge and isAuthorParticipating back; the log says so", async () => {
    const claim = await claimOf(grace);
    const noReason = await t.post(
      "/admin/claims/reject",
      { claim_id: String(claim.id), back: "approved" },
      t.staff.moderator,
    );
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /Give a reason: the claimant sees it\./);
    const res = await t.post(
      "/admin/claims/reject",
      { claim_id: String(claim.id), back: "approved", reason: "not the same Grace" },
      t.staff.moderator,
    );
    assert.equal(res.headers.get("location"), "/admin/claims?status=approved&done=revoked");
    assert.equal((await t.auditActions())[0]?.action, "claim.revoke");
    assert.equal((await json<HfInfo>(`/api/papers/${PAPER}`)).isAuthorParticipating, false);
    assert.doesNotMatch(commentArticle(await page(), graceComment)!, /Author<\/span>/);
    const own = await page(grace);
    assert.match(own, /Your claim to be &quot;Grace Hopper&quot; was not approved: not the same Grace/);
    assert.match(own, /Claim authorship/, "a rejected member may claim again");
    const audit = await (await t.get("/admin/audit", t.staff.moderator)).text();
    assert.match(audit, /revoked an approved authorship claim on paper <span class="mono">2606.01234<\/span>/);
    assert.match(audit, /approved an authorship claim on paper/);
  });

  it("withdrawing an approved claim (API DELETE) also ends participation", async () => {
    const claimed = await t.request(`/api/v1/papers/${PAPER}/claims`, {
      method: "POST",
      headers: { ...alan.headers, "content-type": "application/json" },
      body: JSON.stringify({ author: "Alan Turing" }),
    });
    assert.equal(claimed.status, 201);
    const claim = (await claimed.json()) as { id: number; status: string; author: string };
    assert.equal(claim.status, "pending");
    await t.post("/admin/claims/approve", { claim_id: String(claim.id), back: "pending" }, t.staff.admin);
    assert.equal((await json<HfInfo>(`/api/papers/${PAPER}`)).isAuthorParticipating, true, "alan commented");

    const withdrawn = await t.request(`/api/v1/papers/${PAPER}/claims`, { method: "DELETE", headers: alan.headers });
    assert.equal(withdrawn.status, 200);
    assert.equal(((await withdrawn.json()) as { status: string }).status, "withdrawn");
    assert.equal((await json<HfInfo>(`/api/papers/${PAPER}`)).isAuthorParticipating, false);
    assert.equal((await json<CommentsApi>(`/api/v1/papers/${PAPER}/comments`)).isAuthorParticipating, false);
    const again = await t.request(`/api/v1/papers/${PAPER}/claims`, { method: "DELETE", headers: alan.headers });
    assert.equal(again.status, 404);
    assert.match(((await again.json()) as { error: string }).error, /no pending or approved claim/);
  });

  it("the OpenAPI document describes the claim endpoints", async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>("/api/v1/openapi.json");
    assert.deepEqual(Object.keys(doc.paths["/v1/papers/{id}/claims"] ?? {}).sort(), ["delete", "get", "post"]);
  });

  it("lists read claimed authors for the whole page in one query", async () => {
    // Two listed papers, each with a comment by its approved author.
    const ada = await t.join("ada");
    for (const [who, paperId, author] of [
      [grace, PAPER, "Grace Hopper"],
      [ada, HOSTILE_PAPER.id, `Ada "Quote" O'Brien`],
    ] as const) {
      const filed = await t.app.authorClaims.claim({ ...actor(who), handle: who.user.handle }, paperId, author);
      assert.ok(filed.ok, JSON.stringify(filed));
      const curator = { ...actor(t.staff.curator), handle: "ak" };
      assert.ok((await t.app.authorClaims.review(curator, filed.value.id, "approve", null)).ok);
      await t.post(`/papers/${paperId}/comments`, { body: "Author here." }, who);
    }
    // Hostile listed names stay text: in the claim form, the header link and the profile.
    const hostile = await (await t.get(`/papers/${HOSTILE_PAPER.id}`, grace)).text();
    assert.match(
      hostile,
      /<option value="&lt;img src=x onerror=alert\(3\)&gt;">&lt;img src=x onerror=alert\(3\)&gt;<\/option>/,
    );
    assert.doesNotMatch(hostile, /<img src=x/);
    assert.match(
      await (await t.get("/users/ada")).text(),
      /as Ada &quot;Quote&quot; O(&#39;|')Brien, a claimed author/,
    );

    const store = t.app.storage.authorClaims;
    const listApproved = store.listApproved.bind(store);
    let reads = 0;
    store.listApproved = (ids) => {
      reads += 1;
      return listApproved(ids);
    };
    try {
      const items = await json<(HfInfo & { paper: { id: string } })[]>("/api/daily_papers?limit=100");
      const flags = new Map(items.map((i) => [i.paper.id, i.isAuthorParticipating]));
      assert.equal(flags.get(PAPER), true);
      assert.equal(flags.get(HOSTILE_PAPER.id), true);
      assert.equal([...flags.values()].filter(Boolean).length, 2);
      assert.equal(reads, 1, "one read of approved claims for the whole list");
    } finally {
      store.listApproved = listApproved;
    }
  });
});
