/**
 * PostgreSQL beside SQLite, same corpus, same machine, same run (GitHub issue 7): import
 * papers/s through `paperboy import`, then for each backend a `paperboy serve` on loopback
 * measured the same way: the trending page and the daily-papers API under autocannon, and
 * keyword search p95 over the 200-query mix through `/api/v1/search`. Reads pass when
 * PostgreSQL stays within 2× of SQLite. PostgreSQL is a throwaway cluster from the system's
 * initdb/pg_ctl (test/helpers/postgres.ts), with fsync on; without those binaries the section
 * is skipped. Before searches are timed, each backend's keyword lists are built as
 * `paperboy reindex --keyword` would.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { importFile } from "../src/delivery/cli/import-command.js";
import { findPostgresBin, startTestPostgres } from "../test/helpers/postgres.js";
import type { Corpus } from "./corpus.js";
import { type RouteSpec, benchRoutes } from "./http-bench.js";
import { readCpuSeconds, spawnServer, stopServer, waitForOk } from "./server-process.js";
import { percentile, ratio } from "./stats.js";
import { verdict } from "./targets.js";
import { type Cell, formatFixed, formatInteger, formatTable } from "./text-table.js";

const THIS_SCRIPT = fileURLToPath(import.meta.url);
const QUERY_MIX = new URL("../../shared/bench/queries-200.json", import.meta.url);
/** The bound: PostgreSQL reads at most this many times slower than SQLite's. */
export const PG_READ_MAX_SLOWDOWN = 2;
/** Seconds of load per route: a few are enough for a side-by-side on a shared machine. */
const MAX_LOAD_S = 5;
const READY_TIMEOUT_MS = 120_000;
/** The first search on PostgreSQL waits for the mirror's first copy (~2 min per 100k papers). */
const FIRST_SEARCH_TIMEOUT_MS = 6 * 3_600_000;
const SEARCH_ROUNDS = 2;

const HELLO: RouteSpec = { label: "hello world", path: "/healthz" };
const READ_ROUTES: readonly RouteSpec[] = [
  { label: "trending page", path: "/" },
  { label: "daily papers API", path: "/api/daily_papers" },
];

export type Backend = "sqlite" | "postgres";

export interface BackendRun {
  readonly import: { readonly seconds: number; readonly papersPerSecond: number };
  /** `paperboy reindex --keyword` after the import (on PostgreSQL it first fills the search mirror). */
  readonly searchListsS: number;
  readonly readyAfterS: number;
  readonly firstSearchS: number;
  readonly helloRequestsPerSecond: number;
  readonly routes: readonly {
    readonly label: string;
    readonly path: string;
    readonly requestsPerSecond: number;
    readonly p99Ms: number;
    readonly failures: number;
  }[];
  readonly search: {
    readonly queries: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
    readonly failures: number;
  };
}

export type PostgresBenchResults =
  | { readonly skipped: string }
  | {
      readonly papers: number;
      /** `--pg-import-only`: the imports alone. */
      readonly imports: { readonly sqlite: TimedImport; readonly postgres: TimedImport };
    }
  | {
      readonly papers: number;
      readonly durationS: number;
      readonly connections: number;
      readonly sqlite: BackendRun;
      readonly postgres: BackendRun;
    };

export interface PostgresBenchPlan {
  readonly repoRoot: string;
  readonly runDir: string;
  readonly corpus: Corpus;
  readonly durationS: number;
  readonly connections: number;
  readonly importOnly?: boolean;
}

export async function benchPostgres(plan: PostgresBenchPlan): Promise<PostgresBenchResults> {
  if (findPostgresBin() === null) return { skipped: "no PostgreSQL (initdb and pg_ctl not found)" };
  const cluster = await startTestPostgres({ durable: true });
  if (cluster === null) return { skipped: "no PostgreSQL" };
  if (plan.importOnly) {
    const databaseUrl = await cluster.createDatabase();
    const sqlite = await timeImport(plan, "sqlite", undefined);
    const postgres = await timeImport(plan, "postgres", databaseUrl);
    return { papers: plan.corpus.papers, imports: { sqlite, postgres } };
  }
  const durationS = Math.min(plan.durationS, MAX_LOAD_S);
  const measure = (backend: Backend, databaseUrl?: string) =>
    benchBackend(plan, { durationS, connections: plan.connections }, backend, databaseUrl);
  const sqlite = await measure("sqlite");
  const postgres = await measure("postgres", await cluster.createDatabase());
  return { papers: plan.corpus.papers, durationS, connections: plan.connections, sqlite, postgres };
}

