import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createTransformersEmbedder, ModelFolderError } from "../../src/adapters/embeddings/transformers-embedder.js";
import { writeTinyBertModelFolder } from "./tiny-bert-model-folder.js";

function assertClose(actual: Float32Array, expected: number[]): void {
  const norm = Math.hypot(...expected);
  assert.equal(actual.length, expected.length);
  expected.forEach((value, i) => assert.ok(Math.abs(actual[i]! - value / norm) < 1e-6, `${[...actual]} ≠ ${expected}`));
}

describe("createTransformersEmbedder", () => {
  let folder: string;
  before(async () => (folder = await mkdtemp(join(tmpdir(), "paperboy-transformers-"))));
  after(() => rm(folder, { recursive: true, force: true }));

  it("names the folder and every expected file when the model folder is missing", async () => {
    const missing = join(folder, "all-MiniLM-L6-v2");
    await assert.rejects(
      createTransformersEmbedder({ modelPath: missing, pooling: "mean", normalize: true }),
      (error) => {
        assert.ok(error instanceof ModelFolderError);
        assert.match(error.message, new RegExp(`model folder ${missing} is missing config\\.json, tokenizer\\.json, `));
        assert.match(error.message, /tokenizer_config\.json, onnx\/model\.onnx/);
        return true;
      },
    );
  });

  it("names only the missing files of an incomplete folder, per dtype", async () => {
    const incomplete = join(folder, "incomplete");
    await writeTinyBertModelFolder(incomplete);
    await rm(join(incomplete, "tokenizer.json"));
    await assert.rejects(
      createTransformersEmbedder({ modelPath: incomplete, pooling: "mean", normalize: true, dtype: "q8" }),
      /incomplete is missing tokenizer\.json, onnx\/model_quantized\.onnx; a transformers\.js/,
    );
  });

  it("refuses allowRemote without a model id to fetch", async () => {
    await assert.rejects(
      createTransformersEmbedder({ modelPath: folder, allowRemote: true, pooling: "mean", normalize: true }),
      /allowRemote needs modelId/,
    );
  });

  describe("with a tiny model whose token vectors are known", () => {
    let modelPath: string;
    before(async () => {
      modelPath = join(folder, "tiny-bert");
      await writeTinyBertModelFolder(modelPath);
    });

    it("mean-pools token vectors over the real tokens only, and normalises", async () => {
      const embedder = await createTransformersEmbedder({ modelPath, pooling: "mean", normalize: true, batchSize: 3 });
      assert.equal(embedder.dimensions, 4);
      assert.match(embedder.id, /^transformers:tiny-bert:mean:fp32:[0-9a-f]{12}$/);
      // One batch: "cat" is padded to the length of the longest text; [PAD]'s large vector must not count.
      const [cat, catDog, unknown] = await embedder.embedDocuments(["cat", "Cat dog", "neural graph zebra"]);
      assertClose(cat!, [1, 1, 1, 0]); // [CLS] + [SEP] + cat
      assertClose(catDog!, [1, 1, 1, 1]);
      assertClose(unknown!, [5, 2, 3, 3]); // [CLS] + neural + graph + [UNK] + [SEP]
      assertClose(await embedder.embedQuery("graph"), [1, 1, 2, 2]);
    });

    it("takes the [CLS] vector with cls pooling, and prefixes queries", async () => {
      const embedder = await createTransformersEmbedder({
        modelPath,
        pooling: "cls",
        normalize: true,
        queryPrefix: "dog ",
      });
      assertClose(await embedder.embedQuery("cat"), [1, 0, 0, 0]);
      assert.match(embedder.id, /:cls:/);
    });

    it("gives other weights in the same folder another id", async () => {
      const before = await createTransformersEmbedder({ modelPath, pooling: "mean", normalize: true });
      const copy = join(folder, "copy", "tiny-bert");
      await writeTinyBertModelFolder(copy);
      // An empty field 100, which protobuf readers skip: the same graph, other bytes.
      await writeFile(join(copy, "onnx", "model.onnx"), Uint8Array.from([0xa2, 0x06, 0x00]), { flag: "a" });
      const after = await createTransformersEmbedder({ modelPath: copy, pooling: "mean", normalize: true });
      assert.notEqual(after.id, before.id);
      assert.equal(after.id.split(":")[1], "tiny-bert");
    });
  });
});
