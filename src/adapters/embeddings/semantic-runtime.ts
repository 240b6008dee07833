import type { ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { SearchConfig } from "../../config.js";
import type { Embedder, EmbeddingSource, VectorIndex, VectorMatch } from "../../core/search/ports.js";
import type { SemanticSearcher } from "../../core/search/search-service.js";
import type { SemanticIndexProgress } from "../../core/search/semantic-indexer.js";
import type { Logger } from "../../lib/logger.js";
import { spawnModule } from "../../lib/start-worker.js";
import { openUsearchVectorIndex } from "../vectors/usearch-vector-index.js";
import { createConfiguredEmbedder } from "./create-embedder.js";
import { type SemanticBuildSummary, runSemanticBuild, semanticFiles } from "./semantic-build.js";
import type { SemanticBuildJob, SemanticBuildMessage } from "./semantic-build-process.js";

/**
 * Search by meaning in a running hub: the embedder and vector index a process searches with,
 * and the batch work that builds them. Building (training LSA, embedding papers, the HNSW
 * graph) runs in a child process on its own database connection; the searching process then
 * reopens the saved files. Other processes notice a newer index by its state file and reopen it.
 */

/** How often a search checks whether another process saved a newer index. */
const RELOAD_CHECK_MS = 30_000;

export interface SemanticRuntimeOptions {
  readonly config: SearchConfig;
  readonly directory: string;
  readonly source: EmbeddingSource;
  /** The SQLite file a child process can open; null (in-memory database) builds in this process. */
  readonly databaseFile: string | null;
  readonly logger: Logger;
}

export interface SemanticRefreshOptions {
  readonly rebuild?: boolean;
  readonly onProgress?: (progress: SemanticIndexProgress) => void;
}

export interface SemanticRuntime extends SemanticSearcher {
  /** Opens a saved index without building anything; false when there is none yet. */
  load(): Promise<boolean>;
  /** Brings the index up to date (or rebuilds it), then searches with it. Concurrent calls share one run. */
  refresh(options?: SemanticRefreshOptions): Promise<SemanticBuildSummary | null>;
  close(): void;
}

interface Loaded {
  readonly embedder: Embedder;
  readonly vectors: VectorIndex;
  readonly stateFile: string;
  readonly stateMtimeMs: number;
}

export function createSemanticRuntime(options: SemanticRuntimeOptions): SemanticRuntime {
  const { config, directory, source, logger } = options;
  let loaded: Loaded | null = null;
  let running: Promise<SemanticBuildSummary | null> | null = null;
  let lastReloadCheck = 0;
  const children = new Set<ChildProcess>();

  async function load(): Promise<boolean> {
    if (config.embedder === "off") return false;
    const embedder = await createConfiguredEmbedder(config, directory, source, false);
    if (embedder === null) return false;
    const files = semanticFiles(directory, embedder.id);
    const stateMtimeMs = mtimeOf(files.state);
    if (stateMtimeMs === null) return false;
    const vectors = openUsearchVectorIndex({ file: files.vectors, dimensions: embedder.dimensions });
    const previous = loaded;
    loaded = { embedder, vectors, stateFile: files.state, stateMtimeMs };
    previous?.vectors.close();
    return true;
  }

  async function build(refresh: SemanticRefreshOptions): Promise<SemanticBuildSummary> {
    const rebuild = refresh.rebuild ?? false;
    if (options.databaseFile === null) {
      return runSemanticBuild({
        config,
        directory,
        source,
        rebuild,
        ...(refresh.onProgress ? { onProgress: refresh.onProgress } : {}),
      });
    }
    const job: SemanticBuildJob = { databaseFile: options.databaseFile, config, directory, rebuild };
    return runBuildProcess(job, refresh.onProgress, children);
  }

  /** Another process (the worker role) may have saved a newer index: reopen it. */
  async function reloadIfNewer(): Promise<void> {
    const now = Date.now();
    if (running !== null || now - lastReloadCheck < RELOAD_CHECK_MS) return;
    lastReloadCheck = now;
    const current = loaded;
    const mtime = current === null ? null : mtimeOf(current.stateFile);
    if (current === null || (mtime !== null && mtime !== current.stateMtimeMs)) {
      await load().catch((error: unknown) => logger.warn({ err: error }, "could not reopen the semantic index"));
    }
  }

  return {
    get embedderId() {
      return loaded?.embedder.id ?? null;
    },

    state() {
      if (config.embedder === "off") return "disabled";
      return loaded === null ? "building" : "ready";
    },

    indexedPapers() {
      return loaded?.vectors.size() ?? 0;
    },

    async matchText(text, k, alsoScore) {
      await reloadIfNewer();
      const current = loaded;
      if (current === null) return { nearest: [], similarity: new Map() };
      const query = await current.embedder.embedQuery(text);
      if (isZero(query)) return { nearest: [], similarity: new Map() };
      const similarity = new Map<number, number>();
      for (const seq of alsoScore) {
        const vector = current.vectors.get(seq);
        if (vector) similarity.set(seq, dot(query, vector));
      }
      return { nearest: current.vectors.nearest(query, k), similarity };
    },

    async nearestToPaper(seq, k): Promise<VectorMatch[] | null> {
      await reloadIfNewer();
      const vector = loaded?.vectors.get(seq);
      if (!loaded || !vector) return null;
      return loaded.vectors.nearest(vector, k);
    },

    load,

    refresh(refresh = {}) {
      if (config.embedder === "off") return Promise.resolve(null);
      running ??= build(refresh)
        .then(async (summary) => {
          if (summary.embedderId !== null) await load();
          return summary;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },

    close() {
      // A build still running is abandoned: its saved checkpoints let the next run resume.
      for (const child of children) child.kill("SIGTERM");
      loaded?.vectors.close();
      loaded = null;
    },
  };
}

/** Lines of stderr kept to explain a failed build. */
const STDERR_TAIL_LINES = 20;

function runBuildProcess(
  job: SemanticBuildJob,
  onProgress: ((progress: SemanticIndexProgress) => void) | undefined,
  children: Set<ChildProcess>,
): Promise<SemanticBuildSummary> {
  return new Promise((resolve, reject) => {
    const child = spawnModule(import.meta.url, "semantic-build-process", [JSON.stringify(job)]);
    children.add(child);
    let result: SemanticBuildMessage | null = null;
    const stderr: string[] = [];
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let message: SemanticBuildMessage;
      try {
        message = JSON.parse(line) as SemanticBuildMessage;
      } catch {
        return; // not ours (a library printing): ignore
      }
      if (message.type === "progress") {
        onProgress?.({
          phase: message.phase === "changes" ? "changes" : "papers",
          done: message.done,
          total: message.total,
        });
      } else result = message;
    });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      stderr.push(line);
      if (stderr.length > STDERR_TAIL_LINES) stderr.shift();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      children.delete(child);
      const outcome = result as SemanticBuildMessage | null;
      if (outcome?.type === "done") resolve(outcome.summary);
      else if (outcome?.type === "error") reject(new Error(`building the semantic index failed: ${outcome.message}`));
      else
        reject(new Error(`the semantic-index process exited (code ${code}) without finishing:\n${stderr.join("\n")}`));
    });
  });
}

function mtimeOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function isZero(vector: Float32Array): boolean {
  return vector.every((x) => x === 0);
}