async function benchBackend(
  plan: PostgresBenchPlan,
  load: { durationS: number; connections: number },
  backend: Backend,
  databaseUrl: string | undefined,
): Promise<BackendRun> {
  const dataDir = backendDir(plan, backend);
  const imported = await timeImport(plan, backend, databaseUrl);
  // Searches are timed over the index as it is in service, with its impact lists built, not
  // while a first build competes with them for the CPU.
  console.error(`bench: building the keyword search lists on ${backend}`);
  const lists = await runChild<TimedLists>(plan.repoRoot, ["lists"], dataDir, databaseUrl);
  // No micro-cache: every request reads the database (with it, both backends would mostly
  // serve the same cached bytes, and the comparison would say nothing about storage).
  const server = await spawnServer({
    repoRoot: plan.repoRoot,
    dataDir,
    sampleData: false,
    databaseUrl,
    httpCacheMs: 0,
  });
  try {
    const readyAfterS = (await waitForOk(server, "/readyz", READY_TIMEOUT_MS)) / 1000;
    const queries = readQueryMix();
    const firstSearchS = await waitForFirstSearch(server.baseUrl, queries[0]!);
    const search = await timeSearches(server.baseUrl, queries);
    const http = await benchRoutes(server.baseUrl, HELLO, READ_ROUTES, load, () => readCpuSeconds(server.pid));
    return {
      import: { seconds: imported.seconds, papersPerSecond: imported.papers / imported.seconds },
      searchListsS: lists.seconds,
      readyAfterS,
      firstSearchS,
      helloRequestsPerSecond: http.helloRequestsPerSecond,
      routes: http.routes.map((r) => ({
        label: r.label,
        path: r.path,
        requestsPerSecond: r.requestsPerSecond,
        p99Ms: r.p99Ms,
        failures: r.non2xx + r.errors,
      })),
      search,
    };
  } finally {
    await stopServer(server);
  }
}

interface TimedImport {
  readonly papers: number;
  readonly seconds: number;
}

function backendDir(plan: PostgresBenchPlan, backend: Backend): string {
  const dataDir = join(plan.runDir, `postgres-bench-${backend}`);
  mkdirSync(dataDir, { recursive: true });
  return dataDir;
}

async function timeImport(plan: PostgresBenchPlan, backend: Backend, databaseUrl: string | undefined) {
  console.error(`bench: importing ${formatInteger(plan.corpus.papers)} papers into ${backend}`);
  const dataDir = backendDir(plan, backend);
  return runChild<TimedImport>(plan.repoRoot, ["import", plan.corpus.file], dataDir, databaseUrl);
}

interface TimedLists {
  readonly lists: number;
  readonly seconds: number;
}

/**
 * One step in a process of its own (this script with `args`), on the configured backend,
 * timed inside it as import-trial.ts does, so that tsx's start-up is not counted; the step
 * prints its result as the last line of JSON.
 */
async function runChild<T>(
  repoRoot: string,
  args: readonly string[],
  dataDir: string,
  databaseUrl?: string,
): Promise<T> {
  const { DATABASE_URL: _inherited, ...inheritedEnv } = process.env;
  const env = {
    ...inheritedEnv,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    PAPERBOY_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
  };
  const child = spawn(process.execPath, ["--import", "tsx", THIS_SCRIPT, ...args], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (status !== 0) throw new Error(`bench step \`${args.join(" ")}\` exited with status ${status}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

/** Child side of the import step: prints one TimedImport line. */
async function importAndTime(file: string): Promise<TimedImport> {
  const started = performance.now();
  const app = await openApp(loadConfig(process.env));
  let summary: Awaited<ReturnType<typeof importFile>>;
  try {
    summary = await importFile(app, file, { quiet: true });
  } finally {
    await app.close();
  }
  if (summary.rejected > 0) console.error(`bench: warning: ${summary.rejected} papers rejected`);
  const papers = summary.inserted + summary.updated + summary.unchanged;
  return { papers, seconds: (performance.now() - started) / 1000 };
}

/** Child side of the lists step: what `paperboy reindex --keyword` does, when the lists are stale. */
async function buildListsAndTime(): Promise<TimedLists> {
  const started = performance.now();
  const app = await openApp(loadConfig(process.env));
  let lists = 0;
  try {
    if (await app.storage.keywordIndex.acceleratorsStale()) {
      lists = (await app.storage.keywordIndex.rebuildAccelerators()).lists;
    }
  } finally {
    await app.close();
  }
  return { lists, seconds: (performance.now() - started) / 1000 };
}

interface MixQuery {
  readonly kind: string;
  readonly terms: readonly string[];
}

function readQueryMix(): string[] {
  const mix = JSON.parse(readFileSync(QUERY_MIX, "utf8")) as MixQuery[];
  return mix.map((q) => (q.kind === "phrase" ? `"${q.terms.join(" ")}"` : q.terms.join(" ")));
}

function searchUrl(baseUrl: string, query: string): string {
  return `${baseUrl}/api/v1/search?${new URLSearchParams({ q: query, mode: "keyword", limit: "10" })}`;
}

/** The first search waits for the search index (on PostgreSQL the mirror's first copy); retried past client timeouts. */
async function waitForFirstSearch(baseUrl: string, query: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < FIRST_SEARCH_TIMEOUT_MS) {
    const status = await fetch(searchUrl(baseUrl, query)).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status === 200) return (performance.now() - started) / 1000;
    if (status !== 0) throw new Error(`first search answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`no search answer within ${FIRST_SEARCH_TIMEOUT_MS / 1000} s`);
}

/** The mix one query at a time, twice; the second round is measured (the first warms caches). */
async function timeSearches(baseUrl: string, queries: readonly string[]): Promise<BackendRun["search"]> {
  console.error(`bench: ${queries.length} searches × ${SEARCH_ROUNDS} rounds over HTTP`);
  let times: number[] = [];
  let failures = 0;
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    times = [];
    failures = 0;
    for (const query of queries) {
      const started = performance.now();
      const response = await fetch(searchUrl(baseUrl, query));
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (response.status !== 200) failures++;
    }
  }
  return { queries: times.length, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), failures };
}

