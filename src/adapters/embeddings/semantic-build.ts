import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SearchConfig } from "../../config.js";
import type { EmbeddingSource } from "../../core/search/ports.js";
import { type SemanticIndexProgress, createSemanticIndexer } from "../../core/search/semantic-indexer.js";
import { DEFAULT_EXACT_UP_TO, openUsearchVectorIndex } from "../vectors/usearch-vector-index.js";
import { createConfiguredEmbedder, vectorFileStem } from "./create-embedder.js";
import { createIndexerStateFile } from "./indexer-state-file.js";

/** Papers embedded per call to the embedder. */
const EMBED_BATCH = 256;
/**
 * A checkpoint rewrites the whole vector file (1 GB at a million papers), so checkpoints are
 * spaced by a quarter of the collection: an interrupted build loses at most that much work,
 * and the writes stay proportional to the collection instead of growing with its square.
 */
const MIN_CHECKPOINT_EVERY = 10_000;
const CHECKPOINTS_PER_BUILD = 4;

export interface SemanticBuildOptions {
  readonly config: SearchConfig;
  readonly directory: string;
  readonly source: EmbeddingSource;
  /** Start over instead of adding what changed. */
  readonly rebuild: boolean;
  readonly onProgress?: (progress: SemanticIndexProgress) => void;
}

export interface SemanticBuildSummary {
  /** Null when there is nothing to embed yet (no papers, or search by meaning is off). */
  readonly embedderId: string | null;
  readonly embedded: number;
  readonly reembedded: number;
  readonly removed: number;
  readonly vectors: number;
}

export function semanticFiles(directory: string, embedderId: string) {
  const stem = vectorFileStem(embedderId);
  return { vectors: join(directory, `${stem}.bin`), state: join(directory, `${stem}.state.json`) };
}

/**
 * Trains the embedder's model if it needs one and has none, then brings the vector index up
 * to date (or rebuilds it) and saves it, HNSW graph included. A batch job: run it in a worker
 * thread or the worker role, never on a thread that answers requests.
 */
export async function runSemanticBuild(options: SemanticBuildOptions): Promise<SemanticBuildSummary> {
  mkdirSync(options.directory, { recursive: true });
  const embedder = await createConfiguredEmbedder(options.config, options.directory, options.source, true);
  if (embedder === null) return { embedderId: null, embedded: 0, reembedded: 0, removed: 0, vectors: 0 };
  const files = semanticFiles(options.directory, embedder.id);
  const vectors = openUsearchVectorIndex({ file: files.vectors, dimensions: embedder.dimensions });
  try {
    const indexer = createSemanticIndexer({
      embedder,
      vectors,
      source: options.source,
      state: createIndexerStateFile(files.state),
      batchSize: EMBED_BATCH,
      checkpointEvery: Math.max(
        MIN_CHECKPOINT_EVERY,
        Math.ceil((await options.source.countPapers()) / CHECKPOINTS_PER_BUILD),
      ),
    });
    const report = options.rebuild ? await indexer.rebuild(options.onProgress) : await indexer.sync(options.onProgress);
    if (vectors.size() > DEFAULT_EXACT_UP_TO) {
      // Searching builds the HNSW graph once; do it here so that saving stores it for readers.
      vectors.nearest(new Float32Array(embedder.dimensions).fill(1 / Math.sqrt(embedder.dimensions)), 1);
      await vectors.save();
    }
    return { embedderId: embedder.id, ...report, vectors: vectors.size() };
  } finally {
    vectors.close();
  }
}
