/**
 * A set of paper seqs as one bit per seq (125 KB per million papers). Filters are sets like
 * this: "is this paper in cs.LG and published in 2019–2020" becomes one bit test, where a
 * sorted list of the same papers needs a search, and two filters combine word by word.
 */

export interface SeqBitset {
  /** Bit `seq & 31` of word `seq >>> 5`; seqs past the end are not members. */
  readonly words: Uint32Array;
  /** How many seqs are members. */
  readonly count: number;
}

/** The seqs of the ascending or unordered lists, as a bitset. */
export function bitsetOfLists(lists: readonly ArrayLike<number>[]): SeqBitset {
  let largest = -1;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) largest = Math.max(largest, list[i] as number);
  }
  const words = new Uint32Array(largest < 0 ? 0 : (largest >>> 5) + 1);
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const seq = list[i] as number;
      words[seq >>> 5] = (words[seq >>> 5] as number) | (1 << (seq & 31));
    }
  }
  return { words, count: countBits(words) };
}

/** Members of every set. */
export function intersectBitsets(sets: readonly SeqBitset[]): SeqBitset {
  if (sets.length === 0) throw new Error("intersectBitsets needs at least one set");
  if (sets.length === 1) return sets[0] as SeqBitset;
  const length = Math.min(...sets.map((set) => set.words.length));
  const words = (sets[0] as SeqBitset).words.slice(0, length);
  for (const set of sets.slice(1)) {
    for (let i = 0; i < length; i++) words[i] = (words[i] as number) & (set.words[i] as number);
  }
  return { words, count: countBits(words) };
}

export function hasSeq(set: SeqBitset, seq: number): boolean {
  return (((set.words[seq >>> 5] ?? 0) >>> (seq & 31)) & 1) === 1;
}

/** The members in ascending order. */
export function seqsOfBitset(set: SeqBitset): Int32Array {
  const seqs = new Int32Array(set.count);
  let at = 0;
  for (let i = 0; i < set.words.length; i++) {
    let word = set.words[i] as number;
    while (word !== 0) {
      const lowest = word & -word;
      seqs[at++] = i * 32 + (31 - Math.clz32(lowest));
      word ^= lowest;
    }
  }
  return seqs;
}

function countBits(words: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    let v = words[i] as number;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    count += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
