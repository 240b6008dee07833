import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { toSourceLines } from "../helpers/test-app.js";
import { type CommunityBench, postJson, startCommunityBench } from "./community-bench.js";

/** Two papers alike in every signal (ranked by id when tied), and one from long before any window. */
const TWIN_A = "2606.00010";
const TWIN_B = "2606.00011";
const OLD = "2401.00001";
const paper = (id: string, published: string) =>
  JSON.stringify({ id, title: `Paper ${id}`, abstract: "A", authors: ["Ada"], categories: ["cs.LG"], published });

describe("votes feed trending", () => {
  let t: CommunityBench;
  before(async () => {
    t = await startCommunityBench({ empty: true });
    await t.app.importer.importLines(
      toSourceLines([paper(TWIN_A, "2026-06-29"), paper(TWIN_B, "2026-06-29"), paper(OLD, "2024-01-10")]),
    );
  });
  after(() => t.app.close());

  const trending = async (date: string, window: "day" | "week" = "week") =>
    (await t.app.trending.getTrending({ date, window, offset: 0, limit: 10 })).items.map((r) => ({
      id: r.score.paperId,
      upvotes: r.signals.upvotes,
    }));
  const vote = async (id: string, handle: string) => {
    const { headers } = await t.signIn(handle);
    const res = await t.request(`/api/v1/papers/${id}/votes`, postJson({ voted: true }, headers));
    assert.equal(res.status, 200);
  };

  it("a vote moves a paper above its twin at once (the ranking cache is dropped)", async () => {
    assert.deepEqual(await trending("2026-06-30"), [
      { id: TWIN_A, upvotes: 0 },
      { id: TWIN_B, upvotes: 0 },
    ]);
    await vote(TWIN_B, "fan");
    assert.deepEqual(await trending("2026-06-30"), [
      { id: TWIN_B, upvotes: 1 },
      { id: TWIN_A, upvotes: 0 },
    ]);
  });

  it("a vote in the window makes an old paper a candidate, which nothing else would", async () => {
    assert.ok(!(await trending("2026-06-30", "day")).some((r) => r.id === OLD));
    await vote(OLD, "archivist");
    assert.deepEqual(
      (await trending("2026-06-30", "day")).find((r) => r.id === OLD),
      { id: OLD, upvotes: 1 },
    );
  });

  it("trending for a day before the votes counts none of them", async () => {
    const dayBefore = await trending("2026-06-29");
    assert.ok(!dayBefore.some((r) => r.id === OLD), "the old paper's only activity came later");
    assert.deepEqual(dayBefore, [
      { id: TWIN_A, upvotes: 0 },
      { id: TWIN_B, upvotes: 0 },
    ]);
  });
});
