import { type SearchBenchResults, formatSearchReport } from "./search-bench.js";
import { type HybridBenchResults, formatHybridReport } from "./hybrid-bench.js";
import { type DigestBenchResults, formatDigestReport } from "./digest-bench.js";
import { type PostgresBenchResults, formatPostgresReport } from "./postgres-bench.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchOptions } from "./bench-options.js";
import type { Corpus } from "./corpus.js";
import type { FreshStart } from "./fresh-start.js";
import type { HttpResults, RouteRun } from "./http-bench.js";
import { type ImportResults, type ImportSeries, writesPerSecond } from "./import-bench.js";
import type { MachineInfo } from "./machine-info.js";
import type { ServerMode } from "./server-process.js";
import {
  FRESH_START_MAX_S,
  IMPORT_MIN_PAPERS_PER_S,
  IMPORT_MIN_SHARE_OF_RAW,
  ROUTE_MAX_P99_MS,
  verdict,
} from "./targets.js";
import { type Cell, formatFixed, formatInteger, formatMiB, formatTable } from "./text-table.js";

export interface ServedHttpResults extends HttpResults {
  readonly server: { readonly mode: ServerMode; readonly readyAfterS: number; readonly peakRssBytes: number | null };
}

export interface BenchResults {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly machine: MachineInfo & { readonly loadAverageAtEnd: number };
  readonly options: BenchOptions;
  readonly corpus: Corpus;
  readonly repeatCorpus: Corpus | null;
  readonly imports: ImportResults;
  readonly http: ServedHttpResults;
  readonly freshStart: FreshStart;
  readonly search: SearchBenchResults;
  /** Null unless run with --hybrid. */
  readonly hybrid: HybridBenchResults | null;
  /** Null when run with --no-digest. */
  readonly digest: DigestBenchResults | null;
  /** Null when run with --no-postgres. */
  readonly postgres: PostgresBenchResults | null;
}

