import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { STARRED_ID } from "./community-bench.js";
import { arxivLike, startSubmitBench } from "./submit-fixtures.js";

type Bench = Awaited<ReturnType<typeof startSubmitBench>>;
const FRESH = "2606.60001";
const STALE = "2606.60002";

describe("the /submit page", () => {
  let t: Bench;
  let unavailable = false;
  let headers: Record<string, string>;
  before(async () => {
    const arxiv = arxivLike({ [FRESH]: "2026-06-29", [STALE]: "2026-06-20" });
    t = await startSubmitBench((request, i) => (unavailable ? { status: 503 } : arxiv(request, i)), {
      SUBMISSION_WINDOW_DAYS: "3",
    });
    headers = (await t.signIn("poster")).headers;
  });
  after(() => t.close());

  const submit = async (paper: string, csrf = true) => {
    const res = await t.request("/submit", {
      method: "POST",
      headers: { cookie: headers.cookie!, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(csrf ? { _csrf: headers["x-csrf-token"]!, paper } : { paper }).toString(),
    });
    return { status: res.status, html: await res.text() };
  };
  const notice = (html: string) => /<p class="notice notice-(?:ok|error)" role="\w+">([\s\S]*?)<\/p>/.exec(html)?.[1];

  it("sends signed-out visitors to log in first, and back", async () => {
    const res = await t.request("/submit");
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/login?next=%2Fsubmit");
  });

  it("shows a form with its CSRF token and the window from the configuration", async () => {
    const res = await t.request("/submit", { headers: { cookie: headers.cookie! } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    const html = await res.text();
    assert.ok(html.includes(`<input type="hidden" name="_csrf" value="${headers["x-csrf-token"]}"/>`));
    assert.match(html, /<input id="field-paper" name="paper" type="text"/);
    assert.match(html, /up to 3 days old; each account submits up to 5 papers a day/);
  });

  it("accepts a new paper, fetched from arXiv, and links today's list", async () => {
    const { status, html } = await submit(`https://arxiv.org/abs/${FRESH}`);
    assert.equal(status, 200);
    assert.equal(
      notice(html),
      `Thank you: <a href="/papers/${FRESH}">${FRESH}</a> is on the <a href="/papers/date/2026-06-30">daily list of Jun 30, 2026</a>.`,
    );
  });

  it("points a duplicate to the listing that has it", async () => {
    const { status, html } = await submit(STARRED_ID);
    assert.equal(status, 409);
    assert.equal(
      notice(html),
      `<a href="/papers/${STARRED_ID}">${STARRED_ID}</a> is already on the <a href="/papers/date/2026-06-03">daily list of Jun 3, 2026</a>.`,
    );
  });

  it("explains a paper too old for the configured window", async () => {
    const { status, html } = await submit(STALE);
    assert.equal(status, 422);
    assert.match(
      notice(html)!,
      /was published on Jun 20, 2026: the daily list takes papers up to 3 days after publication/,
    );
    assert.ok(html.includes(`value="${STALE}"`), "what was typed stays in the box");
  });

  it("says when arXiv has no such paper, and when it cannot be reached", async () => {
    const missing = await submit("2912.99999");
    assert.equal(missing.status, 404);
    assert.equal(notice(missing.html), "arXiv has no paper 2912.99999.");
    unavailable = true;
    const down = await submit("2606.60003");
    unavailable = false;
    assert.equal(down.status, 503);
    assert.equal(notice(down.html), "arXiv could not be reached to look up 2606.60003; try again in a few minutes.");
  });

  it("refuses input that is no arXiv id, and a form without its CSRF token", async () => {
    const bad = await submit(`<script>alert(1)</script>`);
    assert.equal(bad.status, 400);
    assert.ok(!bad.html.includes("<script>alert(1)"));
    assert.equal((await submit("")).status, 400);
    assert.equal((await submit(FRESH, false)).status, 403);
  });

  it("tells an unconfirmed account why it cannot submit", async () => {
    const unconfirmed = await t.signInUnconfirmed("waiting");
    const html = await (await t.request("/submit", { headers: { cookie: unconfirmed.cookie! } })).text();
    assert.match(notice(html)!, /Confirm your email address first/);
    assert.ok(!html.includes('name="paper"'));
  });
});
