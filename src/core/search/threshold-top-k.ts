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
  const only = atoms.length === 1 ? atoms[0] : undefined;
  if (only?.exact && !options.alwaysVerify && options.unlisted.length === 0) return listHead(only, options.k);
  const lookups = atoms.map((atom) => indexList(atom.list));
  if (!options.alwaysVerify && options.unlisted.length === 0 && fullyListed(atoms, lookups) < options.k) {
    // Fewer than k papers score exactly from the lists alone, so a proof would have to verify
    // nearly every candidate: known at once, without bounding them all.
    return { top: [], proven: false, verified: 0, candidates: 0 };
  }
  const boundOf = (i: number) => (atoms[i]?.idf ?? 0) * (atoms[i]?.list.bound ?? 0);
  const outsideEveryList = atoms.reduce((sum, _atom, i) => sum + boundOf(i), 0);

  // One pass over every listed paper: its upper bound, and its exact score when every list
  // holds it exactly (then it needs no verification).
  const seen = new Set<number>();
  const seqs: number[] = [];
  const uppers: number[] = [];
  const exactScores: Array<number | null> = [];
  for (const lookup of lookups) {
    for (const seq of lookup.keys()) {
      if (seen.has(seq)) continue;
      seen.add(seq);
      let upper = 0;
      let exact: number | null = 0;
      for (let i = 0; i < atoms.length; i++) {
        const impact = lookups[i]?.get(seq);
        const idf = atoms[i]?.idf ?? 0;
        upper += impact === undefined ? boundOf(i) : idf * impact;
        exact = exact !== null && impact !== undefined && atoms[i]?.exact ? exact + idf * impact : null;
      }
      seqs.push(seq);
      uppers.push(upper);
      exactScores.push(options.alwaysVerify ? null : exact);
    }
  }
  for (const seq of options.unlisted) {
    const at = seen.has(seq) ? seqs.indexOf(seq) : seqs.push(seq) - 1;
    uppers[at] = Infinity;
    exactScores[at] = null;
  }
  if (!options.alwaysVerify && verificationsNeeded(uppers, exactScores, options.k) > options.maxVerifications) {
    // Known before verifying anything: not worth starting (the caller scores every match).
    return { top: [], proven: false, verified: 0, candidates: seqs.length };
  }
  const order = seqs
    .map((_seq, i) => i)
    .sort((a, b) => (uppers[b] ?? 0) - (uppers[a] ?? 0) || (seqs[a] ?? 0) - (seqs[b] ?? 0));

  const top: ScoredSeq[] = [];
  const kth = () => (top.length < options.k ? -Infinity : (top[options.k - 1]?.score ?? -Infinity));
  let verified = 0;
  for (const at of order) {
    const seq = seqs[at] ?? 0;
    if (kth() >= (uppers[at] ?? Infinity)) break;
    let score = exactScores[at] ?? null;
    if (score === null) {
      if (verified >= options.maxVerifications) return { top, proven: false, verified, candidates: seqs.length };
      verified += 1;
      score = verify(
        seq,
        atoms.map((atom, i) => (atom.exact ? lookups[i]?.get(seq) : undefined)),
      );
    }
    if (score !== null) insertTop(top, { seq, score }, options.k);
  }
  // Every candidate left bounds at most kth (or all were verified); papers in no list reach at
  // most `outsideEveryList`, which every listed candidate's bound is at least.
  const proven = top.length >= options.k && kth() >= outsideEveryList;
  return { top, proven, verified, candidates: seqs.length };
}

/** Papers every list holds exactly (none when some atom has only a bounding list). */
function fullyListed(atoms: readonly ListedAtom[], lookups: ReadonlyArray<Map<number, number>>): number {
  if (atoms.some((atom) => !atom.exact)) return 0;
  const sizes = lookups.map((lookup) => lookup.size);
  const smallest = sizes.indexOf(Math.min(...sizes));
  let count = 0;
  for (const seq of lookups[smallest]?.keys() ?? []) if (lookups.every((lookup) => lookup.has(seq))) count += 1;
  return count;
}

/**
 * A lower bound on the verifications a proof needs: papers in every list score exactly
 * without one, and every other candidate bounded above their k-th best must be verified.
 */
function verificationsNeeded(uppers: readonly number[], exactScores: ReadonlyArray<number | null>, k: number): number {
  const known = exactScores.filter((score): score is number => score !== null).sort((a, b) => b - a);
  const kth = known.length >= k ? (known[k - 1] ?? -Infinity) : -Infinity;
  let needed = 0;
  for (let i = 0; i < uppers.length; i++) if (exactScores[i] === null && (uppers[i] ?? 0) > kth) needed += 1;
  return needed;
}

/**
 * One word with its own list and nothing to verify: the list's head is the answer, in order.
 * Proven when the list holds at least k papers, or every paper with the word (bound 0).
 */
function listHead(atom: ListedAtom, k: number): ThresholdResult {
  const { seqs, impacts, bound } = atom.list;
  const top: ScoredSeq[] = [];
  for (let i = 0; i < Math.min(k, seqs.length); i++)
    top.push({ seq: seqs[i] ?? 0, score: atom.idf * (impacts[i] ?? 0) });
  return { top, proven: top.length >= k || bound === 0, verified: 0, candidates: top.length };
}

/** Lists are cached by their loader and reused by many searches: index each once. */
const lookupCache = new WeakMap<ImpactList, Map<number, number>>();

function indexList(list: ImpactList): Map<number, number> {
  const cached = lookupCache.get(list);
  if (cached) return cached;
  const lookup = new Map<number, number>();
  for (let i = 0; i < list.seqs.length; i++) lookup.set(list.seqs[i] ?? 0, list.impacts[i] ?? 0);
  lookupCache.set(list, lookup);
  return lookup;
}

/** Keeps `top` sorted best first and at most k long; ties keep the lower seq first. */
export function insertTop(top: ScoredSeq[], hit: ScoredSeq, k: number): void {
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
