import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { exactSearch, Index, MetricKind, ScalarKind } from "usearch";
import type { VectorIndex, VectorMatch } from "../../core/search/ports.js";
import { fingerprintFile, newGraphToken, readVectorFile, writeVectorFile, type SavedGraph } from "./vector-file.js";
import { createVectorSlots, type VectorSlots } from "./vector-slots.js";

/**
 * A vector index over usearch (https://github.com/unum-cloud/usearch): exact search over every vector up to
 * `exactUpTo` vectors, an HNSW graph (approximate, sub-linear) above. The vectors themselves live in this process
 * (see vector-slots.ts) and in `file`; the graph is built the first time it is needed, kept up to date after that,
 * and saved next to the vectors as `<file>.<token>.hnsw`, the token recorded in `file` so that a crash between the two
 * writes can never pair vectors with a graph of other vectors.
 */

export interface UsearchVectorIndexOptions {
  readonly file: string;
  readonly dimensions: number;
  /** Largest size searched exactly: an exact search over 100k × 256 takes ~10 ms; building the graph takes minutes. */
  readonly exactUpTo?: number;
  /** HNSW candidate list length while searching (usearch's default is 64); higher is slower and finds more. */
  readonly expansionSearch?: number;
}

export const DEFAULT_EXACT_UP_TO = 200_000;
/** One thread per search: the web process answers many searches at once on few cores. */
const SEARCH_THREADS = 1;
/** Zero lets usearch use every core while building the graph, a batch job. */
const BUILD_THREADS = 0;

export function openUsearchVectorIndex(options: UsearchVectorIndexOptions): VectorIndex {
  const { file, dimensions } = options;
  const exactUpTo = options.exactUpTo ?? DEFAULT_EXACT_UP_TO;
  const contents = existsSync(file) ? readVectorFile(file, dimensions) : null;
  const slots = createVectorSlots(dimensions, contents?.seqs, contents?.vectors);
  let graph = contents?.graph ? loadGraph(file, contents.graph, slots, options) : null;
  let isClosed = false;

  const ensureOpen = () => {
    if (isClosed) throw new Error(`vector index ${file} is closed`);
  };
  const ensureGraph = (): Index => {
    graph ??= buildGraph(slots, options);
    return graph;
  };

  return {
    dimensions,
    size: () => slots.size(),
    has: (seq) => slots.has(seq),
    get: (seq) => slots.get(seq),
    upsert(seqs, vectors) {
      ensureOpen();
      if (seqs.length !== vectors.length) throw new Error(`${seqs.length} seqs but ${vectors.length} vectors`);
      const latest = new Map<number, Float32Array>(); // a seq given twice keeps its last vector
      seqs.forEach((seq, i) => {
        assertUsableVector(vectors[i]!, dimensions, seq);
        latest.set(seq, vectors[i]!);
      });
      const added: { seq: number; vector: Float32Array }[] = [];
      for (const [seq, vector] of latest) {
        if (graph?.contains(BigInt(seq))) graph.remove(BigInt(seq));
        // A zero vector (a text without any known word) is similar to nothing: the paper is left out.
        if (isZero(vector)) slots.delete(seq);
        else added.push({ seq, vector: Float32Array.from(vector) });
      }
      for (const { seq, vector } of added) slots.put(seq, vector);
      if (graph && added.length > 0) addToGraph(graph, added);
    },
    remove(seqs) {
      ensureOpen();
      for (const seq of seqs) {
        if (slots.delete(seq) && graph?.contains(BigInt(seq))) graph.remove(BigInt(seq));
      }
    },
    nearest(vector, k) {
      ensureOpen();
      assertUsableVector(vector, dimensions, "query");
      if (k <= 0 || slots.size() === 0 || isZero(vector)) return [];
      if (slots.size() > exactUpTo) return searchGraph(ensureGraph(), vector, k);
      return searchExactly(slots, vector, k);
    },
    async save() {
      ensureOpen();
      if (slots.size() > exactUpTo) ensureGraph();
      const savedGraph = graph ? saveGraph(graph, file) : null;
      await writeVectorFile(file, { dimensions, seqs: slots.seqs(), vectors: slots.matrix(), graph: savedGraph });
      removeOtherGraphFiles(file, savedGraph?.token ?? null);
    },
    close() {
      isClosed = true;
      graph = null;
    },
  };
}

