import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeSeqGaps, encodeSeqGaps } from "../../src/adapters/storage/sqlite/search/posting-codec.js";
import { type PostingAtom, gallopTo, intersectTopK } from "../../src/core/search/intersect-postings.js";
import { mulberry32 } from "../../src/lib/seeded-random.js";

/** Random posting lists checked against scoring every paper by brute force. */

function randomAtom(random: () => number, papers: number, density: number): PostingAtom {
  const seqs: number[] = [];
  const impacts: number[] = [];
  for (let seq = 1; seq <= papers; seq++) {
    if (random() >= density) continue;
    seqs.push(seq);
    impacts.push(Math.round(random() * 400) / 100); // coarse values: ties happen
  }
  return { seqs: Int32Array.from(seqs), impacts: Float64Array.from(impacts), idf: 0.2 + random() * 3 };
}

function bruteForce(atoms: PostingAtom[], papers: number, k: number, skip: Set<number>) {
  const scored: Array<{ seq: number; score: number }> = [];
  for (let seq = 1; seq <= papers; seq++) {
    if (skip.has(seq)) continue;
    let score = 0;
    let all = true;
    for (const atom of atoms) {
      const at = atom.seqs.indexOf(seq);
      if (at === -1) {
        all = false;
        break;
      }
      score += atom.idf * (atom.impacts[at] as number);
    }
    if (all) scored.push({ seq, score });
  }
  scored.sort((a, b) => b.score - a.score || a.seq - b.seq);
  return { top: scored.slice(0, k), count: scored.length };
}

describe("intersectTopK", () => {
  it("equals brute force on 300 random collections, with ties, skipped papers and empty lists", () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 300; trial++) {
      const papers = 1 + Math.floor(random() * 400);
      const atoms = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        randomAtom(random, papers, random() < 0.1 ? 0 : 0.05 + random() * 0.9),
      );
      const skip = new Set(Array.from({ length: Math.floor(random() * 5) }, () => 1 + Math.floor(random() * papers)));
      const k = 1 + Math.floor(random() * 20);
      const expected = bruteForce(atoms, papers, k, skip);
      const actual = intersectTopK(atoms, k, skip);
      assert.equal(actual.count, expected.count, `trial ${trial}: count`);
      assert.deepEqual(
        actual.top.map((hit) => hit.seq),
        expected.top.map((hit) => hit.seq),
        `trial ${trial}: top ${k}`,
      );
    }
  });

  it("gallops to the first seq at or past the target", () => {
    const seqs = Int32Array.from([2, 4, 8, 16, 32, 64]);
    assert.deepEqual(
      [1, 2, 3, 16, 17, 64, 65].map((target) => gallopTo(seqs, target, 0)),
      [0, 0, 1, 3, 4, 5, 6],
    );
    assert.equal(gallopTo(seqs, 3, 4), 4, "never moves backwards");
  });
});

describe("posting codec", () => {
  it("round-trips ascending seqs, including gaps that need several bytes", () => {
    const seqs = [1, 2, 130, 16_515, 16_516, 2_000_000, 2_147_483_000];
    assert.deepEqual([...decodeSeqGaps(encodeSeqGaps(seqs), seqs.length)], seqs);
    assert.equal(encodeSeqGaps([1, 2, 3]).length, 3, "a byte per small gap");
  });

  it("refuses seqs out of order", () => {
    assert.throws(() => encodeSeqGaps([5, 3]), /ascending/);
    assert.throws(() => encodeSeqGaps([5, 5]), /ascending/);
  });
});
