import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { STARRED_PAPER } from "../helpers/test-app.js";
import { type TestApp, actorOf, signIn, startCommentsApp } from "./comments-test-kit.js";

interface HfItem {
  paper: { id: string };
  numComments: number;
  isAuthorParticipating: boolean;
}

/** HF's `numComments` and `isAuthorParticipating` come from the hub's own discussions. */
describe("comment counts in the Hugging Face-compatible API", () => {
  let t: TestApp;
  let summarizeCalls = 0;

  before(async () => {
    t = await startCommentsApp();
    const ada = actorOf(await signIn(t, "ada"));
    const mod = { ...actorOf(await signIn(t, "mod", "moderator")), role: "moderator" as const };
    const post = async (body: string) => {
      const outcome = await t.app.discussion.postComment(ada, { paperId: STARRED_PAPER.id, body });
      assert.ok(outcome.ok);
      return outcome.value.id;
    };
    await post("One");
    await post("Two");
    await t.app.discussion.setCommentHidden(mod, await post("Hidden"), true, "spam");
    await t.app.discussion.deleteComment(ada, await post("Deleted"));
    // Counts every batch read, to show one per answer (no query per paper).
    const comments = t.app.storage.community.comments;
    const summarize = comments.summarize.bind(comments);
    comments.summarize = (ids) => {
      summarizeCalls += 1;
      return summarize(ids);
    };
  });

  it("GET /api/daily_papers: the public count, read in one batch for the whole page", async () => {
    summarizeCalls = 0;
    const items = (await (await t.request("/api/daily_papers?limit=100")).json()) as HfItem[];
    assert.ok(items.length > 3);
    const item = items.find((i) => i.paper.id === STARRED_PAPER.id)!;
    assert.equal(item.numComments, 2, "hidden and deleted comments do not count");
    assert.equal(item.isAuthorParticipating, false, "no author has claimed the paper");
    assert.ok(items.filter((i) => i.paper.id !== STARRED_PAPER.id).every((i) => i.numComments === 0));
    assert.equal(summarizeCalls, 1);
  });

  it("GET /api/papers/search and GET /api/papers/{id} carry the same count", async () => {
    const hits = (await (await t.request("/api/papers/search?q=Star%20Growth%20Testing")).json()) as HfItem[];
    const hit = hits.find((i) => i.paper.id === STARRED_PAPER.id)!;
    assert.equal(hit.numComments, 2);
    const info = (await (await t.request(`/api/papers/${STARRED_PAPER.id}`)).json()) as Omit<HfItem, "paper">;
    assert.equal(info.numComments, 2);
    assert.equal(info.isAuthorParticipating, false);
  });
});
