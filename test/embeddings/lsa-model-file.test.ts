import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { crc32 } from "node:zlib";
import { createLsaEmbedder } from "../../src/adapters/embeddings/lsa/lsa-embedder.js";
import type { LsaModel } from "../../src/adapters/embeddings/lsa/lsa-model.js";
import {
  decodeLsaModel,
  encodeLsaModel,
  loadLsaModel,
  LsaModelFileError,
  saveLsaModel,
} from "../../src/adapters/embeddings/lsa/lsa-model-file.js";
import { trainLsaModel } from "../../src/adapters/embeddings/lsa/train-lsa-model.js";
import { generateTopicPapers } from "./synthetic-topic-papers.js";

describe("LSA model file", () => {
  let model: LsaModel;
  let folder: string;
  before(async () => {
    const texts = generateTopicPapers(120).map((paper) => `${paper.title}\n${paper.abstract}`);
    model = await trainLsaModel(texts, { dimensions: 8, minDocumentFrequency: 2 });
    folder = await mkdtemp(join(tmpdir(), "paperboy-lsa-"));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  it("saves and loads a model unchanged, with the same embedder id", async () => {
    const file = join(folder, "model.lsa");
    await saveLsaModel(file, model);
    const loaded = await loadLsaModel(file);
    assert.deepEqual(loaded, model);
    assert.equal(createLsaEmbedder(loaded).id, createLsaEmbedder(model).id);
  });

  it("refuses a truncated file, naming it", async () => {
    const file = join(folder, "truncated.lsa");
    const bytes = encodeLsaModel(model);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    await assert.rejects(loadLsaModel(file), (error: Error) => {
      assert.ok(error instanceof LsaModelFileError);
      assert.match(error.message, /truncated\.lsa: checksum mismatch \(the file is truncated or damaged\)/);
      return true;
    });
  });

  it("refuses a file with a flipped byte", () => {
    const bytes = encodeLsaModel(model);
    bytes[bytes.length - 50]! ^= 0x40;
    assert.throws(() => decodeLsaModel(bytes, "damaged.lsa"), /checksum mismatch/);
  });

  it("refuses a file of another format version, saying which", () => {
    const bytes = encodeLsaModel(model);
    bytes.writeUInt32LE(2, 8);
    bytes.writeUInt32LE(crc32(bytes.subarray(0, bytes.length - 4)), bytes.length - 4);
    assert.throws(() => decodeLsaModel(bytes, "future.lsa"), /format version 2, but this version of paperboy reads 1/);
  });

  it("refuses a file that is not a model at all", async () => {
    const file = join(folder, "other.lsa");
    await writeFile(file, '{"not": "a model"}');
    await assert.rejects(loadLsaModel(file), /not an LSA model file/);
    assert.throws(() => decodeLsaModel(Buffer.alloc(3), "tiny.lsa"), /not an LSA model file/);
  });

  it("replaces an existing file whole", async () => {
    const file = join(folder, "replaced.lsa");
    await writeFile(file, "old contents");
    await saveLsaModel(file, model);
    assert.deepEqual(await readFile(file), encodeLsaModel(model));
  });
});
