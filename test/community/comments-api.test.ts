import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { STARRED_PAPER } from "../helpers/test-app.js";
import { type Member, OLD_STYLE_PAPER, type TestApp, signIn, startCommentsApp } from "./comments-test-kit.js";

const API = `/api/v1/papers/${STARRED_PAPER.id}/comments`;

interface ApiComment {
  id: number;
  parentId: number | null;
  depth: number;
  deleted: boolean;
  hidden: boolean;
  author: { handle: string; displayName: string; isPaperAuthor: boolean; url: string } | null;
  html: string | null;
  markdown: string | null;
  createdAt: string | null;
  editedAt: string | null;
  isMine: boolean;
  actions: Record<"reply" | "edit" | "delete" | "report" | "hide", boolean>;
  url: string;
}

describe("the comment API", () => {
  let t: TestApp;
  let ada: Member;
  let bob: Member;
  let adaToken: string;

  /** JSON with a bearer token, a session (and its CSRF header), or nothing. */
  const send = (
    method: string,
    path: string,
    auth: string | Member | null,
    body?: unknown,
    type = "application/json",
  ) => {
    const headers: Record<string, string> = {};
    if (typeof auth === "string") headers["authorization"] = `Bearer ${auth}`;
    else if (auth) Object.assign(headers, auth.headers);
    if (body !== undefined) headers["content-type"] = type;
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return t.request(path, { method, headers, body: payload });
  };

  before(async () => {
    t = await startCommentsApp();
    ada = await signIn(t, "ada");
    bob = await signIn(t, "bob");
    const created = await t.app.accounts.createApiToken(ada.user.id, "script");
    assert.equal(created.kind, "created");
    adaToken = created.kind === "created" ? created.token : "";
  });

  it("posts with a bearer token: 201, the comment as the thread shows it, and a Location", async () => {
    const res = await send("POST", API, adaToken, { body: "Via the *API*" });
    assert.equal(res.status, 201);
    const comment = (await res.json()) as ApiComment;
    assert.equal(comment.author?.handle, "ada");
    assert.equal(comment.html, "<p>Via the <em>API</em></p>\n");
    assert.equal(comment.markdown, "Via the *API*");
    assert.equal(comment.isMine, true);
    assert.equal(comment.actions.edit, true);
    assert.equal(comment.parentId, null);
    assert.equal(res.headers.get("location"), `http://127.0.0.1:3000/papers/${STARRED_PAPER.id}#comment-${comment.id}`);
  });

  it("posts a reply with a session and its X-CSRF-Token; without the header it is a 403", async () => {
    const parent = (await (await send("POST", API, adaToken, { body: "Parent" })).json()) as ApiComment;
    const res = await send("POST", API, bob, { body: "Reply", parentId: parent.id });
    assert.equal(res.status, 201);
    const reply = (await res.json()) as ApiComment;
    assert.equal(reply.parentId, parent.id);
    assert.equal(reply.depth, 1);
    const noCsrf = await send("POST", API, { ...bob, headers: { cookie: bob.headers["cookie"]! } }, { body: "x" });
    assert.equal(noCsrf.status, 403);
  });

  it("answers 401 with WWW-Authenticate to writes without a session or token, whatever the body", async () => {
    for (const [method, path] of [
      ["POST", API],
      ["PATCH", "/api/v1/comments/1"],
      ["DELETE", "/api/v1/comments/1"],
      ["POST", "/api/v1/comments/1/reports"],
    ] as const) {
      const res = await send(method, path, null, method === "DELETE" ? undefined : "{not json");
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
      assert.match(((await res.json()) as { error: string }).error, /Sign in/);
    }
  });

  it("bad bodies get 4xx with the reason, never a 500", async () => {
    const cases: [unknown, string | undefined, number, RegExp][] = [
      ["{not json", "application/json", 400, /not valid JSON/],
      ["body=x", "application/x-www-form-urlencoded", 415, /application\/json/],
      [{ body: "   " }, undefined, 422, /The comment is empty/],
      [{ body: "x".repeat(10_001) }, undefined, 422, /the limit is 10,000/],
      [{ text: "wrong field" }, undefined, 422, /body/],
      [{ body: "x", parentId: "one" }, undefined, 422, /parentId/],
      [{ body: "x".repeat(70_000) }, undefined, 413, /larger than/],
    ];
    for (const [body, type, status, message] of cases) {
      const res = await send("POST", API, adaToken, body, type);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 60));
      assert.match(((await res.json()) as { error: string }).error, message);
    }
  });

  it("404 for an unknown paper or parent, 400 for a malformed id", async () => {
    assert.equal((await send("POST", "/api/v1/papers/2601.99999/comments", adaToken, { body: "x" })).status, 404);
    assert.equal((await send("POST", API, adaToken, { body: "x", parentId: 999_999 })).status, 404);
    assert.equal((await send("POST", "/api/v1/papers/nope/comments", adaToken, { body: "x" })).status, 400);
    assert.equal((await send("GET", "/api/v1/papers/2601.99999/comments", null)).status, 404);
  });

  it("edits (author only), deletes (tombstone under replies) and reports (once)", async () => {
    const mine = (await (await send("POST", API, adaToken, { body: "Tpyo" })).json()) as ApiComment;
    const edited = await send("PATCH", `/api/v1/comments/${mine.id}`, adaToken, { body: "Typo" });
    assert.equal(edited.status, 200);
    const after = (await edited.json()) as ApiComment;
    assert.equal(after.markdown, "Typo");
    assert.ok(after.editedAt);
    assert.equal((await send("PATCH", `/api/v1/comments/${mine.id}`, bob, { body: "Mine now" })).status, 403);

    const report = (reason: string, note?: string) =>
      send("POST", `/api/v1/comments/${mine.id}/reports`, bob, note === undefined ? { reason } : { reason, note });
    assert.equal((await report("other")).status, 422, '"other" needs a note');
    assert.equal((await report("boring")).status, 422);
    const first = await report("spam");
    assert.equal(first.status, 201);
    assert.deepEqual(await first.json(), { status: "created" });
    const again = await report("spam");
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { status: "duplicate" });
    assert.equal((await send("POST", `/api/v1/comments/${mine.id}/reports`, adaToken, { reason: "spam" })).status, 403);

    await send("POST", API, bob, { body: "Reply to the typo", parentId: mine.id });
    assert.equal((await send("DELETE", `/api/v1/comments/${mine.id}`, bob)).status, 403);
    assert.equal((await send("DELETE", `/api/v1/comments/${mine.id}`, adaToken)).status, 204);
    assert.equal((await send("DELETE", `/api/v1/comments/${mine.id}`, adaToken)).status, 404);
    const thread = (await (await send("GET", API, bob)).json()) as { comments: ApiComment[] };
    const tombstone = thread.comments.find((c) => c.id === mine.id)!;
    assert.deepEqual(
      { deleted: tombstone.deleted, author: tombstone.author, html: tombstone.html, markdown: tombstone.markdown },
      { deleted: true, author: null, html: null, markdown: null },
    );
  });

  it("reads the thread publicly in reading order; Markdown only for the caller's own comments", async () => {
    const path = `/api/v1/papers/${encodeURIComponent(OLD_STYLE_PAPER.id)}/comments`;
    const top = (await (await send("POST", path, adaToken, { body: "Top" })).json()) as ApiComment;
    const reply = (await (await send("POST", path, bob, { body: "Reply", parentId: top.id })).json()) as ApiComment;
    const later = (await (await send("POST", path, bob, { body: "Later top" })).json()) as ApiComment;
    const publicRes = await send("GET", path, null);
    assert.equal(publicRes.status, 200);
    const thread = (await publicRes.json()) as { paperId: string; numComments: number; comments: ApiComment[] };
    assert.equal(thread.paperId, OLD_STYLE_PAPER.id);
    assert.equal(thread.numComments, 3);
    assert.deepEqual(
      thread.comments.map((c) => [c.id, c.parentId, c.depth]),
      [
        [top.id, null, 0],
        [reply.id, top.id, 1],
        [later.id, null, 0],
      ],
    );
    assert.ok(thread.comments.every((c) => c.markdown === null && !c.isMine && !c.actions.reply));
    const asBob = (await (await send("GET", path, bob)).json()) as { comments: ApiComment[] };
    assert.deepEqual(
      asBob.comments.map((c) => c.markdown),
      [null, "Reply", "Later top"],
    );
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as { paths: Record<string, object> };
    assert.deepEqual(Object.keys(doc.paths["/v1/papers/{id}/comments"]!).sort(), ["get", "post"]);
    assert.deepEqual(Object.keys(doc.paths["/v1/comments/{id}"]!).sort(), ["delete", "patch"]);
    assert.deepEqual(Object.keys(doc.paths["/v1/comments/{id}/reports"]!), ["post"]);
  });
});
