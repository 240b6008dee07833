/**
 * One timed import in a process of its own, so that peak memory and JIT/GC state belong to
 * this import alone. Usage: import-trial.ts paperboy|raw CORPUS_FILE DATA_DIR
 * Prints one JSON ImportTrial line on stdout.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { importFile } from "../src/delivery/cli/import-command.js";
import { importRaw } from "./raw-import.js";

export type ImportKind = "paperboy" | "raw";

export interface ImportTrial {
  readonly kind: ImportKind;
  /** Papers written (inserted, updated or unchanged). */
  readonly papers: number;
  readonly rejected: number;
  /** From opening the database to closing it, file reading and parsing included. */
  readonly seconds: number;
  readonly papersPerSecond: number;
  /** Inside the batch writes alone (the database's share of `seconds`). */
  readonly writeSeconds: number;
  /**
   * CPU time of the process, all threads, per paper. Less sensitive than wall time to other
   * work on a shared machine, and it shows what the worker thread's parallelism costs.
   */
  readonly cpuMicrosPerPaper: number;
  readonly peakRssBytes: number;
  /** Rows in the database afterwards: both importers should write the same ones. */
  readonly rows: { readonly papers: number; readonly dailyListings: number; readonly starSamples: number };
}

interface ImportOutcome {
  papers: number;
  rejected: number;
  writeSeconds: number;
}

/** The real `paperboy import FILE` path: config, composition root, importFile, close. */
async function importWithPaperboy(corpusFile: string, dataDir: string): Promise<ImportOutcome> {
  const app = createApp(loadConfig({ ...process.env, PAPERBOY_DATA_DIR: dataDir, LOG_LEVEL: "silent" }));
  // The import service holds this same store object: timing its batch writes here splits
  // the import into database time and the rest, at the cost of two clock reads per batch.
  const store = app.storage.papers;
  const importPapers = store.importPapers.bind(store);
  let writeMs = 0;
  store.importPapers = async (batch) => {
    const started = performance.now();
    try {
      return await importPapers(batch);
    } finally {
      writeMs += performance.now() - started;
    }
  };
  try {
    const summary = await importFile(app, corpusFile, { quiet: true });
    const papers = summary.inserted + summary.updated + summary.unchanged;
    return { papers, rejected: summary.rejected, writeSeconds: writeMs / 1000 };
  } finally {
    await app.close();
  }
}

function countRows(databaseFile: string): ImportTrial["rows"] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const count = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
    return {
      papers: count("papers"),
      dailyListings: count("daily_listings"),
      starSamples: count("github_star_samples"),
    };
  } finally {
    db.close();
  }
}

async function runTrial(kind: ImportKind, corpusFile: string, dataDir: string): Promise<ImportTrial> {
  const databaseFile = join(dataDir, "paperboy.sqlite");
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome: ImportOutcome =
    kind === "paperboy"
      ? await importWithPaperboy(corpusFile, dataDir)
      : { ...(await importRaw(corpusFile, databaseFile)), rejected: 0 };
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const papersPerSecond = outcome.papers / seconds;
  const cpuMicrosPerPaper = (cpu.user + cpu.system) / outcome.papers;
  return { kind, ...outcome, seconds, papersPerSecond, cpuMicrosPerPaper, peakRssBytes, rows: countRows(databaseFile) };
}

const [kind, corpusFile, dataDir] = process.argv.slice(2);
if ((kind !== "paperboy" && kind !== "raw") || !corpusFile || !dataDir) {
  console.error("usage: import-trial.ts paperboy|raw CORPUS_FILE DATA_DIR");
  process.exit(2);
}
console.log(JSON.stringify(await runTrial(kind, corpusFile, dataDir)));
