// The hub's own search as evaluation systems: a paperboy app over a throwaway SQLite file with
// the corpus imported, queried through `app.search.search(request)` in each mode.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../src/app.js";
import { createSqliteStorage } from "../src/adapters/storage/sqlite/sqlite-storage.js";
import { loadConfig } from "../src/config.js";
import type { SourceLine } from "../src/core/papers/import-service.js";
import type { Paper } from "../src/core/papers/paper.js";
import type { SearchMode, SearchRejected, SearchRequest, SearchResults } from "../src/core/search/search-types.js";
import { createLogger } from "../src/lib/logger.js";
import type { EvalCorpus, SearchSystem, SearchSystemFactory } from "./eval-types.js";

/**
 * The part of a search outcome (src/core/search/search-types.ts) the evaluation reads; the
 * service's full SearchOutcome satisfies it.
 */
export type HubSearchOutcome =
  | Pick<SearchRejected, "kind" | "message">
  | (Pick<SearchResults, "kind" | "limit" | "fallback"> & {
      readonly hits: ReadonlyArray<{ readonly paper: Pick<Paper, "id"> }>;
    });

/** What the evaluation needs from the hub: `app.search.search(request)`. */
export interface HubSearch {
  search(request: SearchRequest): Promise<HubSearchOutcome>;
}

export interface HubSearchApp {
  readonly search: HubSearch;
}

export const HUB_MODES: readonly SearchMode[] = ["keyword", "semantic", "hybrid"];
/** Results asked for per request; pages continue with `offset` until k ids are collected. */
const HUB_PAGE_LIMIT = 100;
/** The evaluation app's clock: after the bundled sample's newest paper (2026-08-22). */
const EVAL_NOW = new Date("2026-09-01T00:00:00Z");

interface ModeProblems {
  fallbacks: Map<string, number>;
  rejections: Map<string, number>;
}

function countInto(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The problems as lines, and forgets them. */
function takeProblems(problems: ModeProblems): string[] {
  const lines = (label: string, counts: Map<string, number>) =>
    [...counts].map(([message, count]) => `${count} ${label}: ${message}`);
  const taken = [...lines("queries fell back", problems.fallbacks), ...lines("queries rejected", problems.rejections)];
  problems.fallbacks.clear();
  problems.rejections.clear();
  return taken;
}

/** One mode as a system returning hub paper ids; fallbacks and rejections are kept as notes. */
function hubModeSystem(app: HubSearchApp, mode: SearchMode): SearchSystem {
  const problems: ModeProblems = { fallbacks: new Map(), rejections: new Map() };
  return {
    name: `hub ${mode}`,
    takeNotes: () => takeProblems(problems),
    search: async (q, k) => {
      const ids: string[] = [];
      while (ids.length < k) {
        const outcome = await app.search.search({
          q,
          mode,
          offset: ids.length,
          limit: Math.min(HUB_PAGE_LIMIT, k - ids.length),
        });
        if (outcome.kind === "rejected") {
          countInto(problems.rejections, outcome.message);
          break;
        }
        if (outcome.fallback !== null && ids.length === 0) countInto(problems.fallbacks, outcome.fallback);
        ids.push(...outcome.hits.map((hit) => hit.paper.id));
        // A short page (the service may cap `limit`) or an empty one ends the ranking.
        if (outcome.hits.length === 0 || outcome.hits.length < outcome.limit) break;
      }
      return ids.slice(0, k);
    },
  };
}

/**
 * ── The plug-in point ── the hub's keyword, semantic and hybrid modes as evaluation systems,
 * each calling `app.search.search({ q, mode, offset, limit })` and returning hub paper ids
 * (arXiv ids), best first. A result whose `fallback` is set (the mode could not run) and a
 * rejected query are reported under the table rather than silently scored as the mode.
 */
export function hubSystems(app: HubSearchApp): SearchSystem[] {
  return HUB_MODES.map((mode) => hubModeSystem(app, mode));
}

function hasSearchMethod(value: unknown): value is HubSearch {
  return typeof value === "object" && value !== null && "search" in value && typeof value.search === "function";
}

/** The app's search service, or null while the hub has none (App has no `search` yet). */
export function readHubSearchApp(app: object): HubSearchApp | null {
  const search: unknown = "search" in app ? app.search : undefined;
  return hasSearchMethod(search) ? { search } : null;
}

/** Maps a system's hub paper ids back to the corpus's document ids (CISI numbers). */
export function withDocumentIds(system: SearchSystem, corpus: EvalCorpus): SearchSystem {
  let unmapped = 0;
  return {
    name: system.name,
    takeNotes: () => {
      const notes = [
        ...(system.takeNotes?.() ?? []),
        ...(unmapped > 0 ? [`${unmapped} results were not corpus papers`] : []),
      ];
      unmapped = 0;
      return notes;
    },
    search: async (query, k) =>
      (await system.search(query, k)).flatMap((paperId) => {
        const id = corpus.toDocumentId(paperId);
        if (id === null) unmapped++;
        return id === null ? [] : [id];
      }),
  };
}

function createEvalApp(dir: string): App {
  const config = loadConfig({ PAPERBOY_DATA_DIR: dir, PAPERBOY_SAMPLE_DATA: "0", LOG_LEVEL: "silent" });
  return createApp(config, {
    now: () => EVAL_NOW,
    logger: createLogger("silent"),
    storage: createSqliteStorage(join(dir, "eval.sqlite")),
    databaseFile: join(dir, "eval.sqlite"),
  });
}

async function* toSourceLines(records: Iterable<Readonly<Record<string, unknown>>>): AsyncIterable<SourceLine> {
  let number = 0;
  for (const record of records) yield { number: ++number, text: JSON.stringify(record) };
}

async function importCorpus(app: App, corpus: EvalCorpus): Promise<void> {
  const summary = await app.importer.importLines(toSourceLines(corpus.importRecords()));
  if (summary.rejected > 0 || summary.inserted !== corpus.documents.length) {
    throw new Error(
      `importing ${corpus.name} into the hub: ${summary.inserted} inserted, ${summary.rejected} rejected`,
    );
  }
}

/** Builds an app over a temporary SQLite file per corpus; "unavailable" while App has no search. */
export const hubSystemFactory: SearchSystemFactory = {
  name: "hub",
  build: async (corpus) => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-eval-"));
    const app = createEvalApp(dir);
    const release = async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const hub = readHubSearchApp(app);
      if (hub === null) {
        await release();
        return { unavailable: "the app has no `search` service yet (src/app.ts); only the baselines ran" };
      }
      await importCorpus(app, corpus);
      // Search by meaning needs the corpus embedded (and LSA trained on it) before answering.
      await app.syncSemanticIndex();
      return { systems: hubSystems(hub).map((system) => withDocumentIds(system, corpus)), close: release };
    } catch (error) {
      await release();
      throw error;
    }
  },
};