/** Writes the figures as JSON beside the cached corpora; returns the file's path. */
export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `results-${results.startedAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

export function formatReport(r: BenchResults): string {
  return [
    formatHeader(r),
    formatImports(r.imports),
    formatHttp(r.http),
    formatFreshStart(r.freshStart),
    formatSearchReport(r.search),
    ...(r.hybrid === null ? [] : [formatHybridReport(r.hybrid)]),
    ...(r.digest === null ? [] : [formatDigestReport(r.digest)]),
    ...(r.postgres === null ? [] : [formatPostgresReport(r.postgres)]),
  ].join("\n\n");
}

function formatHeader({ options, machine, corpus, startedAt }: BenchResults): string {
  const share = ((100 * corpus.listed) / corpus.papers).toFixed(1);
  return [
    `Paperboy bench: N = ${formatInteger(options.n)}, seed ${options.seed}, started ${startedAt}`,
    `Machine: node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores, ${formatMiB(machine.totalMemoryBytes)}, ${machine.platform}`,
    `Load average (1 min): ${machine.loadAverageAtStart.toFixed(2)} at start, ${machine.loadAverageAtEnd.toFixed(2)} at end`,
    `Corpus: ${formatInteger(corpus.papers)} papers; ${formatInteger(corpus.listed)} (${share}%) on daily lists over ${formatInteger(corpus.listingDays)} days ` +
      `(~${corpus.recentListedPerDay.toFixed(0)}/day in the last 30, latest ${corpus.latestListingDay}); ${formatInteger(corpus.withStars)} with GitHub stars`,
    `Generator: ${corpus.generator.trainingLine}`,
  ].join("\n");
}

function formatImports({ series }: ImportResults): string {
  const rows: Cell[][] = [
    ["papers", "pair", "order", "raw/s", "paperboy/s", "ratio", "raw db/s", "pb db/s", "raw cpu µs", "pb cpu µs"],
  ];
  for (const s of series) {
    s.pairs.forEach((p, i) =>
      rows.push([
        formatInteger(s.n),
        String(i + 1),
        p.order.join("→"),
        formatInteger(p.raw.papersPerSecond),
        formatInteger(p.paperboy.papersPerSecond),
        formatFixed(p.ratio, 2),
        formatInteger(writesPerSecond(p.raw)),
        formatInteger(writesPerSecond(p.paperboy)),
        formatFixed(p.raw.cpuMicrosPerPaper, 0),
        formatFixed(p.paperboy.cpuMicrosPerPaper, 0),
      ]),
    );
    rows.push([`median ${formatInteger(s.n)}`, "", "", ...formatMedians(s)]);
  }
  return [
    "Import: papers/s from file to closed database, each pair back to back; ratio = Paperboy / raw insert loop.",
    "  db/s: papers per second of time inside batch writes (Paperboy decodes in a worker thread meanwhile, so on a",
    "  busy 2-core machine its writes also compete with its own decoding); cpu µs: process CPU time per paper, all threads",
    formatTable(rows),
    ...series.map(formatImportVerdict),
  ].join("\n");
}

function formatMedians(s: ImportSeries): Cell[] {
  return [
    formatInteger(s.medianRawPerSecond),
    formatInteger(s.medianPaperboyPerSecond),
    formatFixed(s.medianRatio, 2),
    formatInteger(s.medianRawWritePerSecond),
    formatInteger(s.medianPaperboyWritePerSecond),
    formatFixed(s.medianRawCpuMicrosPerPaper, 0),
    formatFixed(s.medianPaperboyCpuMicrosPerPaper, 0),
  ];
}

function formatImportVerdict(s: ImportSeries): string {
  const ratioOk = s.medianRatio >= IMPORT_MIN_SHARE_OF_RAW;
  const speedOk = s.medianPaperboyPerSecond >= IMPORT_MIN_PAPERS_PER_S;
  const rows = s.pairs[0]!.paperboy.rows;
  const peak = (kind: "raw" | "paperboy") => formatMiB(Math.max(...s.pairs.map((p) => p[kind].peakRssBytes)));
  return [
    `  at ${formatInteger(s.n)}: ratio ${formatFixed(s.medianRatio, 2)} (target ≥ ${IMPORT_MIN_SHARE_OF_RAW}) ${verdict(ratioOk)}; ` +
      `Paperboy ${formatInteger(s.medianPaperboyPerSecond)}/s (target ≥ ${formatInteger(IMPORT_MIN_PAPERS_PER_S)}) ${verdict(speedOk)}`,
    `    peak RSS: raw ${peak("raw")}, Paperboy ${peak("paperboy")}; Paperboy wrote ${formatInteger(rows.papers)} papers, ` +
      `${formatInteger(rows.dailyListings)} listings, ${formatInteger(rows.starSamples)} star samples (raw writes no star samples)`,
  ].join("\n");
}

function formatHttp(http: ServedHttpResults): string {
  const header = ["route", "req/s", "×hello", "cpu ms/req", "cpu ×hello", "p50 ms", "p99 ms", "max ms"];
  const rows: Cell[][] = [[...header, "non-2xx", "errors", "cold ms", "KiB/resp", "targets"]];
  const [before, after] = http.helloRuns;
  rows.push(formatRoute(before!, "(before)", null, "baseline"));
  for (const run of http.routes) rows.push(formatRoute(run, "", run, formatRouteVerdict(run)));
  rows.push(formatRoute(after!, "(after)", null, "baseline"));
  return [
    `HTTP: ${http.durationS} s × ${http.connections} connections per route after a 2 s warm-up; server from ${http.server.mode}, ` +
      `ready ${http.server.readyAfterS.toFixed(1)} s after spawn`,
    `  hello-world baseline (/healthz, median of before/after): ${formatInteger(http.helloRequestsPerSecond)} req/s, ` +
      `${formatCpuMs(http.helloCpuMsPerRequest)} ms server CPU per request`,
    formatTable(rows),
    `  server peak RSS (VmHWM) over the runs: ${formatMiB(http.server.peakRssBytes)}`,
  ].join("\n");
}

function formatRoute(
  run: RouteRun,
  note: string,
  shares: { shareOfHello: number; cpuCostOfHello: number | null } | null,
  targets: string,
): Cell[] {
  return [
    note ? `${run.path} ${note}` : run.path,
    formatInteger(run.requestsPerSecond),
    shares ? formatFixed(shares.shareOfHello, 2) : "",
    formatCpuMs(run.cpuMsPerRequest),
    shares?.cpuCostOfHello != null ? formatFixed(shares.cpuCostOfHello, 1) : "",
    formatFixed(run.p50Ms, 1),
    formatFixed(run.p99Ms, 1),
    formatFixed(run.maxMs, 0),
    formatInteger(run.non2xx),
    formatInteger(run.errors),
    `${formatFixed(run.cold.ms, 0)}${run.cold.status === 200 ? "" : ` (${run.cold.status})`}`,
    formatFixed(run.bytesPerResponse / 1024, 1),
    targets,
  ];
}

function formatCpuMs(ms: number | null): string {
  return ms === null ? "n/a" : formatFixed(ms, 2);
}

function formatRouteVerdict(run: RouteRun & { shareOfHello: number }): string {
  const checks = [`2xx ${verdict(run.non2xx === 0 && run.errors === 0)}`];
  if (run.minShareOfHello !== undefined)
    checks.push(`≥${run.minShareOfHello}× ${verdict(run.shareOfHello >= run.minShareOfHello)}`);
  checks.push(`p99 ${verdict(run.p99Ms <= (run.maxP99Ms ?? ROUTE_MAX_P99_MS))}`);
  return checks.join(" ");
}

function formatFreshStart(fresh: FreshStart): string {
  const ok = fresh.secondsToFirstPage <= FRESH_START_MAX_S;
  return (
    `Fresh start (empty data dir, bundled sample, server from ${fresh.mode}): ${fresh.secondsToFirstPage.toFixed(1)} s ` +
    `to the first 200 on / (target ≤ ${FRESH_START_MAX_S} s) ${verdict(ok)}; peak RSS ${formatMiB(fresh.peakRssBytes)}`
  );
}
