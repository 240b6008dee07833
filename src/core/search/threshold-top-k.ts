/**
 * Exact top-k for BM25 without scoring every match (Fagin's threshold algorithm over
 * precomputed per-word lists). docs/search.md explains where it applies and what it costs.
 *
 * A BM25 score is a sum over the query's words (and phrases) of idf × impact, where a
 * paper's impact for a word depends only on that word's counts in the paper and the paper's
 * length. For frequent words the index keeps each word's papers with the highest impact,
 * best first; every paper missing from a list has an impact at most the list's last value
 * (its `bound`). So a paper found in no list scores at most Σ idf × bound, and one found in
 * some lists at most its known impacts plus the bounds of the others. Candidates are
 * verified best upper bound first; once k verified scores reach the next upper bound, no
 * unseen paper can enter the top k.
 */

export interface ImpactList {
  /** Papers with the highest impact, best first. */
  readonly seqs: Int32Array;
  readonly impacts: Float32Array;
  /** Every paper not in the list has an impact at most this (0 when the list is complete). */
  readonly bound: number;
}

export interface ListedAtom {
  readonly idf: number;
  readonly list: ImpactList;
  /**
   * True when the list holds this atom's own impacts (a word, or a phrase with its own
   * list); false when it only bounds them (a longer phrase bounded by one of its word pairs).
   */
  readonly exact: boolean;
}

export interface ScoredSeq {
  readonly seq: number;
  readonly score: number;
}

/**
 * Computes a candidate's exact score, or null when it does not match the search (a missing
 * word, a filter or exclusion). `known[i]` is atom i's impact when its list holds it exactly.
 */
export type VerifyCandidate = (seq: number, known: ReadonlyArray<number | undefined>) => number | null;

export interface ThresholdOptions {
  readonly k: number;
  /** Papers added or changed since the lists were built: always verified, with no upper bound. */
  readonly unlisted: readonly number[];
  /** Give up (and let the caller score every match) after this many verifications. */
  readonly maxVerifications: number;
  /** A paper scoring from its lists alone still needs verification (filters, exclusions). */
  readonly alwaysVerify: boolean;
}

export interface ThresholdResult {
  /** Best first; meaningful only when `proven`. */
  readonly top: ScoredSeq[];
  /** True when no paper outside `top` can score higher than its last member. */
  readonly proven: boolean;
  readonly verified: number;
  readonly candidates: number;
}

export function thresholdTopK(
  atoms: readonly ListedAtom[],
  verify: VerifyCandidate,
  options: ThresholdOptions,
): ThresholdResult {
  const lookups = atoms.map((atom) => indexList(atom.list));
  const boundOf = (i: number) => (atoms[i]?.idf ?? 0) * (atoms[i]?.list.bound ?? 0);
  const outsideEveryList = atoms.reduce((sum, _atom, i) => sum + boundOf(i), 0);

  const candidates = new Map<number, number>();
  for (const list of lookups) for (const seq of list.keys()) candidates.set(seq, 0);
  for (const [seq] of candidates) {
    let upper = 0;
    for (let i = 0; i < atoms.length; i++) {
      const impact = lookups[i]?.get(seq);
      upper += impact === undefined ? boundOf(i) : (atoms[i]?.idf ?? 0) * impact;
    }
    candidates.set(seq, upper);
  }
  for (const seq of options.unlisted) candidates.set(seq, Infinity);
  const order = [...candidates].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (!options.alwaysVerify && verificationsNeeded(atoms, lookups, order, options.k) > options.maxVerifications) {
    // Known before verifying anything: not worth starting (the caller scores every match).
    return { top: [], proven: false, verified: 0, candidates: order.length };
  }

  const top: ScoredSeq[] = [];
  const kth = () => (top.length < options.k ? -Infinity : (top[options.k - 1]?.score ?? -Infinity));
  let verified = 0;
  for (const [seq, upper] of order) {
    if (kth() >= upper) break;
    const known = atoms.map((atom, i) => (atom.exact ? lookups[i]?.get(seq) : undefined));
    let score: number | null;
    if (!options.alwaysVerify && known.every((impact) => impact !== undefined)) {
      score = known.reduce<number>((sum, impact, i) => sum + (atoms[i]?.idf ?? 0) * (impact ?? 0), 0);
    } else {
      if (verified >= options.maxVerifications) return { top, proven: false, verified, candidates: order.length };
      verified += 1;
      score = verify(seq, known);
    }
    if (score !== null) insertTop(top, { seq, score }, options.k);
  }
  // Every candidate left bounds at most kth (or all were verified); papers in no list reach at
  // most `outsideEveryList`, which every listed candidate's bound is at least.
  const proven = top.length >= options.k && kth() >= outsideEveryList;
  return { top, proven, verified, candidates: order.length };
}

/**
 * A lower bound on the verifications a proof needs: papers in every list score exactly
 * without one, and every other candidate bounded above their k-th best must be verified.
 */
function verificationsNeeded(
  atoms: readonly ListedAtom[],
  lookups: ReadonlyArray<Map<number, number>>,
  order: ReadonlyArray<readonly [number, number]>,
  k: number,
): number {
  const known: number[] = [];
  const partial: number[] = [];
  for (const [seq, upper] of order) {
    let score = 0;
    let complete = true;
    for (let i = 0; i < atoms.length && complete; i++) {
      const impact = atoms[i]?.exact ? lookups[i]?.get(seq) : undefined;
      if (impact === undefined) complete = false;
      else score += (atoms[i]?.idf ?? 0) * impact;
    }
    if (complete) known.push(score);
    else partial.push(upper);
  }
  known.sort((a, b) => b - a);
  const kth = known.length >= k ? (known[k - 1] ?? -Infinity) : -Infinity;
  return partial.filter((upper) => upper > kth).length;
}

function indexList(list: ImpactList): Map<number, number> {
  const lookup = new Map<number, number>();
  for (let i = 0; i < list.seqs.length; i++) lookup.set(list.seqs[i] ?? 0, list.impacts[i] ?? 0);
  return lookup;
}

/** Keeps `top` sorted best first and at most k long; ties keep the lower seq first. */
function insertTop(top: ScoredSeq[], hit: ScoredSeq, k: number): void {
  let at = top.length;
  while (at > 0) {
    const previous = top[at - 1];
    if (!previous || previous.score > hit.score || (previous.score === hit.score && previous.seq < hit.seq)) break;
    at -= 1;
  }
  if (at >= k) return;
  top.splice(at, 0, hit);
  if (top.length > k) top.pop();
}
