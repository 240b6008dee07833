import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  averagePrecision,
  meanAveragePrecision,
  meanOverQueries,
  ndcgAt,
  recallAt,
  reciprocalRankAt,
  type Judgements,
} from "../../src/core/search/relevance-metrics.js";

// Four relevant docs (a, b, c, d); the ranking finds a, b, c at ranks 1, 3, 5 and misses d.
const FOUR_RELEVANT: Judgements = new Map([
  ["a", 1],
  ["b", 1],
  ["c", 1],
  ["d", 1],
]);
const RANKING = ["a", "x", "b", "y", "c"];

function assertClose(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
}

describe("averagePrecision", () => {
  it("averages precision at each relevant rank over all relevant docs, found or not", () => {
    // (P@1 + P@3 + P@5) / 4 = (1/1 + 2/3 + 3/5) / 4
    assertClose(averagePrecision(RANKING, FOUR_RELEVANT), 0.5666666666666667);
  });

  it("is 1 for a perfect ranking and 0 for an empty one", () => {
    assertClose(averagePrecision(["d", "c", "b", "a"], FOUR_RELEVANT), 1);
    assert.equal(averagePrecision([], FOUR_RELEVANT), 0);
  });

  it("counts a repeated doc once, at its first position", () => {
    const judgements = new Map([
      ["a", 1],
      ["b", 1],
    ]);
    // Deduplicated to [a, x, b]: (1/1 + 2/3) / 2
    assertClose(averagePrecision(["a", "a", "x", "b"], judgements), 0.8333333333333334);
  });
});

describe("reciprocalRankAt", () => {
  it("is 1 / rank of the first relevant doc within k", () => {
    assert.equal(reciprocalRankAt(10)(RANKING, FOUR_RELEVANT), 1);
    assertClose(reciprocalRankAt(10)(["x", "y", "b"], FOUR_RELEVANT), 1 / 3);
  });

  it("is 0 when the first relevant doc lies beyond k", () => {
    assert.equal(reciprocalRankAt(2)(["x", "y", "b"], FOUR_RELEVANT), 0);
  });

  it("does not let duplicates of a non-relevant doc push the first hit down", () => {
    assertClose(reciprocalRankAt(2)(["x", "x", "b"], FOUR_RELEVANT), 1 / 2);
  });
});

describe("recallAt", () => {
  it("is the share of relevant docs in the top k", () => {
    assert.equal(recallAt(1)(RANKING, FOUR_RELEVANT), 1 / 4);
    assert.equal(recallAt(5)(RANKING, FOUR_RELEVANT), 3 / 4);
  });

  it("uses what there is when the ranking is shorter than k", () => {
    assert.equal(recallAt(10)(RANKING, FOUR_RELEVANT), 3 / 4);
  });

  it("counts a repeated relevant doc once", () => {
    assert.equal(recallAt(2)(["a", "a", "b"], FOUR_RELEVANT), 2 / 4);
  });
});

describe("ndcgAt", () => {
  it("divides the binary DCG by the ideal DCG of the top k", () => {
    // DCG@5 = 1/log2(2) + 1/log2(4) + 1/log2(6); ideal = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
    assertClose(ndcgAt(5)(RANKING, FOUR_RELEVANT), 1.886852807234542 / 2.5616063116448506);
  });

  it("cuts the ideal ranking at k too", () => {
    // Top 2 = [a, x]: 1 / (1 + 1/log2(3))
    assertClose(ndcgAt(2)(RANKING, FOUR_RELEVANT), 1 / 1.6309297535714575);
  });

  it("uses grades as gains when graded, and ignores them when binary", () => {
    const graded = new Map([
      ["a", 2],
      ["b", 1],
      ["c", 0],
      ["d", 3],
    ]);
    // graded: DCG = 2 + 1/log2(3) + 3/2; ideal [d, a, b] = 3 + 2/log2(3) + 1/2
    assertClose(ndcgAt(3, "graded")(["a", "b", "d"], graded), 4.130929753571458 / 4.761859507142915);
    // binary: all three relevant docs are in the top 3, so it is ideal
    assertClose(ndcgAt(3, "binary")(["a", "b", "d"], graded), 1);
  });

  it("counts a repeated relevant doc once", () => {
    const judgements = new Map([
      ["a", 1],
      ["b", 1],
    ]);
    // Deduplicated top 2 = [a, x]: 1 / (1 + 1/log2(3))
    assertClose(ndcgAt(2)(["a", "a", "x", "b"], judgements), 1 / 1.6309297535714575);
  });

  it("is 1 when fewer results than k hold every relevant doc in order", () => {
    assertClose(
      ndcgAt(10)(
        ["a", "b"],
        new Map([
          ["a", 1],
          ["b", 1],
        ]),
      ),
      1,
    );
  });
});

describe("queries without relevant docs", () => {
  const notRelevant = new Map([["x", 0]]);

  it("score 0 on every per-query metric", () => {
    assert.equal(averagePrecision(["x"], notRelevant), 0);
    assert.equal(reciprocalRankAt(10)(["x"], notRelevant), 0);
    assert.equal(recallAt(10)(["x"], notRelevant), 0);
    assert.equal(ndcgAt(10)(["x"], notRelevant), 0);
    assert.equal(averagePrecision(["x"], new Map()), 0);
  });

  it("are left out of the mean and counted", () => {
    const qrels = new Map([
      ["q1", new Map([["a", 1]])],
      ["q2", notRelevant],
    ]);
    const run = new Map([
      ["q1", ["a"]],
      ["q2", ["x"]],
      ["q3", ["y"]],
    ]);
    assert.deepEqual(meanAveragePrecision(run, qrels), { mean: 1, judgedQueries: 1, excludedQueries: 2 });
  });
});

describe("meanOverQueries", () => {
  it("scores a judged query the run did not answer as 0", () => {
    const qrels = new Map([
      ["q1", new Map([["a", 1]])],
      ["q2", new Map([["b", 1]])],
    ]);
    const run = new Map([["q1", ["x", "a"]]]);
    assert.deepEqual(meanOverQueries(run, qrels, reciprocalRankAt(10)), {
      mean: 0.25,
      judgedQueries: 2,
      excludedQueries: 0,
    });
  });

  it("is 0 over no judged queries", () => {
    assert.deepEqual(meanAveragePrecision(new Map([["q", ["a"]]]), new Map()), {
      mean: 0,
      judgedQueries: 0,
      excludedQueries: 1,
    });
  });
});
