import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LISTED_PER_MILLE, type ListingStats, writeCorpusWithListings } from "./add-daily-listings.js";

/** The shared deterministic generator, relative to the repository root. */
const GENERATOR_PATH = "../shared/bench/gen-corpus.mjs";
const TRAINING_LINE = /^.*training sha256 [0-9a-f]+.*$/m;

export interface Corpus {
  /** The prepared file, in the import format, with daily listings. */
  readonly file: string;
  readonly n: number;
  readonly seed: string;
  readonly generator: { readonly path: string; readonly sha256: string; readonly trainingLine: string };
  readonly papers: number;
  readonly listed: number;
  readonly withStars: number;
  readonly listingDays: number;
  readonly latestListingDay: string | null;
  readonly busiestListingDay: { readonly day: string; readonly papers: number } | null;
  /** Listed papers per day over the last 30 listing days. */
  readonly recentListedPerDay: number;
}

export class MissingGeneratorError extends Error {}

export function locateGenerator(repoRoot: string): string {
  const path = resolve(repoRoot, GENERATOR_PATH);
  if (!existsSync(path)) {
    throw new MissingGeneratorError(
      `corpus generator not found at ${path}\n(expected ${GENERATOR_PATH} next to the repository; it is the shared deterministic generator)`,
    );
  }
  return path;
}

/**
 * The corpus for (n, seed): generated and prepared once, then reused from `cacheDir`.
 * A changed generator script invalidates the cache, since its output may differ.
 */
export async function ensureCorpus(generator: string, cacheDir: string, n: number, seed: string): Promise<Corpus> {
  mkdirSync(cacheDir, { recursive: true });
  const key = `n${n}-seed${seed.replace(/[^\w.-]/g, "_")}`;
  const preparedKey = `${key}-listed${LISTED_PER_MILLE}`;
  const metaFile = join(cacheDir, `papers-${preparedKey}.meta.json`);
  const file = join(cacheDir, `papers-${preparedKey}.jsonl`);
  const generatorSha256 = createHash("sha256").update(readFileSync(generator)).digest("hex");
  const cached = readCachedMeta(metaFile);
  if (cached && cached.generator.sha256 === generatorSha256 && existsSync(file)) return { ...cached, file };

  const generated = join(cacheDir, `gen-${key}.jsonl`);
  const generatedMeta = `${generated}.meta.json`;
  let trainingLine = readCachedGeneration(generatedMeta, generatorSha256);
  if (!trainingLine || !existsSync(generated)) {
    console.error(`bench: generating ${n.toLocaleString("en")} papers (seed ${seed}) into ${generated}`);
    trainingLine = await runGenerator(generator, n, seed, generated);
    writeFileSync(generatedMeta, JSON.stringify({ generatorSha256, trainingLine }, null, 2));
  }
  console.error(`bench: adding daily listings (${LISTED_PER_MILLE}‰ of papers) into ${file}`);
  const stats = await writeCorpusWithListings(generated, `${file}.partial`);
  renameSync(`${file}.partial`, file);
  const corpus = describeCorpus(file, n, seed, { path: generator, sha256: generatorSha256, trainingLine }, stats);
  writeFileSync(metaFile, JSON.stringify(corpus, null, 2));
  return corpus;
}

function describeCorpus(
  file: string,
  n: number,
  seed: string,
  generator: Corpus["generator"],
  stats: ListingStats,
): Corpus {
  const days = [...stats.perDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const busiest = days.reduce<[string, number] | null>((best, d) => (!best || d[1] > best[1] ? d : best), null);
  const recent = days.slice(-30);
  return {
    file,
    n,
    seed,
    generator,
    papers: stats.papers,
    listed: stats.listed,
    withStars: stats.withStars,
    listingDays: days.length,
    latestListingDay: days.at(-1)?.[0] ?? null,
    busiestListingDay: busiest ? { day: busiest[0], papers: busiest[1] } : null,
    recentListedPerDay: recent.reduce((sum, [, count]) => sum + count, 0) / Math.max(recent.length, 1),
  };
}

/** Runs the generator into `out` (atomically) and returns its training-text SHA-256 line. */
async function runGenerator(generator: string, n: number, seed: string, out: string): Promise<string> {
  const partial = `${out}.partial`;
  const child = spawn(process.execPath, [generator, "--n", String(n), "--seed", seed, "--out", partial], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
    process.stderr.write(text);
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (status !== 0) throw new Error(`corpus generator exited with status ${status}`);
  const trainingLine = TRAINING_LINE.exec(stderr)?.[0].trim();
  if (!trainingLine) throw new Error("corpus generator printed no 'training sha256' line on stderr");
  renameSync(partial, out);
  return trainingLine;
}

function readCachedMeta(metaFile: string): Corpus | null {
  try {
    return JSON.parse(readFileSync(metaFile, "utf8")) as Corpus;
  } catch {
    return null;
  }
}

function readCachedGeneration(metaFile: string, generatorSha256: string): string | null {
  try {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as { generatorSha256: string; trainingLine: string };
    return meta.generatorSha256 === generatorSha256 ? meta.trainingLine : null;
  } catch {
    return null;
  }
}
