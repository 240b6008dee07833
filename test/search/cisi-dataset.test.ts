import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadCisiDataset, parseCisiDocuments, parseCisiQrels } from "../../eval/cisi-dataset.js";

describe("loadCisiDataset", () => {
  const { documents, queries, qrels } = loadCisiDataset();

  it("reads every document, query and judgement of the collection", () => {
    assert.equal(documents.length, 1460);
    assert.equal(queries.length, 112);
    assert.equal(qrels.size, 76);
    const judgementCount = [...qrels.values()].reduce((sum, judgements) => sum + judgements.size, 0);
    assert.equal(judgementCount, 3114);
  });

  it("gives each document its title, authors and abstract", () => {
    const first = documents[0];
    assert.equal(first?.id, "1");
    assert.equal(first?.title, "18 Editions of the Dewey Decimal Classifications");
    assert.deepEqual(first?.authors, ["Comaromi, J.P."]);
    assert.match(first?.abstract ?? "", /^The present study is a history of the DEWEY Decimal Classification\. /);
    assert.ok(documents.every((doc) => doc.title !== "" && doc.abstract !== ""));
  });

  it("uses the prose `.W` text of queries that also carry a title and authors", () => {
    const query = queries.find((q) => q.id === "58");
    assert.match(query?.text ?? "", /^Bibliographic control before and after MARC is reviewed\./);
    assert.doesNotMatch(query?.text ?? "", /Avram/);
  });

  it("judges only documents that exist", () => {
    const docIds = new Set(documents.map((doc) => doc.id));
    for (const judgements of qrels.values()) for (const docId of judgements.keys()) assert.ok(docIds.has(docId));
  });
});

describe("parseCisiDocuments", () => {
  it("keeps one author per `.A` line and ignores fields it does not use", () => {
    const text = [
      ".I 7",
      ".T ",
      "A title",
      ".A",
      "Avram, H.D.",
      ".A",
      "McCallum, S.H.",
      ".B",
      "1970",
      ".W",
      "  Body",
      "text.",
      ".X",
      "1\t5\t1",
    ];
    assert.deepEqual(parseCisiDocuments(text.join("\n")), [
      { id: "7", title: "A title", authors: ["Avram, H.D.", "McCallum, S.H."], abstract: "Body text." },
    ]);
  });
});

describe("parseCisiQrels", () => {
  it("reads fixed-width, tab-separated lines as grade-1 judgements", () => {
    const qrels = parseCisiQrels("     1     28\t0\t0.000000\n    12   1460\t0\t0.000000\n");
    assert.deepEqual(qrels.get("1"), new Map([["28", 1]]));
    assert.deepEqual(qrels.get("12"), new Map([["1460", 1]]));
  });
});
