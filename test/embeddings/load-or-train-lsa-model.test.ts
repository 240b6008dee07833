import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadOrTrainLsaModel } from "../../src/adapters/embeddings/lsa/load-or-train-lsa-model.js";
import type { EmbeddingSource, EmbeddingText } from "../../src/core/search/ports.js";
import { generateTopicPapers } from "./synthetic-topic-papers.js";

describe("loadOrTrainLsaModel", () => {
  let folder: string;
  before(async () => (folder = await mkdtemp(join(tmpdir(), "paperboy-lsa-store-"))));
  after(() => rm(folder, { recursive: true, force: true }));

  it("trains on a sample of the papers once, then loads the saved model", async () => {
    const papers: EmbeddingText[] = generateTopicPapers(150).map((paper, i) => ({ seq: i + 1, ...paper }));
    const requested: number[] = [];
    const source: Pick<EmbeddingSource, "samplePapers"> = {
      samplePapers: async (limit) => {
        requested.push(limit);
        return papers.slice(0, limit).reverse(); // a random sample arrives in no particular order
      },
    };
    const file = join(folder, "model.lsa");
    const options = { file, source: source as EmbeddingSource, sampleSize: 120, training: { dimensions: 8 } };
    const trained = await loadOrTrainLsaModel(options);
    assert.equal(trained.metadata.documents, 120);
    const loaded = await loadOrTrainLsaModel(options);
    assert.deepEqual(requested, [120], "the second call loads the file instead of sampling again");
    assert.deepEqual(loaded.projection, trained.projection);
  });
});
