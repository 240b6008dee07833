import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MAX_SEARCH_LIMIT } from "../../src/core/search/search-service.js";
import type { SearchOutcome, SearchRequest } from "../../src/core/search/search-types.js";
import {
  type RandomSearchOptions,
  createRandom,
  pick,
  randomSearchOptions,
  randomSearchQuery,
} from "../helpers/hostile-queries.js";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/**
 * Feeds 100,000 seeded random and hostile searches through app.search.search (keyword mode,
 * random paging, sort, prefix, facets and highlight options) over a few hundred papers, then
 * 5,000 of them through GET /api/v1/search. Nothing may throw or answer 500; every outcome
 * must be a rejection with a message, or a page of at most `limit` hits.
 *
 * Every case has its own seed, printed with any failure. Replay one with
 *   SEARCH_FUZZ_SEED=<seed> node --import tsx --import ./test/helpers/no-network.ts --test test/search/search-fuzz.test.ts
 */

/** SEARCH_FUZZ_CASES overrides the count for a quick local run; the suite runs the default. */
const SERVICE_CASES = Number(process.env.SEARCH_FUZZ_CASES ?? 100_000);
const HTTP_CASES = 5_000;
const SERVICE_SEED = 0x5ea2_c400;
const HTTP_SEED = 0x47_7000;
/** Generated papers, on top of the test app's fixture. */
const PAPER_COUNT = 300;
const CORPUS_SEED = 0xc0_2b05;
/** The heavier options are rarer than in real traffic so that 100,000 searches fit the time budget. */
const OPTION_WEIGHTS = { trending: 0.08, facets: 0.08, highlight: 0.3 };
/** Failures listed in the assertion message; the rest are counted. */
const FAILURES_SHOWN = 10;
/**
 * A single search slower than this has hung or blown up (a normal one takes a few milliseconds).
 * Generous because the machine may be loaded; keyword-index.test.ts checks date-range cost itself.
 */
const SLOW_SEARCH_MS = 10_000;
const REPLAY_SEED = process.env.SEARCH_FUZZ_SEED === undefined ? null : Number(process.env.SEARCH_FUZZ_SEED);

const WORDS = [
  "diffusion",
  "models",
  "model",
  "attention",
  "transformer",
  "graph",
  "neural",
  "network",
  "quantum",
  "gravity",
  "entropy",
  "protein",
  "folding",
  "coral",
  "reef",
  "language",
  "learning",
  "reinforcement",
  "policy",
  "robot",
  "vision",
  "segmentation",
  "retrieval",
  "sparse",
  "dense",
  "kernel",
  "bayesian",
  "inference",
  "causal",
  "survey",
  "benchmark",
  "dataset",
  "optimal",
  "transport",
  "galaxy",
  "cluster",
  "dark",
  "matter",
  "black",
  "hole",
  "spin",
  "lattice",
  "topology",
  "manifold",
  "algebra",
  "prime",
  "number",
  "theory",
  "schrödinger",
  "équation",
  "naïve",
  "über",
  "深度",
  "学习",
  "مرحبا",
  "gpt-4",
  "state-of-the-art",
  "x-ray",
  "3d",
  "2024",
  "co2",
  "or",
  "and",
  "not",
  "near",
] as const;

const AUTHORS = [
  "Ada Lovelace",
  "Alan Turing",
  "Grace Hopper",
  "Zoë Ångström",
  "José Ramón Pérez",
  "Søren Kierkegaard",
  "Łukasz Kaiser",
  "Nguyễn Văn A",
  "Seán O'Brien",
  "李 小龙",
  "محمد علي",
  "Jean-Luc Picard",
  "<script>alert(1)</script>",
  'Robert "Bobby" Tables',
] as const;

const CATEGORY_LISTS = [
  ["cs.LG"],
  ["cs.CL", "cs.LG"],
  ["cs.CV"],
  ["stat.ML", "cs.LG"],
  ["hep-th"],
  ["hep-th", "gr-qc"],
  ["hep-ph"],
  ["math.AG"],
  ["math-ph", "math.MP"],
  ["physics.ao-ph"],
  ["q-bio.BM", "cs.LG"],
  ["astro-ph.CO"],
  ["cond-mat.stat-mech"],
  ["quant-ph", "cs.IT"],
  ["econ.TH"],
] as const;