function createEmptyGraph(options: UsearchVectorIndexOptions): Index {
  return new Index({
    dimensions: options.dimensions,
    metric: MetricKind.Cos,
    quantization: ScalarKind.F32,
    connectivity: 0, // usearch's default (16 links per node)
    expansion_add: 0, // default (128)
    expansion_search: options.expansionSearch ?? 0, // 0: default (64)
    multi: false,
  });
}

function buildGraph(slots: VectorSlots, options: UsearchVectorIndexOptions): Index {
  const graph = createEmptyGraph(options);
  const seqs = slots.seqs();
  if (seqs.length > 0) graph.add(BigUint64Array.from(seqs, BigInt), Float32Array.from(slots.matrix()), BUILD_THREADS);
  return graph;
}

/** The graph saved with the vectors, if its file is intact; otherwise null (it is rebuilt when needed). */
function loadGraph(
  file: string,
  saved: SavedGraph,
  slots: VectorSlots,
  options: UsearchVectorIndexOptions,
): Index | null {
  const path = graphFile(file, saved.token);
  if (!existsSync(path)) return null;
  const found = fingerprintFile(path);
  if (found.byteLength !== saved.byteLength || found.crc32 !== saved.crc32) return null;
  const graph = createEmptyGraph(options);
  try {
    graph.load(path);
  } catch {
    return null;
  }
  const seqs = slots.seqs();
  if (graph.size() !== seqs.length) return null;
  const present = seqs.length === 0 ? [] : (graph.contains(BigUint64Array.from(seqs, BigInt)) as boolean[]);
  return present.every(Boolean) ? graph : null;
}

function addToGraph(graph: Index, added: { seq: number; vector: Float32Array }[]): void {
  const keys = BigUint64Array.from(added, ({ seq }) => BigInt(seq));
  const matrix = new Float32Array(added.length * graph.dimensions());
  added.forEach(({ vector }, i) => matrix.set(vector, i * vector.length));
  graph.add(keys, matrix, BUILD_THREADS);
}

function searchGraph(graph: Index, vector: Float32Array, k: number): VectorMatch[] {
  const matches = graph.search(vector, k, SEARCH_THREADS);
  return Array.from(matches.keys, (key, i) => ({ seq: Number(key), similarity: 1 - matches.distances[i]! }));
}

function searchExactly(slots: VectorSlots, vector: Float32Array, k: number): VectorMatch[] {
  // usearch's exactSearch reads typed arrays from the start of their buffer, ignoring byteOffset (2.25.3):
  // slots.matrix() starts at byte 0 by design, and the query is copied to make sure of it.
  const count = Math.min(k, slots.size());
  const query = Float32Array.from(vector);
  const matches = exactSearch(slots.matrix(), query, slots.dimensions, count, MetricKind.Cos, SEARCH_THREADS);
  return Array.from(matches.keys, (row, i) => ({
    seq: slots.seqAt(Number(row)),
    similarity: 1 - matches.distances[i]!,
  }));
}

function saveGraph(graph: Index, file: string): SavedGraph {
  const token = newGraphToken();
  const path = graphFile(file, token);
  graph.save(`${path}.tmp`);
  const fingerprint = fingerprintFile(`${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  return { token, ...fingerprint };
}

function graphFile(file: string, token: string): string {
  return `${file}.${token}.hnsw`;
}

/** Graph files of earlier saves (and of saves a crash interrupted) are no longer referenced: delete them. */
function removeOtherGraphFiles(file: string, keepToken: string | null): void {
  const base = basename(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const ownGraphFile = new RegExp(`^${base}\\.[0-9a-f]{8}\\.hnsw(\\.tmp)?$`);
  for (const name of readdirSync(dirname(file))) {
    if (!ownGraphFile.test(name) || (keepToken && name === basename(graphFile(file, keepToken)))) continue;
    rmSync(join(dirname(file), name), { force: true });
  }
}

function isZero(vector: Float32Array): boolean {
  return vector.every((value) => value === 0);
}

function assertUsableVector(vector: Float32Array, dimensions: number, what: number | string): void {
  if (vector.length !== dimensions) {
    throw new Error(`vector for ${what} has ${vector.length} dimensions, the index ${dimensions}`);
  }
  if (!vector.every(Number.isFinite)) throw new Error(`vector for ${what} contains NaN or infinity`);
}
