import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import {
  KNOWN_ITEM_COUNT,
  loadKnownItemPlainTitles,
  loadKnownItemTitles,
  plainTitle,
  sampleKnownItemPapers,
} from "../../eval/datasets/known-item-titles.js";
import { loadParaphraseQueries, readParaphraseQueries } from "../../eval/datasets/paraphrase-queries.js";
import { createSampleCorpus, loadSamplePapers } from "../../eval/datasets/sample-corpus.js";
import { loadTopicalQueries, readTopicalQueries } from "../../eval/datasets/topical-queries.js";

const papers = loadSamplePapers();
const byId = new Map(papers.map((paper) => [paper.id, paper]));
const corpus = createSampleCorpus(papers);

function assertUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    assert.ok(!seen.has(value), `duplicate ${what}: ${value}`);
    seen.add(value);
  }
}

describe("the bundled sample corpus", () => {
  it("holds every paper of the file once, mapping hub ids to themselves", () => {
    assert.equal(papers.length, 14711);
    assertUnique(
      papers.map((paper) => paper.id),
      "paper id",
    );
    assert.equal(corpus.toDocumentId("2310.19909"), "2310.19909");
    assert.equal(corpus.toDocumentId("0801.0001"), null);
  });
});

describe("known-item titles", () => {
  const titles = loadKnownItemTitles(corpus, papers);

  it("samples 1,000 distinct papers deterministically, whatever the input order", () => {
    assert.equal(titles.queries.length, KNOWN_ITEM_COUNT);
    assertUnique(
      titles.queries.map((query) => query.id),
      "query",
    );
    const reversed = sampleKnownItemPapers([...papers].reverse()).map((paper) => paper.id);
    assert.deepEqual(
      titles.queries.map((query) => query.id),
      reversed,
    );
  });

  it("queries with the raw title and judges the target relevant", () => {
    for (const query of titles.queries) {
      assert.equal(query.text, byId.get(query.id)?.title);
      assert.equal(titles.qrels.get(query.id)?.get(query.id), 1);
    }
  });

  it("offers a plain variant: lower case, letters and digits only", () => {
    const plain = loadKnownItemPlainTitles(corpus, papers);
    assert.equal(
      plainTitle("CLaSp: In-Context Layer Skip for $\\alpha$-Decoding!"),
      "clasp in context layer skip for alpha decoding",
    );
    for (const query of plain.queries) assert.match(query.text, /^[\p{Ll}\p{Lo}\p{N} ]+$/u);
  });
});

describe("topical queries", () => {
  const topical = readTopicalQueries();

  it("has at least 60 distinct short queries", () => {
    assert.ok(topical.length >= 60, `${topical.length} queries`);
    assertUnique(
      topical.map((query) => query.id),
      "query id",
    );
    assertUnique(
      topical.map((query) => query.query.toLowerCase()),
      "query text",
    );
    for (const query of topical) {
      const words = query.query.split(/\s+/).length;
      assert.ok(words >= 2 && words <= 5, `"${query.query}" has ${words} words`);
    }
  });

  it("judges only sample papers, with grades 1 or 2 and at least 5 relevant papers per query", () => {
    for (const query of topical) {
      const grades = [...query.judgements.values()];
      assert.ok(grades.length >= 5, `${query.id}: ${grades.length} relevant`);
      assert.ok(grades.includes(2), `${query.id}: no paper graded 2`);
      for (const [paperId, grade] of query.judgements) {
        assert.ok(byId.has(paperId), `${query.id}: ${paperId} is not in the sample`);
        assert.ok(grade === 1 || grade === 2);
      }
    }
  });

  it("loads as a graded dataset over the sample", () => {
    const dataset = loadTopicalQueries(corpus);
    assert.equal(dataset.gain, "graded");
    assert.equal(dataset.queries.length, topical.length);
  });
});

describe("paraphrase queries", () => {
  const paraphrases = readParaphraseQueries();
  /** Stemmed terms as FTS5's porter tokenizer indexes them, via an fts5vocab table. */
  const db = new Database(":memory:");
  db.exec(
    "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')",
  );
  const stems = (text: string): Set<string> => {
    db.exec("DELETE FROM t");
    db.prepare("INSERT INTO t (x) VALUES (?)").run(text);
    return new Set(
      db
        .prepare<[], { term: string }>("SELECT term FROM v")
        .all()
        .map((row) => row.term),
    );
  };
  const ALLOWED_SHARED = new Set(
    [
      "a",
      "an",
      "the",
      "of",
      "for",
      "in",
      "on",
      "with",
      "and",
      "to",
      "by",
      "is",
      "from",
      "as",
      "or",
      "it",
      "can",
      "that",
    ].concat(["model", "train", "real", "more", "over", "without", "doe"]),
  );

  it("has at least 80 distinct queries, each about one sample paper with an abstract", () => {
    assert.ok(paraphrases.length >= 80, `${paraphrases.length} queries`);
    assertUnique(
      paraphrases.map((query) => query.id),
      "query id",
    );
    assertUnique(
      paraphrases.map((query) => query.query),
      "query text",
    );
    for (const query of paraphrases) {
      for (const id of query.relevant) assert.ok(byId.has(id), `${query.id}: ${id} is not in the sample`);
      assert.ok(
        (byId.get(query.relevant[0] ?? "")?.abstract.length ?? 0) >= 600,
        `${query.id}: target lacks an abstract`,
      );
    }
    assert.equal(loadParaphraseQueries(corpus).queries.length, paraphrases.length);
  });

  it("shares no distinctive (stemmed) word with the target's title", () => {
    for (const query of paraphrases) {
      const title = stems(byId.get(query.relevant[0] ?? "")?.title ?? "");
      const shared = [...stems(query.query)].filter((term) => title.has(term) && !ALLOWED_SHARED.has(term));
      assert.deepEqual(shared, [], `${query.id} shares ${shared.join(", ")} with its title`);
    }
  });
});
