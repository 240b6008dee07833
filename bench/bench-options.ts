import { parseArgs } from "node:util";

/** What one `npm run bench` measures; every default is the documented benchmark. */
export interface BenchOptions {
  /** Papers in the main database (imported once, then served). */
  readonly n: number;
  readonly seed: string;
  /** Length of each load run per route. */
  readonly durationS: number;
  readonly connections: number;
  /** Alternating raw/Paperboy import pairs at `repeatN`, for medians. */
  readonly repeats: number;
  readonly repeatN: number;
  /** Keep the imported databases under .bench/run/ after the run. */
  readonly keepData: boolean;
  /** Also build search by meaning over the served database and time hybrid against keyword search. */
  readonly hybrid: boolean;
  /** The email digest bench (bench/digest-bench.ts): with the rest, skipped, or alone. */
  readonly digest: "on" | "off" | "only";
  readonly digestSubscribers: number;
  /** PostgreSQL beside SQLite (bench/postgres-bench.ts): with the rest, skipped, or alone. */
  readonly postgres: "on" | "off" | "only";
  readonly pgPapers: number;
  /** Only the imports of the PostgreSQL-beside-SQLite bench (no search lists, no reads). */
  readonly pgImportOnly: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --n N             papers in the benchmark database (default 1000000)
  --seed S          corpus generator seed (default 42)
  --duration S      seconds of load per HTTP route (default 10)
  --connections C   concurrent connections per HTTP route (default 10)
  --repeats R       alternating raw/Paperboy import pairs for medians (default 3)
  --repeat-n N      papers per repeated import (default min(N, 100000))
  --keep-data       keep the imported databases in .bench/run/
  --hybrid          also build search by meaning (LSA + HNSW; ~50 min at 1M papers on
                    2 cores) and time hybrid beside keyword search on the same mix
  --no-digest       skip the email digest bench
  --digest-only     run only the email digest bench (no corpus, no generator needed)
  --digest-subscribers N
                    subscribers of the digest bench (default 10000)
  --no-postgres     skip the PostgreSQL-beside-SQLite bench
  --postgres-only   run only the PostgreSQL-beside-SQLite bench
  --pg-papers N     papers in the PostgreSQL-beside-SQLite bench (default 20000; 1000000 for
                    the issue's figures: long, the search mirror's first copy alone takes
                    ~2 min per 100,000 papers)
  --pg-import-only  in that bench, only the two imports (papers/s; no search lists, no reads)
  --help            this text

Corpora are cached in .bench/corpus/; results are written to .bench/results-<timestamp>.json.`;

const DEFAULT_N = 1_000_000;
const DEFAULT_REPEAT_N = 100_000;
/** Bounded for a shared 2-core machine: a minute or two for both backends. */
const DEFAULT_PG_PAPERS = 20_000;

export class UsageError extends Error {}

/** Parses the arguments after `npm run bench --`; null means --help was asked for. */
export function parseBenchOptions(args: readonly string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: [...args],
    options: {
      n: { type: "string" },
      seed: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
      repeats: { type: "string" },
      "repeat-n": { type: "string" },
      "keep-data": { type: "boolean" },
      hybrid: { type: "boolean" },
      "no-digest": { type: "boolean" },
      "digest-only": { type: "boolean" },
      "digest-subscribers": { type: "string" },
      "no-postgres": { type: "boolean" },
      "postgres-only": { type: "boolean" },
      "pg-papers": { type: "string" },
      "pg-import-only": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  const n = readCount("--n", values.n, DEFAULT_N, 1);
  return {
    n,
    seed: values.seed ?? "42",
    durationS: readCount("--duration", values.duration, 10, 1),
    connections: readCount("--connections", values.connections, 10, 1),
    repeats: readCount("--repeats", values.repeats, 3, 0),
    repeatN: Math.min(n, readCount("--repeat-n", values["repeat-n"], DEFAULT_REPEAT_N, 1)),
    keepData: values["keep-data"] ?? false,
    hybrid: values.hybrid ?? false,
    digest: readDigestMode(values["no-digest"] ?? false, values["digest-only"] ?? false),
    digestSubscribers: readCount("--digest-subscribers", values["digest-subscribers"], 10_000, 1),
    postgres: readSectionMode("postgres", values["no-postgres"] ?? false, values["postgres-only"] ?? false),
    pgPapers: readCount("--pg-papers", values["pg-papers"], DEFAULT_PG_PAPERS, 1),
    pgImportOnly: values["pg-import-only"] ?? false,
  };
}

function readDigestMode(skip: boolean, only: boolean): BenchOptions["digest"] {
  return readSectionMode("digest", skip, only);
}

function readSectionMode(section: string, skip: boolean, only: boolean): "on" | "off" | "only" {
  if (skip && only) throw new UsageError(`--no-${section} and --${section}-only exclude each other`);
  return skip ? "off" : only ? "only" : "on";
}

/** Accepts 100000, 100_000 and 100,000. */
function readCount(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/[_,]/g, ""));
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} ${raw}: expected a whole number ≥ ${min}`);
  return value;
}