/** A few hundred papers with the words, names and categories the queries draw from. */
function generatePapers(count: number): string[] {
  const random = createRandom(CORPUS_SEED);
  const words = (n: number) => Array.from({ length: n }, () => pick(random, WORDS)).join(" ");
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const year = 2019 + Math.floor(random() * 8);
    const month = 1 + Math.floor(random() * (year === 2026 ? 6 : 12));
    const day = 1 + Math.floor(random() * 28);
    const published = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const record: Record<string, unknown> = {
      id: `${String(year).slice(2)}${String(month).padStart(2, "0")}.${String(50_000 + i).padStart(5, "0")}`,
      title: `${words(2 + Math.floor(random() * 6))} ${random() < 0.1 ? "🙂 & <b>" : ""}`.trim(),
      abstract: words(Math.floor(random() * 80)),
      authors: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, AUTHORS)),
      categories: pick(random, CATEGORY_LISTS),
      published,
    };
    if (random() < 0.3) {
      record.github_repo = `fuzz-org/repo-${i}`;
      // Stars gained in the test clock's last weeks, so that sort=trending has scores to order by.
      if (random() < 0.5) {
        record.star_history = [
          ["2026-06-16", Math.floor(random() * 50)],
          ["2026-06-29", 50 + Math.floor(random() * 2_000)],
        ];
      }
    }
    if (random() < 0.1) record.daily_listings = [`2026-06-${String(20 + Math.floor(random() * 9))}`];
    lines.push(JSON.stringify(record));
  }
  return lines;
}

interface FuzzCase {
  readonly seed: number;
  readonly q: string;
  readonly options: RandomSearchOptions;
}

/** Everything about a case follows from its seed. */
function fuzzCase(seed: number): FuzzCase {
  const random = createRandom(seed);
  const q = randomSearchQuery(random, WORDS, AUTHORS);
  return { seed, q, options: randomSearchOptions(random, OPTION_WEIGHTS) };
}

function describeCase(c: FuzzCase): string {
  const q = c.q.length > 200 ? `${JSON.stringify(c.q.slice(0, 200))}… (${c.q.length} chars)` : JSON.stringify(c.q);
  return `seed ${c.seed} (SEARCH_FUZZ_SEED=${c.seed}): q=${q} options=${JSON.stringify(c.options)}`;
}

