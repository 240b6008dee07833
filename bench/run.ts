/**
 * `npm run bench [-- --n 100000]`: import throughput against a raw insert loop, HTTP
 * throughput against the server's own hello-world route, fresh-start time and memory,
 * keyword-search latency against raw FTS5 (search-bench.ts), email digests end to end
 * (digest-bench.ts; `--no-digest` skips it, `--digest-only` runs it alone), PostgreSQL beside
 * SQLite (postgres-bench.ts; `--no-postgres` skips it, `--postgres-only` runs it alone),
 * on a deterministic synthetic corpus. Every figure sits beside a baseline measured in
 * the same run, because the machine is shared and absolute numbers drift.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchOptions, USAGE, UsageError, parseBenchOptions } from "./bench-options.js";
import { type Corpus, MissingGeneratorError, ensureCorpus, locateGenerator } from "./corpus.js";
import { benchFreshStart } from "./fresh-start.js";
import { type RouteSpec, benchRoutes } from "./http-bench.js";
import { benchImports } from "./import-bench.js";
import { benchSearch } from "./search-bench.js";
import { benchHybrid } from "./hybrid-bench.js";
import { benchDigests, formatDigestReport } from "./digest-bench.js";
import { benchPostgres, formatPostgresReport } from "./postgres-bench.js";
import { describeMachine, readLoadAverage } from "./machine-info.js";
import { type BenchResults, type ServedHttpResults, formatReport, writeResults } from "./report.js";
import { readCpuSeconds, readPeakRssBytes, spawnServer, stopServer, waitForOk } from "./server-process.js";
import { ROUTE_MIN_SHARE_OF_HELLO } from "./targets.js";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH_DIR = join(REPO_ROOT, ".bench");
/** Opening a 1M-paper database and migrating it is quick; the bound only catches a hung start. */
const READY_TIMEOUT_MS = 120_000;

const HELLO_ROUTE: RouteSpec = { label: "hello world", path: "/healthz" };

function routesFor(corpus: Corpus): RouteSpec[] {
  const listed = corpus.latestListingDay ?? "2026-01-01";
  return [
    { label: "trending page", path: "/", minShareOfHello: ROUTE_MIN_SHARE_OF_HELLO },
    { label: "HF daily papers", path: "/api/daily_papers", minShareOfHello: ROUTE_MIN_SHARE_OF_HELLO },
    { label: "HF daily papers of a day", path: `/api/daily_papers?date=${listed}` },
    { label: "trending API", path: "/api/v1/trending" },
  ];
}

async function benchServedDatabase(dataDir: string, corpus: Corpus, options: BenchOptions): Promise<ServedHttpResults> {
  const server = await spawnServer({ repoRoot: REPO_ROOT, dataDir, sampleData: false });
  try {
    const readyAfterS = (await waitForOk(server, "/readyz", READY_TIMEOUT_MS)) / 1000;
    const load = { durationS: options.durationS, connections: options.connections };
    const cpuClock = () => readCpuSeconds(server.pid);
    const results = await benchRoutes(server.baseUrl, HELLO_ROUTE, routesFor(corpus), load, cpuClock);
    return { ...results, server: { mode: server.mode, readyAfterS, peakRssBytes: readPeakRssBytes(server.pid) } };
  } finally {
    await stopServer(server);
  }
}

async function runBench(options: BenchOptions, generator: string): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const corpusDir = join(BENCH_DIR, "corpus");
  const corpus = await ensureCorpus(generator, corpusDir, options.n, options.seed);
  const repeatCorpus =
    options.repeatN === options.n ? null : await ensureCorpus(generator, corpusDir, options.repeatN, options.seed);
  const runDir = join(BENCH_DIR, "run", startedAt.replace(/[:.]/g, "-"));
  try {
    const imports = await benchImports({
      repoRoot: REPO_ROOT,
      runDir,
      corpus,
      repeatCorpus: repeatCorpus ?? corpus,
      repeats: options.repeats,
    });
    const http = await benchServedDatabase(imports.servedDataDir, corpus, options);
    const search = await benchSearch(join(imports.servedDataDir, "paperboy.sqlite"));
    const hybrid = options.hybrid ? await benchHybrid(imports.servedDataDir) : null;
    const freshStart = await benchFreshStart(REPO_ROOT, join(runDir, "fresh-start"));
    const digest = options.digest === "off" ? null : await benchDigests(options.digestSubscribers);
    const postgres =
      options.postgres === "off" ? null : await benchPostgresBesideSqlite(options, generator, join(runDir, "postgres"));
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
      machine: { ...machine, loadAverageAtEnd: readLoadAverage() },
      options,
      corpus,
      repeatCorpus,
      imports,
      http,
      freshStart,
      search,
      hybrid,
      digest,
      postgres,
    };
  } finally {
    if (!options.keepData) rmSync(runDir, { recursive: true, force: true });
  }
}

/** The PostgreSQL-beside-SQLite section at its own size (`--pg-papers`), in `dir`. */
async function benchPostgresBesideSqlite(options: BenchOptions, generator: string, dir: string) {
  const corpus = await ensureCorpus(generator, join(BENCH_DIR, "corpus"), options.pgPapers, options.seed);
  try {
    const load = { durationS: options.durationS, connections: options.connections };
    return await benchPostgres({ repoRoot: REPO_ROOT, runDir: dir, corpus, importOnly: options.pgImportOnly, ...load });
  } finally {
    if (!options.keepData) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let options: BenchOptions | null;
  let generator: string;
  try {
    options = parseBenchOptions(process.argv.slice(2));
    if (!options) {
      console.log(USAGE);
      return 0;
    }
    if (options.digest === "only") {
      // Needs no corpus: the digest bench seeds its own database.
      console.log(formatDigestReport(await benchDigests(options.digestSubscribers)));
      return 0;
    }
    generator = locateGenerator(REPO_ROOT);
    if (options.postgres === "only") {
      const dir = join(BENCH_DIR, "run", `postgres-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      console.log(formatPostgresReport(await benchPostgresBesideSqlite(options, generator, dir)));
      return 0;
    }
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof MissingGeneratorError || isParseArgsError(error)))
      throw error;
    console.error(`bench: ${(error as Error).message}`);
    return 1;
  }
  const results = await runBench(options, generator);
  console.log(formatReport(results));
  console.log(`\nResults: ${writeResults(BENCH_DIR, results)}`);
  return 0;
}

function isParseArgsError(error: unknown): boolean {
  return String((error as { code?: unknown })?.code).startsWith("ERR_PARSE_ARGS");
}

process.exitCode = await main();
