import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { STARRED_ID, postJson } from "./community-bench.js";
import { RECORDED_ID, arxivLike, startSubmitBench } from "./submit-fixtures.js";

type Bench = Awaited<ReturnType<typeof startSubmitBench>>;
const FRESH = "2606.50001";
const FRESH_TOO = "2606.50002";
const FRESH_THIRD = "2606.50004";
const index = (b: Bench, body: unknown, headers: Record<string, string>) =>
  b.request("/api/papers/index", postJson(body, headers));

describe("POST /api/papers/index (Hugging Face-compatible submission)", () => {
  let t: Bench;
  /** While true, the fixture arXiv answers every request with 503. */
  let unavailable = false;
  let authorization: string;
  let handle: string;
  before(async () => {
    const arxiv = arxivLike({ [FRESH]: "2026-06-29", [FRESH_TOO]: "2026-06-28", [FRESH_THIRD]: "2026-06-28" });
    t = await startSubmitBench((request, i) => (unavailable ? { status: 503, body: "busy" } : arxiv(request, i)), {
      SUBMISSIONS_PER_DAY: "2",
    });
    const token = await t.apiToken("submitter");
    authorization = token.authorization;
    handle = token.user.handle;
  });
  after(() => t.close());

  it("fetches an unknown paper from arXiv, lists it today, and answers {} like HF", async () => {
    const res = await index(t, { arxivId: `https://arxiv.org/abs/${FRESH}v1` }, { authorization });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
    assert.equal(t.server.requests.at(-1)!.url.searchParams.get("id_list"), FRESH);
    const listed = await t.app.listings.getPeriodList(
      { kind: "day", key: "2026-06-30", first: "2026-06-30", last: "2026-06-30" },
      { sort: "publishedAt", offset: 0, limit: 10 },
    );
    assert.deepEqual(
      listed.items.map((i) => [i.paper.id, i.listing.submittedBy]),
      [[FRESH, handle]],
    );
    const page = await (await t.request("/papers/date/2026-06-30")).text();
    assert.ok(page.includes(`Submitted by <a href="/users/${handle}">${handle}</a>`));
  });

  it("points a duplicate to the existing listing (409)", async () => {
    const res = await index(t, { arxivId: STARRED_ID }, { authorization });
    assert.equal(res.status, 409);
    assert.deepEqual(await res.json(), {
      error: `${STARRED_ID} is already on the daily list of 2026-06-03.`,
      listingDate: "2026-06-03",
      url: `${t.app.config.publicUrl}/papers/date/2026-06-03`,
    });
  });

  it("refuses a paper older than the submission window (422), after fetching it", async () => {
    const res = await index(t, { arxivId: `arXiv:${RECORDED_ID}` }, { authorization });
    assert.equal(res.status, 422);
    assert.deepEqual(await res.json(), {
      error: `${RECORDED_ID} was published on 2021-04-20; the daily list takes papers up to 14 days old.`,
    });
    assert.ok(await t.app.storage.papers.findPaper(RECORDED_ID), "imported all the same: the hub knows it now");
  });

  it("says arXiv has no such paper (404), and that arXiv is unreachable (503)", async () => {
    const missing = await index(t, { arxivId: "2912.99999" }, { authorization });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "arXiv has no paper 2912.99999." });
    unavailable = true;
    const down = await index(t, { arxivId: "2606.50003" }, { authorization });
    unavailable = false;
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), {
      error: "arXiv could not be reached to look up 2606.50003; try again in a few minutes.",
    });
    assert.equal(await t.app.storage.papers.findPaper("2606.50003"), null);
  });

  it("stops at the daily limit (429)", async () => {
    assert.equal((await index(t, { arxivId: FRESH_TOO }, { authorization })).status, 200);
    const limited = await index(t, { arxivId: FRESH_THIRD }, { authorization });
    assert.equal(limited.status, 429);
    assert.match(((await limited.json()) as { error: string }).error, /limit of 2 submissions/);
  });

  it("answers 401 without a token, 403 for an unconfirmed account, 400 for bad input", async () => {
    const anonymous = await index(t, { arxivId: FRESH }, {});
    assert.equal(anonymous.status, 401);
    assert.match(((await anonymous.json()) as { error: string }).error, /Bearer/);
    const revoked = await index(t, { arxivId: FRESH }, { authorization: "Bearer pb_not-a-token" });
    assert.equal(revoked.status, 401);
    const unconfirmed = await t.signInUnconfirmed("fresh");
    assert.equal((await index(t, { arxivId: FRESH }, unconfirmed)).status, 403);
    for (const body of [{ arxivId: "abc" }, {}, { arxivId: 42 }, { arxivId: "" }]) {
      const res = await index(t, body, { authorization });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(((await res.json()) as { error: string }).error.length > 0);
    }
    const malformed = await t.request("/api/papers/index", {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: '{"arxivId":',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await t.request("/api/papers/index", { method: "POST", headers: { authorization } })).status, 415);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const post = doc.paths["/papers/index"]?.post;
    assert.ok(post);
    for (const status of ["200", "401", "403", "404", "409", "422", "429", "503"]) assert.ok(post.responses[status]);
  });
});
