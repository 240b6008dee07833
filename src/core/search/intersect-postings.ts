import { type SeqBitset, hasSeq } from "./seq-bitset.js";
import { type ScoredSeq, insertTop } from "./threshold-top-k.js";

/**
 * Exact top-k of an AND of words from their complete posting lists: every paper holding all
 * of them is scored (Σ idf × impact, the BM25 sum FTS5 computes) without reading its text,
 * and counted. Driven by the shortest list, with galloping search in the others, so the cost
 * grows with the shortest list rather than the longest.
 */

export interface PostingAtom {
  /** Every paper holding the word, ascending. */
  readonly seqs: Int32Array;
  /** The word's impact in each of those papers, aligned with `seqs`. */
  readonly impacts: ArrayLike<number>;
  /** Multiplies every impact: the word's idf, or 1 when `impacts` are whole contributions. */
  readonly idf: number;
}

export interface IntersectionResult {
  /** Best first; ties in ascending seq. */
  readonly top: ScoredSeq[];
  /** Papers holding every word, outside `skip`. */
  readonly count: number;
}

/**
 * `only`, when given, keeps papers in that set (the filters): tested before any other list
 * is searched, so a filter that passes few papers makes the intersection cheaper, not dearer.
 */
export function intersectTopK(
  atoms: readonly PostingAtom[],
  k: number,
  skip: ReadonlySet<number>,
  only: SeqBitset | null = null,
): IntersectionResult {
  if (atoms.length === 0 || k <= 0) return { top: [], count: 0 };
  const ordered = [...atoms].sort((a, b) => a.seqs.length - b.seqs.length);
  const driver = ordered[0] as PostingAtom;
  const others = ordered.slice(1);
  const cursors = new Array<number>(others.length).fill(0);
  const top: ScoredSeq[] = [];
  let count = 0;
  outer: for (let d = 0; d < driver.seqs.length; d++) {
    const seq = driver.seqs[d] as number;
    if (only !== null && !hasSeq(only, seq)) continue;
    let score = driver.idf * (driver.impacts[d] as number);
    for (let i = 0; i < others.length; i++) {
      const other = others[i] as PostingAtom;
      const at = gallopTo(other.seqs, seq, cursors[i] as number);
      cursors[i] = at;
      if (at >= other.seqs.length) break outer; // this list is used up: no later paper can match
      if (other.seqs[at] !== seq) continue outer;
      score += other.idf * (other.impacts[at] as number);
    }
    if (skip.has(seq)) continue;
    count += 1;
    insertTop(top, { seq, score }, k);
  }
  return { top, count };
}

/** The first index at or after `from` whose seq is ≥ `target` (exponential, then binary search). */
export function gallopTo(seqs: Int32Array, target: number, from: number): number {
  if (from >= seqs.length || (seqs[from] as number) >= target) return from;
  let step = 1;
  let low = from;
  let high = from + step;
  while (high < seqs.length && (seqs[high] as number) < target) {
    low = high;
    step *= 2;
    high = from + step;
  }
  high = Math.min(high, seqs.length);
  // Invariant: seqs[low] < target, and high is past the end or seqs[high] ≥ target.
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if ((seqs[mid] as number) < target) low = mid;
    else high = mid;
  }
  return high;
}
