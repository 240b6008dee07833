import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bitsetOfLists, hasSeq, intersectBitsets, seqsOfBitset } from "../../src/core/search/seq-bitset.js";
import { mulberry32 } from "../../src/lib/seeded-random.js";

/** Bitsets of paper seqs (filters) checked against plain sets of the same seqs. */

function randomList(random: () => number, largest: number): number[] {
  const density = random();
  return Array.from({ length: largest + 1 }, (_, seq) => seq).filter(() => random() < density);
}

describe("seq bitsets", () => {
  it("hold the union of their lists and combine like set intersection, on 200 random cases", () => {
    const random = mulberry32(31);
    for (let trial = 0; trial < 200; trial++) {
      const groups = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Array.from({ length: Math.floor(random() * 4) }, () => randomList(random, Math.floor(random() * 300))),
      );
      const sets = groups.map((lists) => bitsetOfLists(lists));
      const expected = groups
        .map((lists) => new Set(lists.flat()))
        .reduce((all, set) => new Set([...all].filter((seq) => set.has(seq))));
      const combined = intersectBitsets(sets);
      const want = [...expected].sort((a, b) => a - b);
      assert.deepEqual([...seqsOfBitset(combined)], want, `trial ${trial}: members`);
      assert.equal(combined.count, want.length, `trial ${trial}: count`);
      for (let seq = 0; seq < 320; seq++)
        assert.equal(hasSeq(combined, seq), expected.has(seq), `trial ${trial}: ${seq}`);
    }
  });

  it("handles the top bit of a word, seqs past the end and empty sets", () => {
    const set = bitsetOfLists([[31, 63, 64], [0]]);
    assert.deepEqual([...seqsOfBitset(set)], [0, 31, 63, 64]);
    assert.equal(set.count, 4);
    assert.equal(hasSeq(set, 1_000_000), false, "past the end: not a member");
    const empty = bitsetOfLists([]);
    assert.equal(empty.count, 0);
    assert.equal(empty.words.length, 0, "no words for no papers (a filter naming an unknown category)");
    assert.deepEqual([...seqsOfBitset(intersectBitsets([set, empty]))], []);
    assert.throws(() => intersectBitsets([]), /at least one/);
  });
});
