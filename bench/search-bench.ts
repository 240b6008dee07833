/**
 * Keyword search latency on the fixed 200-query mix (../shared/bench/queries-200.json), with
 * and without filters, beside raw FTS5 (`ORDER BY bm25 LIMIT 10`, same weights, same index)
 * measured in the same run, query by query, alternating which goes first. Also reports the
 * impact-list build time and how often our top 10 equals FTS5's.
 *
 *   node --import tsx bench/search-bench.ts --db FILE [--rounds 2] [--reuse-lists]
 *
 * The lists' memory is the product's setting (SEARCH_LIST_CACHE_MB, default 256): a bigger
 * collection reads bigger lists, so the report prints it beside the process's RSS.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openSqliteDatabase, type SqliteDatabase } from "../src/adapters/storage/sqlite/sqlite-database.js";
import { applySqliteMigrations } from "../src/adapters/storage/sqlite/sqlite-migrations.js";
import { BM25 } from "../src/adapters/storage/sqlite/search/bm25.js";
import { compileSearch } from "../src/adapters/storage/sqlite/search/fts5-search-match.js";
import { buildImpactLists } from "../src/adapters/storage/sqlite/search/sqlite-impact-lists.js";
import { createSqliteKeywordIndex } from "../src/adapters/storage/sqlite/search/sqlite-keyword-index.js";
import { parseSearchQuery } from "../src/core/search/parse-search-query.js";
import { loadConfig } from "../src/config.js";
import { percentile } from "./stats.js";

const QUERY_MIX = new URL("../../shared/bench/queries-200.json", import.meta.url);
/** Filters added to every query in the filtered run: popular categories and two-year windows. */
const FILTER_CATEGORIES = ["cs.LG", "cs.CV", "cs.CL", "hep-th", "quant-ph", "math.OC", "astro-ph.GA", "stat.ML"];
const K = 10;

interface MixQuery {
  kind: string;
  terms: string[];
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Per kind of query: median and worst time, ours and raw. */
type KindMedians = Record<string, { ours: number; raw: number; oursMax: number; rawMax: number }>;

export interface SearchBenchResults {
  papers: number;
  listBuild: { seconds: number; atoms: number; words: number; pairs: number };
  unfiltered: {
    ours: LatencySummary;
    raw: LatencySummary;
    overlap: number;
    byKind: KindMedians;
  };
  filtered: { ours: LatencySummary; raw: LatencySummary; overlap: number; byKind: KindMedians };
  rssMiB: number;
  listCacheMiB: number;
}

function summarise(ms: number[]): LatencySummary {
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), p99: percentile(ms, 0.99), max: Math.max(...ms) };
}

function toQueryText(query: MixQuery): string {
  return query.kind === "phrase" ? `"${query.terms.join(" ")}"` : query.terms.join(" ");
}

function filterFor(i: number): string {
  const category = FILTER_CATEGORIES[i % FILTER_CATEGORIES.length];
  const from = 2010 + (i % 15);
  return ` cat:${category} from:${from}-01 to:${from + 1}-12`;
}

function timed<T>(run: () => T): [number, T] {
  const started = process.hrtime.bigint();
  const value = run();
  return [Number(process.hrtime.bigint() - started) / 1e6, value];
}

/** Share of our top 10 that FTS5 ranks in its top 10, counting ties at the 10th score as agreement. */
function agreement(ours: Array<{ seq: number; score: number }>, raw: Array<{ seq: number; score: number }>): number {
  if (raw.length === 0) return ours.length === 0 ? 1 : 0;
  const rawSeqs = new Set(raw.map((r) => r.seq));
  const tenth = raw[raw.length - 1]?.score ?? 0;
  const agreeing = ours.filter((o) => rawSeqs.has(o.seq) || o.score >= tenth - 1e-9 * Math.abs(tenth)).length;
  return Math.min(1, agreeing / raw.length);
}