export function formatPostgresReport(r: PostgresBenchResults): string {
  if ("skipped" in r) return `PostgreSQL beside SQLite: skipped: ${r.skipped}`;
  if ("imports" in r) {
    const { sqlite, postgres } = r.imports;
    const rate = (run: TimedImport) => run.papers / run.seconds;
    return [
      `PostgreSQL beside SQLite, imports only: ${formatInteger(r.papers)} papers through \`paperboy import\``,
      formatTable([
        ["", "SQLite", "PostgreSQL", "PG/SQLite"],
        ["import papers/s", ...compare(rate(sqlite), rate(postgres))],
        ["import seconds", formatFixed(sqlite.seconds, 1), formatFixed(postgres.seconds, 1), ""],
      ]),
    ].join("\n");
  }
  const rows: Cell[][] = [["", "SQLite", "PostgreSQL", "PG/SQLite", `reads within ${PG_READ_MAX_SLOWDOWN}×`]];
  rows.push(["import papers/s", ...compare(r.sqlite.import.papersPerSecond, r.postgres.import.papersPerSecond), ""]);
  r.sqlite.routes.forEach((route, i) => {
    const pg = r.postgres.routes[i]!;
    const [a, b, share] = compare(route.requestsPerSecond, pg.requestsPerSecond);
    const ok = ratio(pg.requestsPerSecond, route.requestsPerSecond) >= 1 / PG_READ_MAX_SLOWDOWN;
    rows.push([`${route.label} req/s (${route.path})`, a, b, share, readVerdict(ok, route.failures + pg.failures)]);
  });
  const [sp, pp] = [r.sqlite.search, r.postgres.search];
  rows.push(["keyword search p50 ms", ...compareMs(sp.p50Ms, pp.p50Ms), ""]);
  const searchOk = ratio(pp.p95Ms, sp.p95Ms) <= PG_READ_MAX_SLOWDOWN;
  rows.push([
    "keyword search p95 ms",
    ...compareMs(sp.p95Ms, pp.p95Ms),
    readVerdict(searchOk, sp.failures + pp.failures),
  ]);
  rows.push([
    "hello world req/s (/healthz)",
    ...compare(r.sqlite.helloRequestsPerSecond, r.postgres.helloRequestsPerSecond),
    "",
  ]);
  return [
    `PostgreSQL beside SQLite: ${formatInteger(r.papers)} papers; ${r.durationS} s × ${r.connections} connections per route ` +
      `after a 2 s warm-up, response cache off (HTTP_CACHE_MS=0); search: ${sp.queries} queries of the 200-query mix via /api/v1/search (mode=keyword, top 10), one at a time, second round`,
    formatTable(rows),
    `  keyword search lists built after the import: SQLite ${formatFixed(r.sqlite.searchListsS, 1)} s, ` +
      `PostgreSQL ${formatFixed(r.postgres.searchListsS, 1)} s (including the search mirror's first copy)`,
    `  ready after: SQLite ${formatFixed(r.sqlite.readyAfterS, 1)} s, PostgreSQL ${formatFixed(r.postgres.readyAfterS, 1)} s; ` +
      `first search: SQLite ${formatFixed(r.sqlite.firstSearchS, 1)} s, PostgreSQL ${formatFixed(r.postgres.firstSearchS, 1)} s (search mirror's first copy)`,
  ].join("\n");
}

function compare(sqlite: number, postgres: number): [string, string, string] {
  return [formatInteger(sqlite), formatInteger(postgres), formatFixed(ratio(postgres, sqlite), 2)];
}

function compareMs(sqlite: number, postgres: number): [string, string, string] {
  return [formatFixed(sqlite, 1), formatFixed(postgres, 1), formatFixed(ratio(postgres, sqlite), 2)];
}

function readVerdict(withinBound: boolean, failures: number): string {
  return failures === 0 ? verdict(withinBound) : `FAIL (${formatInteger(failures)} failed requests)`;
}

if (process.argv[1] === THIS_SCRIPT && process.argv[2] === "import" && process.argv[3]) {
  console.log(JSON.stringify(await importAndTime(process.argv[3])));
}
if (process.argv[1] === THIS_SCRIPT && process.argv[2] === "lists") {
  console.log(JSON.stringify(await buildListsAndTime()));
}
