import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { orderFeaturedFirst } from "../../src/core/listings/featured-first.js";
import { type AdminBench, STARRED_ID, startAdminBench } from "./admin-test-kit.js";

/** A fixture day with several papers on its list. */
const BUSY_DAY = "2026-06-22";
const TODAY = "2026-06-30";

/** Paper ids in the order a list page shows them. */
function cardIds(html: string): string[] {
  return [...html.matchAll(/<h2 class="card-title"><a href="\/papers\/([^"]+)"/g)].map((m) => m[1]!);
}

describe("featured papers", () => {
  let t: AdminBench;
  before(async () => {
    t = await startAdminBench();
  });
  after(() => t.app.close());

  // Pages are read signed in: signed-out answers may come from the 30 s response cache.
  const dayPage = async (day: string) => (await t.get(`/papers/date/${day}`, t.staff.user)).text();

  it("orders featured items first and keeps each group's order", () => {
    const items = ["a", "B", "c", "D", "e"];
    assert.deepEqual(
      orderFeaturedFirst(items, (x) => x === x.toUpperCase()),
      ["B", "D", "a", "c", "e"],
    );
    assert.deepEqual(
      orderFeaturedFirst([], () => true),
      [],
    );
  });

  it("a curator's feature puts the paper first on the day's list, labelled with their handle", async () => {
    const before = cardIds(await dayPage(BUSY_DAY));
    assert.ok(before.length >= 3, "the fixture day has several papers");
    const last = before.at(-1)!;
    const res = await t.post("/admin/featured/feature", { paper_id: last, day: BUSY_DAY }, t.staff.curator);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/admin/featured?day=${BUSY_DAY}&done=featured`);
    const html = await dayPage(BUSY_DAY);
    assert.deepEqual(cardIds(html), [last, ...before.slice(0, -1)], "featured first, the rest in their order");
    assert.equal(html.match(/Featured by ak/g)?.length, 1);
    const newest = cardIds(await (await t.get(`/papers/date/${BUSY_DAY}?sort=publishedAt`, t.staff.user)).text());
    assert.equal(newest[0], last, "first under either sort");
    const week = await (await t.get("/papers/week/2026-W26", t.staff.user)).text();
    assert.match(week, /Featured by ak/, "the label shows on longer lists too");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "ak",
      action: "paper.feature",
      target: `${last}@${BUSY_DAY}`,
      reason: null,
    });

    const again = await t.post("/admin/featured/feature", { paper_id: last, day: BUSY_DAY }, t.staff.moderator);
    assert.equal(again.headers.get("location"), `/admin/featured?day=${BUSY_DAY}&done=unchanged`);
    assert.match(await dayPage(BUSY_DAY), /Featured by ak/, "the first curator keeps the credit");

    const undo = { paper_id: last, day: BUSY_DAY, reason: "wrong paper" };
    assert.equal((await t.post("/admin/featured/unfeature", undo, t.staff.curator)).status, 303);
    assert.deepEqual(cardIds(await dayPage(BUSY_DAY)), before, "back in place, still listed");
    assert.deepEqual((await t.auditActions())[0], {
      actor: "ak",
      action: "paper.unfeature",
      target: `${last}@${BUSY_DAY}`,
      reason: "wrong paper",
    });
  });

  it("featuring a paper not on the day's list adds it, submitted by the curator", async () => {
    assert.ok(!cardIds(await dayPage(TODAY)).includes(STARRED_ID));
    const res = await t.post(
      "/admin/featured/feature",
      { paper_id: `arXiv:${STARRED_ID}v2`, day: TODAY },
      t.staff.curator,
    );
    assert.equal(res.status, 303);
    const html = await dayPage(TODAY);
    assert.equal(cardIds(html)[0], STARRED_ID);
    assert.match(html, /Featured by ak/);
    const listing = (await t.app.papers.getPaperDetails(STARRED_ID))!.listings.find((l) => l.listingDate === TODAY);
    assert.deepEqual(
      { submittedBy: listing?.submittedBy, featuredBy: listing?.featuredBy },
      { submittedBy: "ak", featuredBy: "ak" },
    );
    const admin = await (await t.get(`/admin/featured?day=${TODAY}`, t.staff.curator)).text();
    assert.match(admin, /featured by ak/);
    assert.match(admin, /action="\/admin\/featured\/unfeature"/);
  });

  it("refuses a future day, an unknown paper and other roles, with reasons", async () => {
    const before = (await t.auditActions()).length;
    const future = await t.post(
      "/admin/featured/feature",
      { paper_id: STARRED_ID, day: "2026-07-01" },
      t.staff.curator,
    );
    assert.equal(future.status, 422);
    assert.match(await future.text(), /not a future day/);
    const unknown = await t.post("/admin/featured/feature", { paper_id: "2601.00001", day: TODAY }, t.staff.curator);
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /no paper 2601\.00001/);
    assert.equal((await t.post("/admin/featured/feature", { paper_id: STARRED_ID }, t.staff.user)).status, 403);
    assert.equal((await t.auditActions()).length, before);
  });

  it("curators feature from the paper page; others do not see the form", async () => {
    const path = "/papers/2606.99999";
    const forCurator = await (await t.get(path, t.staff.curator)).text();
    assert.match(forCurator, /<form method="post" action="\/admin\/featured\/feature" class="curator-form/);
    for (const who of [undefined, t.staff.user]) {
      assert.doesNotMatch(await (await t.get(path, who)).text(), /curator-form/);
    }
    const res = await t.post("/admin/featured/feature", { paper_id: "2606.99999", back: "paper" }, t.staff.curator);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `${path}#listings-heading`);
    const listing = (await t.app.papers.getPaperDetails("2606.99999"))!.listings.find((l) => l.listingDate === TODAY);
    assert.equal(listing?.featuredBy, "ak", "today's list, chosen by the server");
  });
});