async function runMix(
  db: SqliteDatabase,
  queries: readonly MixQuery[],
  filtered: boolean,
  rounds: number,
  listCacheBytes: number,
) {
  const index = createSqliteKeywordIndex(db, null, { listCacheBytes });
  const raw = db.prepare<[string], { seq: number; score: number }>(
    `SELECT rowid AS seq, ${BM25} AS score FROM paper_search WHERE paper_search MATCH ? ORDER BY score LIMIT ${K}`,
  );
  const ours: number[] = [];
  const baseline: number[] = [];
  const overlaps: number[] = [];
  const byKind: Record<string, { ours: number[]; raw: number[] }> = {};
  for (let round = 0; round < rounds; round++) {
    const measured = round === rounds - 1; // earlier rounds warm the page cache for both
    for (const [i, query] of queries.entries()) {
      const parsed = parseSearchQuery(toQueryText(query) + (filtered ? filterFor(i) : ""));
      const match = compileSearch(parsed, false, 2026).match ?? "";
      const runOurs = async () => {
        const started = process.hrtime.bigint();
        const result = await index.search({ query: parsed, sort: "relevance", offset: 0, limit: K, prefixLast: false });
        return [Number(process.hrtime.bigint() - started) / 1e6, result] as const;
      };
      const runRaw = () => timed(() => raw.all(match).map((r) => ({ seq: r.seq, score: -r.score })));
      let oursMs: number;
      let rawMs: number;
      let oursHits: Array<{ seq: number; score: number }>;
      let rawHits: Array<{ seq: number; score: number }>;
      if (i % 2 === 0) {
        const [a, result] = await runOurs();
        [rawMs, rawHits] = runRaw();
        oursMs = a;
        oursHits = result.hits;
      } else {
        [rawMs, rawHits] = runRaw();
        const [a, result] = await runOurs();
        oursMs = a;
        oursHits = result.hits;
      }
      if (!measured) continue;
      ours.push(oursMs);
      baseline.push(rawMs);
      overlaps.push(agreement(oursHits, rawHits));
      const kind = (byKind[query.kind] ??= { ours: [], raw: [] });
      kind.ours.push(oursMs);
      kind.raw.push(rawMs);
    }
  }
  const kinds = Object.fromEntries(
    Object.entries(byKind).map(([kind, t]) => [
      kind,
      {
        ours: percentile(t.ours, 0.5),
        raw: percentile(t.raw, 0.5),
        oursMax: Math.max(...t.ours),
        rawMax: Math.max(...t.raw),
      },
    ]),
  );
  return {
    ours: summarise(ours),
    raw: summarise(baseline),
    overlap: overlaps.reduce((a, b) => a + b, 0) / Math.max(1, overlaps.length),
    byKind: kinds,
  };
}

export async function benchSearch(dbFile: string, rounds = 2, reuseLists = false): Promise<SearchBenchResults> {
  const db = openSqliteDatabase(dbFile);
  applySqliteMigrations(db);
  db.pragma("cache_size = -262144");
  try {
    const queries = JSON.parse(readFileSync(QUERY_MIX, "utf8")) as MixQuery[];
    const papers = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM papers").get()?.n ?? 0;
    const built = reuseLists ? existingLists(db) : buildLists(db, papers);
    console.error(`search bench: ${queries.length} queries × ${rounds} rounds, unfiltered then filtered`);
    const { searchListCacheBytes } = loadConfig();
    const unfiltered = await runMix(db, queries, false, rounds, searchListCacheBytes);
    const filtered = await runMix(db, queries, true, rounds, searchListCacheBytes);
    return {
      papers,
      listBuild: { seconds: built.seconds, atoms: built.atoms, words: built.words, pairs: built.pairs },
      unfiltered,
      filtered: { ours: filtered.ours, raw: filtered.raw, overlap: filtered.overlap, byKind: filtered.byKind },
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      listCacheMiB: Math.round(searchListCacheBytes / 2 ** 20),
    };
  } finally {
    db.close();
  }
}

