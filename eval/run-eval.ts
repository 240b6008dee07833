// Relevance evaluation of search: every dataset × every system, one table per dataset with
// MAP, MRR@10, nDCG@10, Recall@1, Recall@10 and the number of judged queries.
//   npm run eval:search [-- --dataset titles --json out.json]
// Datasets: CISI (eval/cisi/), and over the bundled sample: title known-item, topical queries,
// paraphrase queries (eval/datasets/README.md). Systems: FTS5 BM25 baselines (fts5-baseline.ts)
// and, once the app has a search service, the hub's keyword/semantic/hybrid modes (hub-systems.ts).
import { writeFileSync } from "node:fs";
import { loadCisiEvalDataset } from "./datasets/cisi-corpus.js";
import { loadKnownItemPlainTitles, loadKnownItemTitles } from "./datasets/known-item-titles.js";
import { loadParaphraseQueries } from "./datasets/paraphrase-queries.js";
import { createSampleCorpus, loadSamplePapers, type SamplePaper } from "./datasets/sample-corpus.js";
import { loadTopicalQueries } from "./datasets/topical-queries.js";
import type { EvalCorpus, EvalDataset, SearchSystemFactory } from "./eval-types.js";
import { formatDatasetReport } from "./format-report.js";
import { fts5BaselineFactory } from "./fts5-baseline.js";
import { hubSystemFactory } from "./hub-systems.js";
import { parseEvalArgs, USAGE, type DatasetName } from "./parse-eval-args.js";
import { evaluateDatasets } from "./run-datasets.js";

/** Loads only what the chosen datasets need; the sample is read once for all of its datasets. */
function loadDatasets(names: readonly DatasetName[]): EvalDataset[] {
  let sample: { papers: SamplePaper[]; corpus: EvalCorpus } | null = null;
  const getSample = () => {
    if (sample === null) {
      const papers = loadSamplePapers();
      sample = { papers, corpus: createSampleCorpus(papers) };
    }
    return sample;
  };
  const loaders: Record<DatasetName, () => EvalDataset> = {
    cisi: () => loadCisiEvalDataset(),
    titles: () => loadKnownItemTitles(getSample().corpus, getSample().papers),
    "titles-plain": () => loadKnownItemPlainTitles(getSample().corpus, getSample().papers),
    topical: () => loadTopicalQueries(getSample().corpus),
    paraphrase: () => loadParaphraseQueries(getSample().corpus),
  };
  return names.map((name) => loaders[name]());
}

async function main(): Promise<void> {
  const options = parseEvalArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const factories: SearchSystemFactory[] = [
    ...(options.baselines ? [fts5BaselineFactory] : []),
    ...(options.hub ? [hubSystemFactory] : []),
  ];
  const started = Date.now();
  const { reports, unavailable } = await evaluateDatasets(loadDatasets(options.datasets), factories, (report) =>
    process.stdout.write(`${formatDatasetReport(report)}\n`),
  );
  for (const reason of [...new Set(unavailable)]) process.stdout.write(`unavailable: ${reason}\n`);
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (options.jsonFile !== null) {
    const json = { generatedAt: new Date().toISOString(), reports, unavailable: [...new Set(unavailable)] };
    writeFileSync(options.jsonFile, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`wrote ${options.jsonFile}\n`);
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
