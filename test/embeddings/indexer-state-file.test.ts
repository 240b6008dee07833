import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createIndexerStateFile } from "../../src/adapters/embeddings/indexer-state-file.js";

describe("indexer state file", () => {
  let folder: string;
  before(async () => (folder = await mkdtemp(join(tmpdir(), "paperboy-state-"))));
  after(() => rm(folder, { recursive: true, force: true }));

  it("has no state before the first save, then the last one saved, leaving no temporary file", async () => {
    const store = createIndexerStateFile(join(folder, "state.json"));
    assert.equal(await store.load(), null);
    await store.save({ embedderId: "lsa-256-abc", lastSeq: 10, lastChangeId: 2 });
    await store.save({ embedderId: "lsa-256-abc", lastSeq: 20, lastChangeId: 3 });
    assert.deepEqual(await store.load(), { embedderId: "lsa-256-abc", lastSeq: 20, lastChangeId: 3 });
    assert.deepEqual(await readdir(folder), ["state.json"]);
  });

  it("refuses a damaged or foreign file, naming it", async () => {
    for (const [name, contents] of [
      ["truncated.json", '{"embedderId": "lsa'],
      ["foreign.json", '{"embedderId": "lsa", "lastSeq": -1, "lastChangeId": 0}'],
    ]) {
      const file = join(folder, name!);
      await writeFile(file, contents!);
      await assert.rejects(createIndexerStateFile(file).load(), new RegExp(`${name} is unreadable: delete it`));
    }
  });
});
