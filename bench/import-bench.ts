import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Corpus } from "./corpus.js";
import type { ImportKind, ImportTrial } from "./import-trial.js";
import { median, ratio } from "./stats.js";

const TRIAL_SCRIPT = fileURLToPath(new URL("./import-trial.ts", import.meta.url));

export interface ImportPair {
  readonly order: readonly ImportKind[];
  readonly raw: ImportTrial;
  readonly paperboy: ImportTrial;
  readonly ratio: number;
}

export interface ImportSeries {
  readonly n: number;
  readonly pairs: readonly ImportPair[];
  readonly medianRawPerSecond: number;
  readonly medianPaperboyPerSecond: number;
  /** Median of the per-pair ratios: each pair ran back to back, under the same load. */
  readonly medianRatio: number;
  /** Papers per second of time spent inside batch writes: the database's ceiling for each importer. */
  readonly medianRawWritePerSecond: number;
  readonly medianPaperboyWritePerSecond: number;
  readonly medianRawCpuMicrosPerPaper: number;
  readonly medianPaperboyCpuMicrosPerPaper: number;
}

export interface ImportResults {
  /** One series at the benchmark's N and, when N is larger, one at the repeat size. */
  readonly series: readonly ImportSeries[];
  /** The Paperboy database at full N, kept for the HTTP runs. */
  readonly servedDataDir: string;
}

export interface ImportPlan {
  readonly repoRoot: string;
  readonly runDir: string;
  readonly corpus: Corpus;
  readonly repeatCorpus: Corpus;
  readonly repeats: number;
}

/**
 * Raw and Paperboy imports in pairs whose order alternates (raw first, Paperboy first, …),
 * so that drift in the machine's load does not favour either. Full N gets one pair when a
 * smaller repeat size gets the repeats, else all the pairs.
 */
export async function benchImports(plan: ImportPlan): Promise<ImportResults> {
  let pairIndex = 0;
  let servedDataDir: string | null = null;
  const runSeries = async (corpus: Corpus, pairs: number): Promise<ImportSeries> => {
    const results: ImportPair[] = [];
    for (let i = 0; i < pairs; i++) {
      const order: ImportKind[] = pairIndex++ % 2 === 0 ? ["raw", "paperboy"] : ["paperboy", "raw"];
      const trials = {} as Record<ImportKind, ImportTrial>;
      for (const kind of order) {
        const dataDir = join(plan.runDir, `${kind}-n${corpus.n}-pair${pairIndex}`);
        trials[kind] = await runTrial(plan.repoRoot, kind, corpus, dataDir);
        const keep = kind === "paperboy" && corpus === plan.corpus && servedDataDir === null;
        if (keep) servedDataDir = dataDir;
        else rmSync(dataDir, { recursive: true, force: true });
      }
      results.push({ order, ...trials, ratio: ratio(trials.paperboy.papersPerSecond, trials.raw.papersPerSecond) });
    }
    return summarize(corpus.n, results);
  };
  const isSmallRun = plan.repeatCorpus.n === plan.corpus.n;
  const series = [await runSeries(plan.corpus, isSmallRun ? Math.max(plan.repeats, 1) : 1)];
  if (!isSmallRun && plan.repeats > 0) series.push(await runSeries(plan.repeatCorpus, plan.repeats));
  return { series, servedDataDir: servedDataDir! };
}

function summarize(n: number, pairs: ImportPair[]): ImportSeries {
  return {
    n,
    pairs,
    medianRawPerSecond: median(pairs.map((p) => p.raw.papersPerSecond)),
    medianPaperboyPerSecond: median(pairs.map((p) => p.paperboy.papersPerSecond)),
    medianRatio: median(pairs.map((p) => p.ratio)),
    medianRawWritePerSecond: median(pairs.map((p) => writesPerSecond(p.raw))),
    medianPaperboyWritePerSecond: median(pairs.map((p) => writesPerSecond(p.paperboy))),
    medianRawCpuMicrosPerPaper: median(pairs.map((p) => p.raw.cpuMicrosPerPaper)),
    medianPaperboyCpuMicrosPerPaper: median(pairs.map((p) => p.paperboy.cpuMicrosPerPaper)),
  };
}

export function writesPerSecond(trial: ImportTrial): number {
  return trial.papers / trial.writeSeconds;
}

async function runTrial(repoRoot: string, kind: ImportKind, corpus: Corpus, dataDir: string): Promise<ImportTrial> {
  mkdirSync(dataDir, { recursive: true });
  console.error(`bench: importing ${corpus.n.toLocaleString("en")} papers (${kind})`);
  const child = spawn(process.execPath, ["--import", "tsx", TRIAL_SCRIPT, kind, corpus.file, dataDir], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (status !== 0) throw new Error(`${kind} import of ${corpus.file} exited with status ${status}`);
  const trial = JSON.parse(stdout.trim().split("\n").at(-1)!) as ImportTrial;
  if (trial.papers !== corpus.papers || trial.rejected > 0) {
    console.error(
      `bench: warning: ${kind} import wrote ${trial.papers} of ${corpus.papers} papers, ${trial.rejected} rejected`,
    );
  }
  return trial;
}
