import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toSourceLines } from "../helpers/test-app.js";
import { STARRED_ID, type CommunityBench, postJson, startCommunityBench } from "./community-bench.js";

const VOTERS = 100;
const votesPath = (id: string) => `/api/v1/papers/${encodeURIComponent(id)}/votes`;

describe("POST /api/v1/papers/{id}/votes", () => {
  let t: CommunityBench;
  before(async () => {
    t = await startCommunityBench();
  });
  after(() => t.app.close());

  it("counts exactly when a hundred users toggle at once", async () => {
    const users = await Promise.all(Array.from({ length: VOTERS }, (_, i) => t.signIn(`voter${i}`)));
    const before = (await t.app.storage.papers.findPaper("2606.99999"))!.upvotes;
    const answers = await Promise.all(
      users.map((u) => t.request(votesPath("2606.99999"), postJson(undefined, u.headers))),
    );
    assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200]));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { voted: boolean; upvotes: number }[];
    assert.ok(bodies.every((b) => b.voted));
    assert.deepEqual(
      bodies.map((b) => b.upvotes).sort((a, b) => a - b),
      Array.from({ length: VOTERS }, (_, i) => before + i + 1),
      "each answer saw its own vote and no other count twice",
    );
    assert.equal((await t.app.storage.papers.findPaper("2606.99999"))!.upvotes, before + VOTERS);
    const undo = await Promise.all(
      users.map((u) => t.request(votesPath("2606.99999"), postJson(undefined, u.headers))),
    );
    assert.deepEqual(new Set(undo.map((r) => r.status)), new Set([200]));
    assert.equal((await t.app.storage.papers.findPaper("2606.99999"))!.upvotes, before);
  });

  it("toggles on and back off, and sets idempotently when told the vote wanted", async () => {
    const { headers } = await t.signIn("toggler");
    const vote = async (body: unknown) => {
      const res = await t.request(votesPath(STARRED_ID), postJson(body, headers));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      return res.json();
    };
    assert.deepEqual(await vote(undefined), { voted: true, upvotes: 43 });
    assert.deepEqual(await vote(undefined), { voted: false, upvotes: 42 });
    assert.deepEqual(await vote({ voted: true }), { voted: true, upvotes: 43 });
    assert.deepEqual(await vote({ voted: true }), { voted: true, upvotes: 43 }, "a retried request changes nothing");
    assert.deepEqual(await vote({}), { voted: false, upvotes: 42 });
    assert.deepEqual(await vote({ voted: false }), { voted: false, upvotes: 42 });
  });

  it("accepts a personal API token without a CSRF token", async () => {
    const { authorization } = await t.apiToken("tokenvoter");
    const res = await t.request(votesPath(STARRED_ID), postJson({ voted: true }, { authorization }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { voted: true, upvotes: 43 });
    await t.request(votesPath(STARRED_ID), postJson({ voted: false }, { authorization }));
  });

  it("answers 401 to a signed-out caller, naming how to sign in", async () => {
    const res = await t.request(votesPath(STARRED_ID), postJson({ voted: true }, {}));
    assert.equal(res.status, 401);
    assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.match(((await res.json()) as { error: string }).error, /Sign in.*Bearer/);
  });

  it("answers 403 to an unconfirmed or suspended account, and without the CSRF token", async () => {
    const unconfirmed = await t.signInUnconfirmed("newcomer");
    const res = await t.request(votesPath(STARRED_ID), postJson({ voted: true }, unconfirmed));
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { error: "Confirm your email address first." });

    const suspended = await t.signIn("suspended");
    await t.app.accounts.setSuspended(suspended.user.id, true);
    const refused = await t.request(votesPath(STARRED_ID), postJson({ voted: true }, suspended.headers));
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), { error: "Your account is suspended." });

    const { headers } = await t.signIn("forgetful");
    const { "x-csrf-token": _, ...cookieOnly } = headers;
    assert.equal((await t.request(votesPath(STARRED_ID), postJson({ voted: true }, cookieOnly))).status, 403);
    assert.equal((await t.app.storage.papers.findPaper(STARRED_ID))!.upvotes, 42);
  });

  it("answers 404 for an unknown paper and 400 for a bad id or body, never 500", async () => {
    const { headers } = await t.signIn("prober");
    const unknown = await t.request(votesPath("2912.99999"), postJson({ voted: true }, headers));
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: "No such paper." });
    assert.equal((await t.request(votesPath("not-an-id"), postJson({}, headers))).status, 400);
    for (const [body, status] of [
      [{ voted: "yes" }, 400],
      [{ voted: true, extra: 1 }, 400],
    ] as const) {
      const res = await t.request(votesPath(STARRED_ID), postJson(body, headers));
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(((await res.json()) as { error: string }).error, /voted|extra|Unrecognized/);
    }
    const malformed = await t.request(votesPath(STARRED_ID), {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "{voted:",
    });
    assert.equal(malformed.status, 400);
    const form = await t.request(votesPath(STARRED_ID), {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: "voted",
    });
    assert.equal(form.status, 415);
  });

  it("votes on an old-style id through its encoded slash", async () => {
    const paper = { id: "hep-th/9901001", title: "Old", abstract: "A", authors: ["Ada"], published: "1999-01-04" };
    await t.app.importer.importLines(toSourceLines([JSON.stringify({ ...paper, categories: ["hep-th"] })]));
    const { headers } = await t.signIn("historian");
    const res = await t.request(votesPath("hep-th/9901001"), postJson({ voted: true }, headers));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { voted: true, upvotes: 1 });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const post = doc.paths["/v1/papers/{id}/votes"]?.post;
    assert.ok(post);
    assert.deepEqual(Object.keys(post.responses).sort(), ["200", "400", "401", "403", "404", "415"]);
    assert.ok(doc.components.schemas.VoteRequest && doc.components.schemas.VoteState);
  });
});
