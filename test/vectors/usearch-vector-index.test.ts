import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { VectorMatch } from "../../src/core/search/ports.js";
import { openUsearchVectorIndex } from "../../src/adapters/vectors/usearch-vector-index.js";
import { VectorFileError } from "../../src/adapters/vectors/vector-file.js";

const DIMENSIONS = 32;

function randomUnitVectors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: DIMENSIONS }, next);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

/** The k most similar of `vectors` by plain dot product: what every index must agree with. */
function bruteForceNearest(vectors: Float32Array[], seqs: number[], query: Float32Array, k: number): number[] {
  return vectors
    .map((vector, i) => ({ seq: seqs[i]!, similarity: vector.reduce((sum, value, d) => sum + value * query[d]!, 0) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map(({ seq }) => seq);
}

const seqsOf = (matches: VectorMatch[]) => matches.map(({ seq }) => seq);

describe("usearch vector index", () => {
  let folder: string;
  before(async () => (folder = await mkdtemp(join(tmpdir(), "paperboy-vectors-"))));
  after(() => rm(folder, { recursive: true, force: true }));

  it("finds exactly the brute-force top 10 while at most exactUpTo vectors, with cosine similarities", () => {
    const vectors = randomUnitVectors(2000, 1);
    const seqs = vectors.map((_, i) => 10 + i * 3);
    const index = openUsearchVectorIndex({ file: join(folder, "exact.vectors"), dimensions: DIMENSIONS });
    index.upsert(seqs, vectors);
    assert.equal(index.size(), 2000);
    for (const query of randomUnitVectors(20, 2)) {
      const matches = index.nearest(query, 10);
      assert.deepEqual(seqsOf(matches), bruteForceNearest(vectors, seqs, query, 10));
      const best = vectors[seqs.indexOf(matches[0]!.seq)]!;
      const expected = best.reduce((sum, value, d) => sum + value * query[d]!, 0);
      assert.ok(Math.abs(matches[0]!.similarity - expected) < 1e-5);
    }
    index.close();
  });

  it("uses an HNSW graph above exactUpTo with recall@10 of at least 0.95, and keeps it across save and reopen", async () => {
    const file = join(folder, "graph.vectors");
    const vectors = randomUnitVectors(5000, 3);
    const seqs = vectors.map((_, i) => i + 1);
    const index = openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 500 });
    index.upsert(seqs, vectors);
    const queries = randomUnitVectors(50, 4);
    let found = 0;
    for (const query of queries) {
      const expected = new Set(bruteForceNearest(vectors, seqs, query, 10));
      found += seqsOf(index.nearest(query, 10)).filter((seq) => expected.has(seq)).length;
    }
    assert.ok(found / (queries.length * 10) >= 0.95, `recall@10 ${found / (queries.length * 10)}`);
    await index.save();
    const graphFiles = readdirSync(folder).filter(
      (name) => name.startsWith("graph.vectors.") && name.endsWith(".hnsw"),
    );
    assert.equal(graphFiles.length, 1);
    const reopened = openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 500 });
    for (const query of queries.slice(0, 5)) assert.deepEqual(reopened.nearest(query, 10), index.nearest(query, 10));
    await reopened.save(); // a second save replaces the graph file, leaving one
    assert.equal(readdirSync(folder).filter((name) => name.endsWith(".hnsw")).length, 1);
  });

  it("rebuilds the graph when its file is damaged, instead of loading it", async () => {
    const file = join(folder, "damaged-graph.vectors");
    const vectors = randomUnitVectors(800, 10);
    const seqs = vectors.map((_, i) => i);
    const index = openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 500 });
    index.upsert(seqs, vectors);
    await index.save();
    const [graphName] = readdirSync(folder).filter(
      (name) => name.startsWith("damaged-graph.") && name.endsWith(".hnsw"),
    );
    const graphPath = join(folder, graphName!);
    const graphBytes = await readFile(graphPath);
    await writeFile(graphPath, graphBytes.subarray(0, graphBytes.length >> 1)); // usearch's load() would crash on it
    const reopened = openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 500 });
    assert.equal(reopened.nearest(vectors[17]!, 1)[0]!.seq, 17);
    await reopened.save();
    const graphFiles = readdirSync(folder).filter((name) => name.endsWith(".hnsw"));
    assert.equal(graphFiles.filter((name) => name.startsWith("damaged-graph.vectors.")).length, 1);
    assert.equal(
      graphFiles.filter((name) => name.startsWith("graph.vectors.")).length,
      1,
      "another index's graph stays",
    );
  });

  it("saves and reopens vectors, removes and replaces them", async () => {
    const file = join(folder, "edits.vectors");
    const vectors = randomUnitVectors(300, 6);
    const seqs = vectors.map((_, i) => i);
    const index = openUsearchVectorIndex({ file, dimensions: DIMENSIONS });
    index.upsert(seqs, vectors);
    index.remove([5, 7, 999]);
    const replacement = randomUnitVectors(1, 7)[0]!;
    index.upsert([9], [replacement]);
    await index.save();
    index.close();
    assert.throws(() => index.nearest(replacement, 1), /closed/);

    const reopened = openUsearchVectorIndex({ file, dimensions: DIMENSIONS });
    assert.equal(reopened.size(), 298);
    assert.equal(reopened.has(5), false);
    assert.equal(reopened.get(7), null);
    assert.deepEqual(reopened.get(9), replacement);
    assert.deepEqual(reopened.get(200), vectors[200]);
    assert.equal(reopened.nearest(replacement, 1)[0]!.seq, 9);
    assert.ok(reopened.nearest(replacement, 1)[0]!.similarity > 0.9999);
    assert.ok(!seqsOf(reopened.nearest(vectors[5]!, 300)).includes(5));
  });

  it("leaves out zero vectors and answers a zero query with nothing", () => {
    const index = openUsearchVectorIndex({ file: join(folder, "zero.vectors"), dimensions: DIMENSIONS });
    const [vector] = randomUnitVectors(1, 8);
    index.upsert([1, 2], [vector!, new Float32Array(DIMENSIONS)]);
    assert.equal(index.has(2), false);
    assert.equal(index.size(), 1);
    index.upsert([1], [new Float32Array(DIMENSIONS)]); // the text lost all its known words
    assert.equal(index.has(1), false);
    assert.deepEqual(index.nearest(new Float32Array(DIMENSIONS), 5), []);
    assert.throws(() => index.upsert([3], [new Float32Array(4)]), /4 dimensions, the index 32/);
  });

  it("keeps large seqs exact", async () => {
    const file = join(folder, "large.vectors");
    const index = openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 0 });
    const big = 2 ** 40 + 1;
    const [vector] = randomUnitVectors(1, 9);
    index.upsert([big], [vector!]);
    await index.save();
    assert.deepEqual(
      seqsOf(openUsearchVectorIndex({ file, dimensions: DIMENSIONS, exactUpTo: 0 }).nearest(vector!, 1)),
      [big],
    );
  });

  it("refuses a damaged vector file or one of other dimensions, naming it", async () => {
    const file = join(folder, "edits.vectors");
    assert.throws(() => openUsearchVectorIndex({ file, dimensions: 64 }), /holds 32-dimensional vectors/);
    const bytes = await readFile(file);
    const truncated = join(folder, "truncated.vectors");
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    assert.throws(
      () => openUsearchVectorIndex({ file: truncated, dimensions: DIMENSIONS }),
      (error: Error) => error instanceof VectorFileError && /truncated\.vectors: checksum mismatch/.test(error.message),
    );
    assert.equal(existsSync(join(folder, "missing.vectors")), false);
    assert.equal(openUsearchVectorIndex({ file: join(folder, "missing.vectors"), dimensions: DIMENSIONS }).size(), 0);
  });
});
