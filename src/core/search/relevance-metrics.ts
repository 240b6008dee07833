// Offline relevance metrics for judging a search engine against labelled queries.
// Pure: ranked doc ids and judgements in, numbers out.
//
// Conventions shared by every metric here (they match trec_eval where it has one):
// - A judgement grade > 0 means relevant; 0 (or no judgement) means not relevant.
// - A doc id repeated in a ranking counts once, at its first position; later copies are
//   dropped before cutting at k, so repeating a relevant doc cannot inflate a score.
// - A query with no relevant judgement has no defined score: the per-query functions return
//   0 for it, and the means leave it out and count it in `excludedQueries`.
// @see https://trec.nist.gov/trec_eval/ (definitions of map, recip_rank, ndcg_cut, recall)

/** Doc id → relevance grade for one query. */
export type Judgements = ReadonlyMap<string, number>;
/** Query id → judgements. */
export type Qrels = ReadonlyMap<string, Judgements>;
/** Query id → doc ids, best first. */
export type Run = ReadonlyMap<string, readonly string[]>;

export type QueryMetric = (ranking: readonly string[], judgements: Judgements) => number;

export interface MeanMetric {
  mean: number;
  /** Queries with at least one relevant judgement: the ones averaged. */
  judgedQueries: number;
  /** Queries in the run without any relevant judgement: left out of the mean. */
  excludedQueries: number;
}

function dedupeRanking(ranking: readonly string[]): string[] {
  return [...new Set(ranking)];
}

function isRelevant(judgements: Judgements, docId: string): boolean {
  return (judgements.get(docId) ?? 0) > 0;
}

function countRelevant(judgements: Judgements): number {
  let count = 0;
  for (const grade of judgements.values()) if (grade > 0) count++;
  return count;
}

export function hasRelevantJudgement(judgements: Judgements | undefined): boolean {
  return judgements !== undefined && countRelevant(judgements) > 0;
}

/** Mean of precision at each rank holding a relevant doc, over all relevant docs (found or not). */
export function averagePrecision(ranking: readonly string[], judgements: Judgements): number {
  const relevantTotal = countRelevant(judgements);
  if (relevantTotal === 0) return 0;
  let found = 0;
  let precisionSum = 0;
  dedupeRanking(ranking).forEach((docId, index) => {
    if (!isRelevant(judgements, docId)) return;
    found++;
    precisionSum += found / (index + 1);
  });
  return precisionSum / relevantTotal;
}

/** 1 / rank of the first relevant doc within the top k; 0 if none is there. */
export function reciprocalRankAt(k: number): QueryMetric {
  return (ranking, judgements) => {
    const index = dedupeRanking(ranking)
      .slice(0, k)
      .findIndex((docId) => isRelevant(judgements, docId));
    return index === -1 ? 0 : 1 / (index + 1);
  };
}

/** Share of all relevant docs that appear in the top k. */
export function recallAt(k: number): QueryMetric {
  return (ranking, judgements) => {
    const relevantTotal = countRelevant(judgements);
    if (relevantTotal === 0) return 0;
    const found = dedupeRanking(ranking)
      .slice(0, k)
      .filter((docId) => isRelevant(judgements, docId)).length;
    return found / relevantTotal;
  };
}

/**
 * "binary": every relevant doc gains 1. "graded": a doc gains its grade (linear gain,
 * Järvelin & Kekäläinen 2002), so grade 2 is worth twice grade 1.
 */
export type GainKind = "binary" | "graded";

function gainOf(grade: number, kind: GainKind): number {
  if (grade <= 0) return 0;
  return kind === "binary" ? 1 : grade;
}

/** DCG with the log2(rank + 1) discount: rank 1 is undiscounted, rank 3 counts half. */
function discountedGain(gains: readonly number[]): number {
  return gains.reduce((sum, gain, index) => sum + gain / Math.log2(index + 2), 0);
}

/** DCG of the top k divided by the DCG of the best possible top k from the judgements. */
export function ndcgAt(k: number, kind: GainKind = "binary"): QueryMetric {
  return (ranking, judgements) => {
    const ideal = [...judgements.values()]
      .map((grade) => gainOf(grade, kind))
      .sort((a, b) => b - a)
      .slice(0, k);
    const idealDcg = discountedGain(ideal);
    if (idealDcg === 0) return 0;
    const actual = dedupeRanking(ranking)
      .slice(0, k)
      .map((docId) => gainOf(judgements.get(docId) ?? 0, kind));
    return discountedGain(actual) / idealDcg;
  };
}

/**
 * Averages a per-query metric over the judged queries. A judged query missing from the run
 * scores 0 (the system found nothing); a run query with no relevant judgement is excluded.
 */
export function meanOverQueries(run: Run, qrels: Qrels, metric: QueryMetric): MeanMetric {
  let sum = 0;
  let judgedQueries = 0;
  for (const [queryId, judgements] of qrels) {
    if (!hasRelevantJudgement(judgements)) continue;
    sum += metric(run.get(queryId) ?? [], judgements);
    judgedQueries++;
  }
  let excludedQueries = 0;
  for (const queryId of run.keys()) if (!hasRelevantJudgement(qrels.get(queryId))) excludedQueries++;
  return { mean: judgedQueries === 0 ? 0 : sum / judgedQueries, judgedQueries, excludedQueries };
}

export function meanAveragePrecision(run: Run, qrels: Qrels): MeanMetric {
  return meanOverQueries(run, qrels, averagePrecision);
}
