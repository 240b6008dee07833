import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { createIndexerStateFile } from "../../src/adapters/embeddings/indexer-state-file.js";
import { createLsaEmbedder } from "../../src/adapters/embeddings/lsa/lsa-embedder.js";
import { trainLsaModel } from "../../src/adapters/embeddings/lsa/train-lsa-model.js";
import { openUsearchVectorIndex } from "../../src/adapters/vectors/usearch-vector-index.js";
import type {
  Embedder,
  EmbeddingChange,
  EmbeddingSource,
  EmbeddingText,
  VectorIndex,
} from "../../src/core/search/ports.js";
import { composeEmbeddingText, createSemanticIndexer } from "../../src/core/search/semantic-indexer.js";

const PAPER_COUNT = 300;

/** The first papers with an abstract from the bundled sample, numbered with gaps like a table after deletions. */
function readSamplePapers(): EmbeddingText[] {
  const lines = gunzipSync(readFileSync(new URL("../../sample-data/papers.jsonl.gz", import.meta.url)))
    .toString("utf8")
    .split("\n");
  const papers: EmbeddingText[] = [];
  for (const line of lines) {
    if (papers.length === PAPER_COUNT) break;
    const { title, abstract } = JSON.parse(line) as { title: string; abstract: string };
    if (abstract.trim()) papers.push({ seq: papers.length * 2 + 1, title, abstract });
  }
  return papers;
}

/** The storage port, in memory: a test double standing in for SQLite or Postgres. */
function createMemorySource(initial: EmbeddingText[]) {
  const papers = new Map(initial.map((paper) => [paper.seq, paper]));
  const changes: EmbeddingChange[] = [];
  const source: EmbeddingSource = {
    papersAfter: async (afterSeq, limit) =>
      [...papers.values()]
        .filter((paper) => paper.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit),
    changesAfter: async (afterChangeId, limit) => changes.filter((c) => c.changeId > afterChangeId).slice(0, limit),
    latestChangeId: async () => changes.at(-1)?.changeId ?? 0,
    samplePapers: async (limit) => [...papers.values()].slice(0, limit),
    countPapers: async () => papers.size,
  };
  const record = (seq: number, text: EmbeddingText | null) => {
    if (text) papers.set(seq, text);
    else papers.delete(seq);
    changes.push({ changeId: changes.length + 1, seq, text });
  };
  return { source, edit: (text: EmbeddingText) => record(text.seq, text), delete: (seq: number) => record(seq, null) };
}

/** The real embedder, counting what it embeds and failing on one chosen call (a crash halfway through a run). */
function instrument(embedder: Embedder, failOnCall?: number) {
  const embeddedTexts: string[] = [];
  let calls = 0;
  const wrapped: Embedder = {
    id: embedder.id,
    dimensions: embedder.dimensions,
    embedQuery: (text) => embedder.embedQuery(text),
    embedDocuments: async (texts) => {
      if (++calls === failOnCall) throw new Error("embedder crashed");
      embeddedTexts.push(...texts);
      return embedder.embedDocuments(texts);
    },
  };
  return { embedder: wrapped, embeddedTexts };
}

