/**
 * Hybrid ranking: linear interpolation of min-max-normalised keyword (BM25) and semantic
 * (cosine) scores over the union of both candidate lists. Measured better than reciprocal
 * rank fusion, which hurt (../shared/research/engines.md; docs/search.md has our numbers).
 */

/** Share of the semantic score in the fused score; chosen on the relevance evaluation. */
export const SEMANTIC_WEIGHT = 0.3;

export interface FusedHit {
  readonly seq: number;
  readonly score: number;
}

/**
 * `keyword`: BM25 hits, best first. `similarity`: cosine similarity of the query to every
 * candidate (keyword hits and semantic hits). A paper the keyword search did not return
 * scores 0 on that side: it lacks some searched word.
 */
export function fuseScores(
  keyword: ReadonlyArray<{ seq: number; score: number }>,
  similarity: ReadonlyMap<number, number>,
  semanticWeight: number = SEMANTIC_WEIGHT,
): FusedHit[] {
  const keywordScore = normalise(new Map(keyword.map((hit) => [hit.seq, hit.score])));
  const semanticScore = normalise(similarity);
  const seqs = new Set([...keywordScore.keys(), ...semanticScore.keys()]);
  const fused = [...seqs].map((seq) => ({
    seq,
    score: (1 - semanticWeight) * (keywordScore.get(seq) ?? 0) + semanticWeight * (semanticScore.get(seq) ?? 0),
  }));
  // Ties (rare with real scores) keep keyword order first, then seq, so results are stable.
  const keywordRank = new Map(keyword.map((hit, i) => [hit.seq, i]));
  return fused.sort(
    (a, b) =>
      b.score - a.score || (keywordRank.get(a.seq) ?? Infinity) - (keywordRank.get(b.seq) ?? Infinity) || a.seq - b.seq,
  );
}

/** Maps scores to 0..1 by min and max; all-equal scores map to 1. */
export function normalise(scores: ReadonlyMap<number, number>): Map<number, number> {
  const values = [...scores.values()];
  if (values.length === 0) return new Map();
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  return new Map([...scores].map(([seq, score]) => [seq, span > 0 ? (score - min) / span : 1]));
}