/** The outcome's problems; empty when it keeps the service's promises. */
function checkOutcome(c: FuzzCase, outcome: SearchOutcome): string[] {
  if (outcome.kind === "rejected") {
    return typeof outcome.message === "string" && outcome.message.trim() !== "" ? [] : ["rejected without a message"];
  }
  if (outcome.kind !== "results") return [`unknown outcome ${JSON.stringify(outcome).slice(0, 200)}`];
  const problems: string[] = [];
  const { hits, limit, offset, total } = outcome;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) problems.push(`limit ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) problems.push(`offset ${offset}`);
  if (hits.length > limit) problems.push(`${hits.length} hits > limit ${limit}`);
  if (!Number.isInteger(total) || total < 0) problems.push(`total ${total}`);
  else if (hits.length > Math.max(0, total - offset))
    problems.push(`${hits.length} hits at offset ${offset} of ${total}`);
  if ((outcome.facets !== null) !== (c.options.facets === true)) problems.push("facets not as asked");
  if (outcome.q !== c.q) problems.push("q not echoed");
  for (const hit of hits) {
    if (!hit.paper || typeof hit.paper.id !== "string") problems.push("hit without a paper");
    else if (hit.highlight !== null) {
      if (c.options.highlight !== true) problems.push("highlight not asked for");
      const title = hit.highlight.title.map((s) => s.text).join("");
      if (title !== hit.paper.title) problems.push(`highlighted title ${JSON.stringify(title)} is not the title`);
    }
  }
  return problems;
}

/** Failing cases: the first few in full, and how many there were of each kind of problem. */
function createFailureLog() {
  const shown: string[] = [];
  const kinds = new Map<string, number>();
  let count = 0;
  return {
    add(c: FuzzCase, problems: readonly string[], detail = ""): void {
      count++;
      for (const problem of problems) {
        const kind = (problem.split(" | ")[0] ?? problem).replace(/\d+/g, "#").slice(0, 120);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      if (shown.length < FAILURES_SHOWN) shown.push(`${describeCase(c)}${detail}: ${problems.join("; ")}`);
    },
    get count(): number {
      return count;
    },
    report(what: string): string {
      return `${count} ${what}; by kind ${JSON.stringify(Object.fromEntries(kinds))}; first ones:\n${shown.join("\n")}`;
    },
  };
}

describe("search fuzz", () => {
  let testApp: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    // The API's per-client rate limit would answer most of the requests below with 429; keyword
    // search only, so that no embedder is trained or becomes ready halfway through the run.
    testApp = await createTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: "0", PAPERBOY_EMBEDDER: "off" } });
    const summary = await testApp.app.importer.importLines(toSourceLines(generatePapers(PAPER_COUNT)));
    assert.equal(summary.inserted, PAPER_COUNT, JSON.stringify(summary));
  });

  const serviceCases = REPLAY_SEED === null ? SERVICE_CASES : 1;
  it(`app.search.search survives ${serviceCases} random and hostile searches`, async () => {
    const failures = createFailureLog();
    const counts = { rejected: 0, results: 0, withHits: 0 };
    let slowest = { ms: 0, seed: 0 };
    const started = performance.now();
    for (let i = 0; i < serviceCases; i++) {
      const c = fuzzCase(REPLAY_SEED ?? (SERVICE_SEED + i) >>> 0);
      const request: SearchRequest = { q: c.q, ...c.options };
      const searchStarted = performance.now();
      let problems: string[];
      try {
        const outcome = await testApp.app.search.search(request);
        problems = checkOutcome(c, outcome);
        if (outcome.kind === "rejected") counts.rejected++;
        else {
          counts.results++;
          if (outcome.hits.length > 0) counts.withHits++;
        }
      } catch (error) {
        problems = [`threw ${(error as Error).stack?.split("\n").slice(0, 3).join(" | ") ?? String(error)}`];
      }
      const ms = performance.now() - searchStarted;
      if (ms > slowest.ms) slowest = { ms, seed: c.seed };
      if (ms > SLOW_SEARCH_MS) problems.push(`took ${Math.round(ms)} ms`);
      if (problems.length > 0) failures.add(c, problems);
    }
    const elapsed = performance.now() - started;
    const rate = Math.round(serviceCases / (elapsed / 1000));
    const summary =
      `${serviceCases} searches in ${Math.round(elapsed)} ms (${rate}/s; slowest ${Math.round(slowest.ms)} ms, ` +
      `seed ${slowest.seed}); ${counts.rejected} rejected, ${counts.results} results, ${counts.withHits} with hits`;
    process.stderr.write(`# ${summary}\n`);
    assert.equal(failures.count, 0, `${failures.report("failing searches")}\n${summary}`);
    if (REPLAY_SEED === null) {
      // The generator must reach the interesting paths, or the run proves little.
      assert.ok(counts.withHits > serviceCases / 5, summary);
      assert.ok(counts.rejected > serviceCases / 50, summary);
    }
  });

  it(`GET /api/v1/search never answers 500 for ${HTTP_CASES} random and hostile searches`, async (ctx) => {
    const probe = await testApp.request("/api/v1/search?q=probe");
    if (probe.status === 404) {
      ctx.skip("GET /api/v1/search answers 404: the search API is not there yet");
      return;
    }
    const failures = createFailureLog();
    const statuses = new Map<number, number>();
    const started = performance.now();
    const cases = REPLAY_SEED === null ? HTTP_CASES : 1;
    for (let i = 0; i < cases; i++) {
      const c = fuzzCase(REPLAY_SEED ?? (HTTP_SEED + i) >>> 0);
      const random = createRandom(c.seed ^ 0x1234_5678);
      const params = new URLSearchParams({ q: c.q });
      if (c.options.mode) params.set("mode", c.options.mode);
      if (c.options.sort) params.set("sort", c.options.sort);
      const limit = c.options.limit;
      if (limit !== undefined) params.set("limit", String(limit));
      if (c.options.offset !== undefined) {
        // The API pages by page number; sometimes pass the raw, possibly invalid, number instead.
        const perPage = limit !== undefined && limit >= 1 ? Math.floor(limit) : 20;
        const page = random() < 0.8 ? Math.floor(c.options.offset / perPage) + 1 : c.options.offset;
        params.set("page", String(page));
      }
      const flag = (value: boolean | undefined) =>
        value === undefined ? null : random() < 0.9 ? String(value) : pick(random, ["1", "0", "yes", "", "TRUE"]);
      for (const [name, value] of [
        ["prefix", flag(c.options.prefix)],
        ["facets", flag(c.options.facets)],
        ["highlight", flag(c.options.highlight)],
      ] as const) {
        if (value !== null) params.set(name, value);
      }
      try {
        const res = await testApp.request(`/api/v1/search?${params}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = await res.text();
        if (res.status >= 500) failures.add(c, [`status ${res.status}`], ` ?${params} → ${body.slice(0, 200)}`);
      } catch (error) {
        failures.add(c, [`threw ${(error as Error).message}`], ` ?${params}`);
      }
    }
    const elapsed = performance.now() - started;
    const summary = `${cases} requests in ${Math.round(elapsed)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`;
    process.stderr.write(`# ${summary}\n`);
    assert.equal(failures.count, 0, `${failures.report("requests failed")}\n${summary}`);
    if (REPLAY_SEED === null) assert.ok((statuses.get(200) ?? 0) > cases / 5, summary);
  });
});