function buildLists(db: SqliteDatabase, papers: number) {
  console.error(`search bench: building impact lists over ${papers.toLocaleString("en")} papers`);
  const built = buildImpactLists(db, {
    onProgress: (done, total) => {
      if (done % 200 === 0) console.error(`  lists ${done}/${total}`);
    },
  });
  return { ...built, pairs: built.pairs + built.phrases };
}

/** For re-running queries on a database whose lists are current (`--reuse-lists`): build time unknown. */
function existingLists(db: SqliteDatabase) {
  const atoms = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM search_impact_lists").get()?.n ?? 0;
  const words =
    db.prepare<[], { n: number }>("SELECT count(*) AS n FROM search_impact_lists WHERE atom NOT LIKE '% %'").get()?.n ??
    0;
  return { seconds: Number.NaN, atoms, words, pairs: atoms - words };
}

export function formatSearchReport(r: SearchBenchResults): string {
  const f = (n: number) => n.toFixed(1).padStart(7);
  const row = (label: string, s: LatencySummary) => `${label.padEnd(28)}${f(s.p50)}${f(s.p95)}${f(s.p99)}${f(s.max)}`;
  const ratio = (a: LatencySummary, b: LatencySummary) =>
    `${"raw ÷ ours".padEnd(28)}${(b.p50 / a.p50).toFixed(2).padStart(7)}${(b.p95 / a.p95).toFixed(2).padStart(7)}${(b.p99 / a.p99).toFixed(2).padStart(7)}`;
  return [
    `Keyword search, ${r.papers.toLocaleString("en")} papers, 200-query mix, top ${K} (ms)`,
    `impact lists: ${r.listBuild.atoms} (${r.listBuild.words} words, ${r.listBuild.pairs} pairs and phrases) ${
      Number.isNaN(r.listBuild.seconds)
        ? "built before this run (--reuse-lists)"
        : `built in ${r.listBuild.seconds.toFixed(1)} s`
    }`,
    `${"".padEnd(28)}${"p50".padStart(7)}${"p95".padStart(7)}${"p99".padStart(7)}${"max".padStart(7)}`,
    row("ours", r.unfiltered.ours),
    row("raw FTS5 bm25", r.unfiltered.raw),
    ratio(r.unfiltered.ours, r.unfiltered.raw),
    `top-10 agreement with raw: ${r.unfiltered.overlap.toFixed(4)}`,
    row("ours, cat + date filter", r.filtered.ours),
    row("raw FTS5, same filter terms", r.filtered.raw),
    ratio(r.filtered.ours, r.filtered.raw),
    `filtered top-10 agreement: ${r.filtered.overlap.toFixed(4)}`,
    `median (max) by kind, ours / raw: ${byKind(r.unfiltered.byKind)}`,
    `filtered, median (max) by kind, ours / raw: ${byKind(r.filtered.byKind)}`,
    `process RSS: ${r.rssMiB} MiB (posting-list cache SEARCH_LIST_CACHE_MB=${r.listCacheMiB})`,
  ].join("\n");
}

function byKind(kinds: KindMedians): string {
  const ms = (median: number, max: number) => `${median.toFixed(1)} (${max.toFixed(0)})`;
  return Object.entries(kinds)
    .map(([k, v]) => `${k} ${ms(v.ours, v.oursMax)} / ${ms(v.raw, v.rawMax)}`)
    .join(", ");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { db: { type: "string" }, rounds: { type: "string", default: "2" }, "reuse-lists": { type: "boolean" } },
  });
  if (!values.db) {
    console.error("usage: node --import tsx bench/search-bench.ts --db FILE [--rounds 2] [--reuse-lists]");
    process.exitCode = 1;
  } else {
    console.log(
      formatSearchReport(await benchSearch(values.db, Number(values.rounds), values["reuse-lists"] ?? false)),
    );
  }
}
