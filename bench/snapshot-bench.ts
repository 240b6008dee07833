/**
 * `node --import tsx bench/snapshot-bench.ts [--n 200000] [--seed 42] [--repeats 3]`:
 * throughput of importing the arXiv metadata snapshot (`paperboy ingest snapshot`) against
 * `paperboy import` of the same papers in the hub's format, measured in the same run.
 *
 * The papers come from the shared generator (`../shared/bench/gen-corpus.mjs --n N --seed S`),
 * converted to both formats by snapshot-convert.ts and cached in .bench/snapshot/. Each
 * import runs `app.importer.importFile` in a child process of its own (clean heap and JIT)
 * into a fresh database; pairs alternate their order so drift in the machine's load
 * favours neither. The target: the snapshot reaches SNAPSHOT_MIN_SHARE of the hub format.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { ImportFormat } from "../src/core/papers/ports.js";
import { convertGeneratedFile } from "./snapshot-convert.js";

/** Snapshot papers/s as a share of hub-format papers/s that the benchmark asks for. */
const SNAPSHOT_MIN_SHARE = 0.8;
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const GENERATOR = resolve(REPO_ROOT, "../shared/bench/gen-corpus.mjs");
const CACHE_DIR = join(REPO_ROOT, ".bench", "snapshot");
const SCRIPT = fileURLToPath(import.meta.url);

interface Trial {
  readonly format: ImportFormat;
  readonly papers: number;
  readonly rejected: number;
  readonly seconds: number;
  readonly papersPerSecond: number;
  /** Inside the batch writes alone: the database's share of `seconds`. */
  readonly writeSeconds: number;
  /** CPU time of the process, all threads: less sensitive than wall time to a busy machine. */
  readonly cpuMicrosPerPaper: number;
}

/** Child-process mode: one timed importFile into a fresh data dir; prints one JSON Trial line. */
async function runTrial(format: ImportFormat, file: string, dataDir: string): Promise<Trial> {
  const app = createApp(loadConfig({ ...process.env, PAPERBOY_DATA_DIR: dataDir, LOG_LEVEL: "silent" }));
  // The import service holds this same store object: timing its writes splits database time from the rest.
  const store = app.storage.papers;
  const importPapers = store.importPapers.bind(store);
  let writeMs = 0;
  store.importPapers = async (batch) => {
    const writeStarted = performance.now();
    try {
      return await importPapers(batch);
    } finally {
      writeMs += performance.now() - writeStarted;
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const summary = await app.importer.importFile(file, {}, undefined, { format });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const papers = summary.inserted + summary.updated + summary.unchanged;
    return {
      format,
      papers,
      rejected: summary.rejected,
      seconds,
      papersPerSecond: papers / seconds,
      writeSeconds: writeMs / 1000,
      cpuMicrosPerPaper: (cpu.user + cpu.system) / papers,
    };
  } finally {
    await app.close();
  }
}

async function spawnTrial(format: ImportFormat, file: string, dataDir: string): Promise<Trial> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--trial", format, file, dataDir], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  rmSync(dataDir, { recursive: true, force: true });
  if (status !== 0) throw new Error(`${format} import of ${file} exited with status ${status}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Trial;
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} exited with status ${status}`);
}

/** Both files for (n, seed), generated and converted once, then reused. */
async function ensureFiles(n: number, seed: string): Promise<{ snapshot: string; hub: string }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = `n${n}-seed${seed.replace(/[^\w.-]/g, "_")}`;
  const generated = join(CACHE_DIR, `gen-${key}.jsonl`);
  const snapshot = join(CACHE_DIR, `snapshot-${key}.json`);
  const hub = join(CACHE_DIR, `hub-${key}.jsonl`);
  if (existsSync(snapshot) && existsSync(hub)) return { snapshot, hub };
  if (!existsSync(generated)) {
    if (!existsSync(GENERATOR)) throw new Error(`corpus generator not found at ${GENERATOR}`);
    console.error(`snapshot-bench: generating ${n.toLocaleString("en")} papers (seed ${seed})`);
    await run(process.execPath, [GENERATOR, "--n", String(n), "--seed", seed, "--out", `${generated}.partial`]);
    renameSync(`${generated}.partial`, generated);
  }
  console.error("snapshot-bench: converting to the snapshot and hub formats");
  const count = await convertGeneratedFile(generated, snapshot, hub);
  console.error(`snapshot-bench: ${count.toLocaleString("en")} papers in each format`);
  return { snapshot, hub };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === "--trial") {
    const [, format, file, dataDir] = args as [string, ImportFormat, string, string];
    console.log(JSON.stringify(await runTrial(format, file, dataDir)));
    return 0;
  }
  const { values } = parseArgs({
    args,
    options: { n: { type: "string" }, seed: { type: "string" }, repeats: { type: "string" } },
  });
  const n = Number(values.n ?? 200_000);
  const repeats = Number(values.repeats ?? 3);
  const seed = values.seed ?? "42";
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(repeats) || repeats < 1) {
    console.error("usage: snapshot-bench.ts [--n N] [--seed S] [--repeats R]");
    return 2;
  }
  const files = await ensureFiles(n, seed);
  const ratios: number[] = [];
  const cpu = new Map<ImportFormat, number[]>([
    ["paperboy", []],
    ["arxiv-snapshot", []],
  ]);
  for (let pair = 0; pair < repeats; pair++) {
    const order: ImportFormat[] = pair % 2 === 0 ? ["paperboy", "arxiv-snapshot"] : ["arxiv-snapshot", "paperboy"];
    const trials = new Map<ImportFormat, Trial>();
    for (const format of order) {
      const file = format === "paperboy" ? files.hub : files.snapshot;
      const trial = await spawnTrial(format, file, join(CACHE_DIR, `run-${format}`));
      if (trial.rejected > 0 || trial.papers !== n)
        console.error(`warning: ${format}: ${trial.papers} papers, ${trial.rejected} rejected`);
      trials.set(format, trial);
      cpu.get(format)!.push(trial.cpuMicrosPerPaper);
      console.log(
        `pair ${pair + 1} ${format.padEnd(14)} ${trial.papers} papers in ${trial.seconds.toFixed(1)} s = ${Math.round(trial.papersPerSecond)} papers/s (writes ${trial.writeSeconds.toFixed(1)} s, ${Math.round(trial.cpuMicrosPerPaper)} µs CPU/paper)`,
      );
    }
    ratios.push(trials.get("arxiv-snapshot")!.papersPerSecond / trials.get("paperboy")!.papersPerSecond);
    console.log(`pair ${pair + 1} snapshot/import ratio ${ratios.at(-1)!.toFixed(3)}`);
  }
  const [importCpu, snapshotCpu] = [median(cpu.get("paperboy")!), median(cpu.get("arxiv-snapshot")!)];
  console.log(
    `median CPU per paper: import ${importCpu.toFixed(0)} µs, snapshot ${snapshotCpu.toFixed(0)} µs (share ${(importCpu / snapshotCpu).toFixed(3)}; steadier than wall time on a busy machine)`,
  );
  const ratio = median(ratios);
  const verdict = ratio >= SNAPSHOT_MIN_SHARE ? "meets" : "MISSES";
  console.log(
    `N=${n}: median snapshot/import ratio ${ratio.toFixed(3)} (${verdict} the ≥ ${SNAPSHOT_MIN_SHARE} target)`,
  );
  return ratio >= SNAPSHOT_MIN_SHARE ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
