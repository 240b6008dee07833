// Evaluates datasets × systems: systems are built once per corpus (the sample is indexed once
// for its three datasets), every dataset on that corpus is run through every system, and the
// systems are released before the next corpus.
import type { BuiltSystems, EvalCorpus, EvalDataset, SearchSystemFactory } from "./eval-types.js";
import { evaluateSystem } from "./evaluate-dataset.js";
import type { DatasetReport } from "./format-report.js";

export interface EvaluationResult {
  readonly reports: DatasetReport[];
  /** "factory on corpus: reason" for every factory that could not build its systems. */
  readonly unavailable: string[];
}

function groupByCorpus(datasets: readonly EvalDataset[]): Map<EvalCorpus, EvalDataset[]> {
  const groups = new Map<EvalCorpus, EvalDataset[]>();
  for (const dataset of datasets) groups.set(dataset.corpus, [...(groups.get(dataset.corpus) ?? []), dataset]);
  return groups;
}

async function buildAll(
  corpus: EvalCorpus,
  factories: readonly SearchSystemFactory[],
  unavailable: string[],
): Promise<BuiltSystems[]> {
  const built: BuiltSystems[] = [];
  for (const factory of factories) {
    const result = await factory.build(corpus);
    if ("unavailable" in result) unavailable.push(`${factory.name} on ${corpus.name}: ${result.unavailable}`);
    else built.push(result);
  }
  return built;
}

export async function evaluateDatasets(
  datasets: readonly EvalDataset[],
  factories: readonly SearchSystemFactory[],
  onReport: (report: DatasetReport) => void = () => {},
): Promise<EvaluationResult> {
  const reports: DatasetReport[] = [];
  const unavailable: string[] = [];
  for (const [corpus, group] of groupByCorpus(datasets)) {
    const built = await buildAll(corpus, factories, unavailable);
    try {
      for (const dataset of group) {
        const results = [];
        for (const system of built.flatMap((b) => b.systems)) results.push(await evaluateSystem(system, dataset));
        const report = {
          dataset: dataset.name,
          description: dataset.description,
          queries: dataset.queries.length,
          runDepth: dataset.runDepth,
          results,
        };
        reports.push(report);
        onReport(report);
      }
    } finally {
      for (const b of built) await b.close();
    }
  }
  return { reports, unavailable };
}
