import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ListedAtom, thresholdTopK } from "../../src/core/search/threshold-top-k.js";
import { mulberry32 as createRandom } from "../../src/lib/seeded-random.js";

/**
 * The threshold algorithm must return exactly what scoring every paper would, whenever it
 * says it proved its answer. Random collections check that against brute force.
 */

interface Collection {
  /** impacts[atom][seq], 0 when the paper lacks the atom. */
  impacts: number[][];
  idf: number[];
  papers: number;
}

function randomCollection(random: () => number, papers: number, atoms: number): Collection {
  const impacts = Array.from({ length: atoms }, () =>
    Array.from({ length: papers }, () => (random() < 0.5 ? 0 : Math.round(random() * 1000) / 100)),
  );
  return { impacts, idf: Array.from({ length: atoms }, () => 0.5 + random() * 3), papers };
}

/** The top `length` papers of each atom, as the index stores them. */
function listsOf(collection: Collection, length: number): ListedAtom[] {
  return collection.impacts.map((impacts, atom) => {
    const ranked = impacts
      .map((impact, seq) => ({ seq, impact }))
      .filter((p) => p.impact > 0)
      .sort((a, b) => b.impact - a.impact || a.seq - b.seq)
      .slice(0, length);
    const last = ranked.at(-1)?.impact ?? 0;
    const complete = ranked.length < length;
    return {
      idf: collection.idf[atom] ?? 1,
      exact: true,
      list: {
        seqs: Int32Array.from(ranked.map((p) => p.seq)),
        impacts: Float32Array.from(ranked.map((p) => p.impact)),
        bound: complete ? 0 : last,
      },
    };
  });
}

/** A paper matches when it has every atom (AND); its score is the idf-weighted sum. */
function exactScore(collection: Collection, seq: number): number | null {
  let score = 0;
  for (const [atom, impacts] of collection.impacts.entries()) {
    const impact = impacts[seq] ?? 0;
    if (impact === 0) return null;
    score += (collection.idf[atom] ?? 1) * Math.fround(impact);
  }
  return score;
}

function bruteForce(collection: Collection, k: number): number[] {
  const scored: Array<{ seq: number; score: number }> = [];
  for (let seq = 0; seq < collection.papers; seq++) {
    const score = exactScore(collection, seq);
    if (score !== null) scored.push({ seq, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.seq - b.seq)
    .slice(0, k)
    .map((p) => p.score);
}

describe("thresholdTopK", () => {
  it("equals brute force whenever it proves its answer, over 300 random collections", () => {
    const random = createRandom(7);
    let proven = 0;
    for (let trial = 0; trial < 300; trial++) {
      const collection = randomCollection(random, 200 + Math.floor(random() * 300), 1 + Math.floor(random() * 3));
      const k = 1 + Math.floor(random() * 10);
      const result = thresholdTopK(
        listsOf(collection, 20 + Math.floor(random() * 80)),
        (seq) => exactScore(collection, seq),
        { k, unlisted: [], maxVerifications: 10_000, alwaysVerify: false },
      );
      if (!result.proven) continue;
      proven += 1;
      assert.deepEqual(
        result.top.map((hit) => hit.score),
        bruteForce(collection, k),
        `trial ${trial}: scores differ from scoring every paper`,
      );
    }
    assert.ok(proven > 100, `the algorithm should prove most random cases, proved ${proven} of 300`);
  });

  it("verifies papers added since the lists were built, whatever their lists say", () => {
    const collection: Collection = { impacts: [[5, 4, 3, 2, 1, 0, 9]], idf: [1], papers: 7 };
    const lists = listsOf({ ...collection, impacts: [[5, 4, 3, 2, 1, 0, 0]] }, 3);
    const result = thresholdTopK(lists, (seq) => exactScore(collection, seq), {
      k: 2,
      unlisted: [6],
      maxVerifications: 100,
      alwaysVerify: false,
    });
    assert.equal(result.proven, true);
    assert.deepEqual(
      result.top.map((hit) => hit.seq),
      [6, 0],
    );
  });

  it("drops candidates the verifier rejects (a filter) and stays exact", () => {
    const collection: Collection = { impacts: [[9, 8, 7, 6, 5, 4, 3, 2, 1]], idf: [1], papers: 9 };
    const even = (seq: number) => (seq % 2 === 0 ? exactScore(collection, seq) : null);
    const result = thresholdTopK(listsOf(collection, 9), even, {
      k: 3,
      unlisted: [],
      maxVerifications: 100,
      alwaysVerify: true,
    });
    assert.equal(result.proven, true);
    assert.deepEqual(
      result.top.map((hit) => hit.seq),
      [0, 2, 4],
    );
  });

  it("gives up (unproven) when the verification budget runs out", () => {
    const random = createRandom(11);
    const collection = randomCollection(random, 500, 2);
    const result = thresholdTopK(listsOf(collection, 50), (seq) => exactScore(collection, seq), {
      k: 10,
      unlisted: [],
      maxVerifications: 1,
      alwaysVerify: true,
    });
    assert.equal(result.proven, false);
    assert.ok(result.verified <= 1);
  });

  it("cannot prove a top k when fewer than k papers match", () => {
    const collection: Collection = { impacts: [[3, 0, 0, 2]], idf: [1], papers: 4 };
    const lists = listsOf(collection, 1);
    const result = thresholdTopK(lists, (seq) => exactScore(collection, seq), {
      k: 5,
      unlisted: [],
      maxVerifications: 100,
      alwaysVerify: false,
    });
    assert.equal(result.proven, false);
  });
});
