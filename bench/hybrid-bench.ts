/**
 * Hybrid against keyword search through the search service, on the 200-query mix, in the
 * same run: builds (or reuses) the semantic index of a data folder first, reporting its build
 * time and size.
 *
 *   node --import tsx bench/hybrid-bench.ts --data-dir DIR
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { SearchMode } from "../src/core/search/search-types.js";
import { createLogger } from "../src/lib/logger.js";
import { percentile } from "./stats.js";

const QUERY_MIX = new URL("../../shared/bench/queries-200.json", import.meta.url);

export interface HybridBenchResults {
  readonly papers: number;
  readonly semanticBuildSeconds: number;
  readonly embedder: string | null;
  readonly modes: Record<string, { p50: number; p95: number; p99: number }>;
}

export async function benchHybrid(dataDir: string): Promise<HybridBenchResults> {
  const config = loadConfig({ PAPERBOY_DATA_DIR: dataDir, PAPERBOY_SAMPLE_DATA: "0", LOG_LEVEL: "warn" });
  const app = createApp(config, { logger: createLogger("warn") });
  try {
    const started = Date.now();
    let lastReport = 0;
    await app.semantic?.refresh({
      onProgress: (p) => {
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          console.error(`  semantic ${p.phase}: ${p.done}${p.total ? `/${p.total}` : ""}`);
        }
      },
    });
    const semanticBuildSeconds = (Date.now() - started) / 1000;
    const queries = (JSON.parse(readFileSync(QUERY_MIX, "utf8")) as Array<{ kind: string; terms: string[] }>).map(
      (q) => (q.kind === "phrase" ? `"${q.terms.join(" ")}"` : q.terms.join(" ")),
    );
    const modes: SearchMode[] = ["keyword", "hybrid"];
    const times: Record<string, number[]> = { keyword: [], hybrid: [] };
    for (let round = 0; round < 2; round++) {
      for (const [i, q] of queries.entries()) {
        const order = i % 2 === 0 ? modes : [...modes].reverse();
        for (const mode of order) {
          const t = process.hrtime.bigint();
          await app.search.search({ q, mode, limit: 10 });
          if (round === 1) times[mode]?.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
    }
    const summary = (ms: number[]) => ({
      p50: percentile(ms, 0.5),
      p95: percentile(ms, 0.95),
      p99: percentile(ms, 0.99),
    });
    return {
      papers: await app.storage.papers.countPapers(),
      semanticBuildSeconds,
      embedder: app.search.status().embedder,
      modes: Object.fromEntries(Object.entries(times).map(([mode, ms]) => [mode, summary(ms)])),
    };
  } finally {
    await app.close();
  }
}

export function formatHybridReport(r: HybridBenchResults): string {
  const row = (mode: string) => {
    const m = r.modes[mode];
    return `${mode.padEnd(10)}${[m?.p50, m?.p95, m?.p99].map((v) => (v ?? NaN).toFixed(1).padStart(8)).join("")}`;
  };
  return [
    `Search service, ${r.papers.toLocaleString("en")} papers, 200-query mix, top 10 (ms); embedder ${r.embedder}`,
    `semantic index ready after ${r.semanticBuildSeconds.toFixed(1)} s (0 when it was current)`,
    `${"".padEnd(10)}${"p50".padStart(8)}${"p95".padStart(8)}${"p99".padStart(8)}`,
    row("keyword"),
    row("hybrid"),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" } } });
  if (!values["data-dir"]) {
    console.error("usage: node --import tsx bench/hybrid-bench.ts --data-dir DIR");
    process.exitCode = 1;
  } else {
    console.log(formatHybridReport(await benchHybrid(values["data-dir"])));
  }
}