describe("semantic indexer", () => {
  let papers: EmbeddingText[];
  let lsa: Embedder;
  let folder: string;
  let vectors: VectorIndex;
  const stateFile = () => join(folder, "semantic-state.json");
  const openVectors = () => openUsearchVectorIndex({ file: join(folder, "papers.vectors"), dimensions: 32 });

  before(async () => {
    papers = readSamplePapers();
    lsa = createLsaEmbedder(await trainLsaModel(papers.map(composeEmbeddingText), { dimensions: 32 }));
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "paperboy-indexer-"));
    vectors = openVectors();
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("embeds every paper on the first sync and records how far it got", async () => {
    const { source } = createMemorySource(papers);
    const indexer = createSemanticIndexer({
      embedder: lsa,
      vectors,
      source,
      state: createIndexerStateFile(stateFile()),
      batchSize: 64,
    });
    const report = await indexer.sync();
    assert.deepEqual(report, { rebuilt: true, embedded: PAPER_COUNT, reembedded: 0, removed: 0 });
    assert.equal(vectors.size(), PAPER_COUNT);
    assert.deepEqual(await createIndexerStateFile(stateFile()).load(), {
      embedderId: lsa.id,
      lastSeq: papers.at(-1)!.seq,
      lastChangeId: 0,
    });
    assert.equal(openVectors().size(), PAPER_COUNT, "the vectors were saved");
    assert.deepEqual(await indexer.sync(), { rebuilt: false, embedded: 0, reembedded: 0, removed: 0 });
  });

  it("resumes an interrupted sync from its last checkpoint without embedding a paper twice", async () => {
    const { source } = createMemorySource(papers);
    const state = createIndexerStateFile(stateFile());
    const crashing = instrument(lsa, 4); // batches 1–3 succeed, the 4th call fails
    const first = createSemanticIndexer({
      embedder: crashing.embedder,
      vectors,
      source,
      state,
      batchSize: 50,
      checkpointEvery: 100,
    });
    await assert.rejects(first.sync(), /embedder crashed/);
    assert.equal((await state.load())!.lastSeq, papers[99]!.seq, "checkpoint after 100 papers, not after 150");

    const reopened = openVectors(); // as after a restart: what was saved at the checkpoint
    assert.equal(reopened.size(), 100);
    const resumed = instrument(lsa);
    const second = createSemanticIndexer({
      embedder: resumed.embedder,
      vectors: reopened,
      source,
      state,
      batchSize: 50,
    });
    const report = await second.sync();
    assert.equal(report.rebuilt, false);
    assert.equal(report.embedded, PAPER_COUNT - 100);
    assert.equal(resumed.embeddedTexts.length, PAPER_COUNT - 100);
    assert.equal(resumed.embeddedTexts[0], composeEmbeddingText(papers[100]!));
    assert.equal(reopened.size(), PAPER_COUNT);
  });

  it("re-embeds an edited paper and removes a deleted one", async () => {
    const memory = createMemorySource(papers);
    const indexer = createSemanticIndexer({
      embedder: lsa,
      vectors,
      source: memory.source,
      state: createIndexerStateFile(stateFile()),
      batchSize: 64,
    });
    await indexer.sync();
    const edited = { ...papers[10]!, title: papers[200]!.title, abstract: papers[200]!.abstract };
    memory.edit(edited);
    memory.delete(papers[20]!.seq);
    const report = await indexer.sync();
    assert.deepEqual(report, { rebuilt: false, embedded: 0, reembedded: 1, removed: 1 });
    assert.equal(vectors.has(papers[20]!.seq), false);
    assert.deepEqual(vectors.get(edited.seq), (await lsa.embedDocuments([composeEmbeddingText(edited)]))[0]);
    assert.equal((await createIndexerStateFile(stateFile()).load())!.lastChangeId, 2);
  });

  it("starts over when the embedder changed, dropping vectors of papers that no longer exist", async () => {
    const memory = createMemorySource(papers);
    const state = createIndexerStateFile(stateFile());
    await state.save({ embedderId: "lsa-32-000000000000", lastSeq: papers.at(-1)!.seq, lastChangeId: 0 });
    vectors.upsert([4], [(await lsa.embedDocuments(["stale paper\nno longer in the database"]))[0]!]); // between seqs 3 and 5
    const indexer = createSemanticIndexer({ embedder: lsa, vectors, source: memory.source, state, batchSize: 64 });
    const report = await indexer.sync();
    assert.equal(report.rebuilt, true);
    assert.equal(report.embedded, PAPER_COUNT);
    assert.equal(vectors.has(4), false);
    assert.equal((await state.load())!.embedderId, lsa.id);
  });

  it("finds a paper from its title, and similar papers without the paper itself", async () => {
    const { source } = createMemorySource(papers);
    const indexer = createSemanticIndexer({
      embedder: lsa,
      vectors,
      source,
      state: createIndexerStateFile(stateFile()),
      batchSize: 64,
    });
    await indexer.sync();
    let foundFirst = 0;
    for (const paper of papers.slice(0, 20)) {
      if ((await indexer.searchText(paper.title, 5))[0]?.seq === paper.seq) foundFirst++;
    }
    assert.ok(foundFirst >= 14, `found ${foundFirst} of 20 papers from their titles`);
    const similar = indexer.similarTo(papers[0]!.seq, 5);
    assert.equal(similar.length, 5);
    assert.ok(similar.every((match) => match.seq !== papers[0]!.seq));
    assert.deepEqual(indexer.similarTo(2, 5), [], "no vector for a seq without a paper");
    assert.deepEqual(await indexer.searchText("the of and", 5), []);
  });

  it("refuses a vector index of other dimensions before touching the state", async () => {
    const state = createIndexerStateFile(stateFile());
    const narrow = openUsearchVectorIndex({ file: join(folder, "narrow.vectors"), dimensions: 8 });
    const indexer = createSemanticIndexer({
      embedder: lsa,
      vectors: narrow,
      source: createMemorySource(papers).source,
      state,
      batchSize: 64,
    });
    await assert.rejects(indexer.sync(), /makes 32-dimensional vectors, the vector index holds 8/);
    assert.equal(await state.load(), null);
  });
});
