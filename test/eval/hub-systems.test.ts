import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isArxivId } from "../../src/core/papers/arxiv-id.js";
import { readPaperRecord } from "../../src/core/papers/paper-record.js";
import type { SearchRequest } from "../../src/core/search/search-types.js";
import { createCisiCorpus, fromSyntheticArxivId, toSyntheticArxivId } from "../../eval/datasets/cisi-corpus.js";
import {
  hubSystemFactory,
  hubSystems,
  readHubSearchApp,
  withDocumentIds,
  type HubSearchOutcome,
} from "../../eval/hub-systems.js";

/** A search service answering from a fixed ranking, `limit` at most 100 per page. */
function fakeSearch(ranking: readonly string[], fallback: string | null = null) {
  const requests: SearchRequest[] = [];
  const search = async (request: SearchRequest): Promise<HubSearchOutcome> => {
    requests.push(request);
    if (request.q === "") return { kind: "rejected", message: "The search is empty." };
    const offset = request.offset ?? 0;
    const limit = Math.min(request.limit ?? 20, 100);
    const hits = ranking.slice(offset, offset + limit).map((id) => ({ paper: { id } }));
    return { kind: "results", limit, hits, fallback };
  };
  return { app: { search: { search } }, requests };
}

describe("hubSystems", () => {
  it("gives one system per mode and pages with offset until k ids are collected", async () => {
    const ranking = Array.from({ length: 250 }, (_, i) => `2501.${String(i).padStart(5, "0")}`);
    const { app, requests } = fakeSearch(ranking);
    const systems = hubSystems(app);
    assert.deepEqual(
      systems.map((system) => system.name),
      ["hub keyword", "hub semantic", "hub hybrid"],
    );
    const ids = await systems[2]!.search("diffusion", 150);
    assert.deepEqual(ids, ranking.slice(0, 150));
    assert.deepEqual(
      requests.map((r) => [r.mode, r.offset, r.limit]),
      [
        ["hybrid", 0, 100],
        ["hybrid", 100, 50],
      ],
    );
  });

  it("notes fallbacks and rejected queries", async () => {
    const { app } = fakeSearch(["2501.00001"], "Search by meaning is not set up.");
    const [, semantic] = hubSystems(app);
    await semantic!.search("x", 10);
    await semantic!.search("", 10);
    assert.deepEqual(semantic!.takeNotes?.(), [
      "1 queries fell back: Search by meaning is not set up.",
      "1 queries rejected: The search is empty.",
    ]);
    assert.deepEqual(semantic!.takeNotes?.(), []);
  });

  it("maps hub ids back to corpus ids and counts the ones from elsewhere", async () => {
    const corpus = createCisiCorpus({ documents: [{ id: "7", title: "t", abstract: "a", authors: [] }] });
    const { app } = fakeSearch(["0801.0007", "2501.00001"]);
    const [keyword] = hubSystems(app).map((system) => withDocumentIds(system, corpus));
    assert.deepEqual(await keyword!.search("q", 10), ["7"]);
    assert.deepEqual(keyword!.takeNotes?.(), ["1 results were not corpus papers"]);
  });
});

describe("readHubSearchApp", () => {
  it("accepts only an app whose search has a search method", () => {
    assert.equal(readHubSearchApp({}), null);
    assert.equal(readHubSearchApp({ search: {} }), null);
    assert.equal(readHubSearchApp({ search: { search: "no" } }), null);
    assert.notEqual(readHubSearchApp(fakeSearch([]).app), null);
  });
});

describe("CISI in a hub", () => {
  it("maps document N to the valid arXiv id 0801.NNNN and back", () => {
    assert.equal(toSyntheticArxivId("7"), "0801.0007");
    assert.equal(toSyntheticArxivId("1460"), "0801.1460");
    assert.ok(isArxivId("0801.1460"));
    assert.equal(fromSyntheticArxivId("0801.0007"), "7");
    assert.equal(fromSyntheticArxivId("2501.00007"), null);
  });

  it("produces import records the hub accepts", () => {
    const corpus = createCisiCorpus({
      documents: [{ id: "12", title: "A title", abstract: "Text.", authors: ["Avram, H.D."] }],
    });
    const [record] = [...corpus.importRecords()];
    const imported = readPaperRecord(record, "2026-09-01");
    assert.equal(imported.paper.id, "0801.0012");
    assert.equal(corpus.toDocumentId(imported.paper.id), "12");
  });

  it("runs end to end through the app's keyword search over a temporary database", async () => {
    const corpus = createCisiCorpus({
      documents: [
        { id: "1", title: "Zebra stripes in catalogues", abstract: "Classification of zebra records.", authors: [] },
        { id: "2", title: "Library buildings", abstract: "Architecture of reading rooms.", authors: [] },
      ],
    });
    const built = await hubSystemFactory.build(corpus);
    if ("unavailable" in built) return; // the app has no search service: nothing to run
    try {
      const keyword = built.systems.find((system) => system.name === "hub keyword");
      assert.deepEqual(await keyword?.search("zebra", 10), ["1"]);
    } finally {
      await built.close();
    }
  });
});
