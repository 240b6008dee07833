import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Judgements } from "../../src/core/search/relevance-metrics.js";
import type { EvalCorpus, EvalDataset, EvalDocument, SearchSystemFactory } from "../../eval/eval-types.js";
import { createFts5Systems, buildAndMatchQuery, buildOrMatchQuery } from "../../eval/fts5-baseline.js";
import { formatDatasetReport } from "../../eval/format-report.js";
import { evaluateDatasets } from "../../eval/run-datasets.js";

const FILLER = "library catalogue records indexing subject headings classification retrieval";

/** 20 documents; only a few contain the rare words the queries use. */
function tinyDocuments(): EvalDocument[] {
  return Array.from({ length: 20 }, (_, i) => {
    const id = String(i + 1);
    const title = id === "3" ? "zebra stripes" : id === "5" ? "quokka" : `document ${id}`;
    const abstract =
      id === "9" ? `${FILLER} ${FILLER} a quokka appears once ${FILLER} ${FILLER}` : `${FILLER} number ${id}`;
    return { id, title, abstract, authors: [`Author ${id}`] };
  });
}

function tinyCorpus(): EvalCorpus {
  const documents = tinyDocuments();
  return {
    name: "tiny",
    documents,
    importRecords: () => [],
    toDocumentId: (id) => id,
  };
}

const equalWeightsOr: SearchSystemFactory = {
  name: "fts5 equal weights",
  build: async (corpus) =>
    createFts5Systems(corpus.documents, [{ weights: { title: 1, abstract: 1, authors: 1 }, mode: "or" }]),
};

function dataset(corpus: EvalCorpus, gain: "binary" | "graded", qrels: Record<string, Judgements>): EvalDataset {
  return {
    name: `tiny-${gain}`,
    description: "20 documents",
    corpus,
    queries: [
      { id: "q1", text: "zebra" },
      { id: "q2", text: "quokka" },
      { id: "q3", text: "narwhal" },
      { id: "q4", text: "zebra quokka" },
    ],
    qrels: new Map(Object.entries(qrels)),
    runDepth: 10,
    gain,
  };
}

describe("evaluateDatasets on a 20-document corpus", () => {
  it("scores FTS5 rankings as computed by hand", async () => {
    const corpus = tinyCorpus();
    // q1 "zebra" → [3]; relevant 3 and 7 (7 never found).  AP = (1/1)/2 = 0.5, RR = 1,
    //   R@1 = R@10 = 1/2, nDCG@10 = 1 / (1 + 1/log2 3) = 0.61315.
    // q2 "quokka" → [5, 9] (the one-word title beats one mention in a long abstract); relevant 9.
    //   AP = 1/2, RR = 1/2, R@1 = 0, R@10 = 1, nDCG@10 = (1/log2 3) / 1 = 0.63093.
    // q3 "narwhal" → []; relevant 1: every metric 0.
    // q4 has no judgement and is left out of the means.
    const qrels = {
      q1: new Map([
        ["3", 1],
        ["7", 1],
      ]),
      q2: new Map([["9", 1]]),
      q3: new Map([["1", 1]]),
    };
    const { reports, unavailable } = await evaluateDatasets([dataset(corpus, "binary", qrels)], [equalWeightsOr]);
    assert.deepEqual(unavailable, []);
    const row = reports[0]?.results[0];
    assert.equal(row?.judgedQueries, 3);
    const expected = {
      MAP: (0.5 + 0.5 + 0) / 3,
      "MRR@10": (1 + 0.5 + 0) / 3,
      "nDCG@10": (1 / (1 + 1 / Math.log2(3)) + 1 / Math.log2(3)) / 3,
      "Recall@1": (0.5 + 0 + 0) / 3,
      "Recall@10": (0.5 + 1 + 0) / 3,
    };
    for (const [label, value] of Object.entries(expected)) {
      assert.ok(Math.abs((row?.scores[label as keyof typeof expected] ?? NaN) - value) < 1e-9, `${label}`);
    }
    assert.match(
      formatDatasetReport(reports[0]!),
      /fts5 OR t1\/a1\/au1 +0\.3333 +0\.5000 +0\.4147 +0\.1667 +0\.5000 +3/,
    );
  });

  it("uses graded gains for nDCG when the dataset is graded", async () => {
    // q2 "quokka" → [5, 9] with 9 graded 2 and 5 graded 1: DCG = 1 + 2/log2 3, ideal = 2 + 1/log2 3.
    const qrels = {
      q2: new Map([
        ["9", 2],
        ["5", 1],
      ]),
    };
    const { reports } = await evaluateDatasets([dataset(tinyCorpus(), "graded", qrels)], [equalWeightsOr]);
    const row = reports[0]?.results[0];
    const expectedNdcg = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));
    assert.ok(Math.abs((row?.scores["nDCG@10"] ?? NaN) - expectedNdcg) < 1e-9);
    assert.equal(row?.scores.MAP, 1);
    assert.equal(row?.judgedQueries, 1);
  });

  it("reports a factory that cannot build instead of failing", async () => {
    const missing: SearchSystemFactory = { name: "hub", build: async () => ({ unavailable: "no search yet" }) };
    const { reports, unavailable } = await evaluateDatasets(
      [dataset(tinyCorpus(), "binary", { q1: new Map([["3", 1]]) })],
      [equalWeightsOr, missing],
    );
    assert.deepEqual(unavailable, ["hub on tiny: no search yet"]);
    assert.equal(reports[0]?.results.length, 1);
  });
});

describe("notes", () => {
  it("are reported with the dataset they were noted on", async () => {
    let calls = 0;
    const noting: SearchSystemFactory = {
      name: "noting",
      build: async () => {
        let pending: string[] = [];
        const system = {
          name: "noting",
          search: async () => {
            pending.push(`call ${++calls}`);
            return [];
          },
          takeNotes: () => {
            const taken = pending;
            pending = [];
            return taken;
          },
        };
        return { systems: [system], close: async () => {} };
      },
    };
    const corpus = tinyCorpus();
    const first = { ...dataset(corpus, "binary", {}), name: "first", queries: [{ id: "a", text: "x" }] };
    const second = { ...first, name: "second" };
    const { reports } = await evaluateDatasets([first, second], [noting]);
    assert.deepEqual(
      reports.map((report) => report.results[0]?.notes),
      [["call 1"], ["call 2"]],
    );
  });
});

describe("FTS5 match queries", () => {
  it("quote every token so nothing the query holds is FTS5 syntax", () => {
    assert.equal(buildOrMatchQuery('NEAR(a b) "x" -y AND z*'), '"near" OR "a" OR "b" OR "x" OR "y" OR "and" OR "z"');
    assert.equal(buildAndMatchQuery("Gaussian splatting, Gaussian!"), '"gaussian" AND "splatting"');
    assert.equal(buildOrMatchQuery("$$ :: --"), "");
  });
});
