// Runs every query of a dataset through a search system and averages the metrics over the
// judged queries (queries without a relevant judgement are left out, as in trec_eval).
import {
  averagePrecision,
  meanOverQueries,
  ndcgAt,
  recallAt,
  reciprocalRankAt,
  type GainKind,
  type QueryMetric,
  type Run,
} from "../src/core/search/relevance-metrics.js";
import type { EvalDataset, SearchSystem } from "./eval-types.js";

export const METRIC_LABELS = ["MAP", "MRR@10", "nDCG@10", "Recall@1", "Recall@10"] as const;
export type MetricLabel = (typeof METRIC_LABELS)[number];

function metricsFor(gain: GainKind): Record<MetricLabel, QueryMetric> {
  return {
    MAP: averagePrecision,
    "MRR@10": reciprocalRankAt(10),
    "nDCG@10": ndcgAt(10, gain),
    "Recall@1": recallAt(1),
    "Recall@10": recallAt(10),
  };
}

export interface SystemScores {
  readonly system: string;
  readonly scores: Readonly<Record<MetricLabel, number>>;
  /** Queries with at least one relevant judgement: the ones averaged. */
  readonly judgedQueries: number;
  readonly notes: readonly string[];
}

export async function runQueries(system: SearchSystem, dataset: EvalDataset): Promise<Run> {
  const run = new Map<string, string[]>();
  for (const query of dataset.queries) run.set(query.id, await system.search(query.text, dataset.runDepth));
  return run;
}

export function scoreRun(
  run: Run,
  dataset: EvalDataset,
): { scores: Record<MetricLabel, number>; judgedQueries: number } {
  const metrics = metricsFor(dataset.gain);
  // Only this dataset's queries count, even if the qrels object holds more.
  const qrels = new Map([...dataset.qrels].filter(([queryId]) => run.has(queryId)));
  const means = METRIC_LABELS.map((label) => [label, meanOverQueries(run, qrels, metrics[label])] as const);
  return {
    scores: Object.fromEntries(means.map(([label, mean]) => [label, mean.mean])) as Record<MetricLabel, number>,
    judgedQueries: means[0]?.[1].judgedQueries ?? 0,
  };
}

export async function evaluateSystem(system: SearchSystem, dataset: EvalDataset): Promise<SystemScores> {
  system.takeNotes?.(); // whatever an earlier dataset left belongs to that dataset
  const { scores, judgedQueries } = scoreRun(await runQueries(system, dataset), dataset);
  return { system: system.name, scores, judgedQueries, notes: system.takeNotes?.() ?? [] };
}
