import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidRecordError, readPaperRecord } from "../../src/core/papers/paper-record.js";
import { fixtureLines } from "../helpers/test-app.js";

const DAY = "2026-06-30";

function problemsOf(value: unknown): string {
  try {
    readPaperRecord(value, DAY);
  } catch (error) {
    assert.ok(error instanceof InvalidRecordError);
    return error.message;
  }
  assert.fail("expected the record to be rejected");
}

describe("readPaperRecord", () => {
  it("reads an arXiv-dump record as it is; its listing_dates are not daily listings", () => {
    const line = fixtureLines("papers-small.jsonl").find((l) => l.includes('"0704.0002"'))!;
    const record = readPaperRecord(JSON.parse(line), DAY);
    assert.equal(record.paper.id, "0704.0002");
    assert.deepEqual(record.paper.authors, ["Ileana Streinu", "Louis Theran"]);
    assert.deepEqual(record.paper.categories, ["math.CO", "cs.CG"]);
    assert.equal(record.paper.publishedAt, "2007-03-31T00:00:00.000Z");
    assert.equal(record.paper.updatedAt, "2008-12-13T00:00:00.000Z");
    assert.equal(record.paper.version, 2);
    assert.deepEqual(record.listings, []);
  });

  it("reads a Hugging Face daily record: summary is the abstract, listing_dates are daily listings", () => {
    const line = fixtureLines("papers-small.jsonl").find((l) => l.includes('"hf_url"'))!;
    const raw = JSON.parse(line) as { summary: string; listing_dates: string[] };
    const record = readPaperRecord(raw, DAY);
    assert.equal(record.paper.abstract, raw.summary.replace(/\s+/g, " ").trim());
    assert.deepEqual(
      record.listings.map((l) => l.date),
      raw.listing_dates,
    );
  });

  it("reads the generator's fields: github_repo URL and stars dated by the observation day", () => {
    const record = readPaperRecord(
      {
        id: "2403.12345",
        title: "T",
        abstract: "A",
        authors: ["A B"],
        categories: ["cs.LG"],
        published: "2024-03-19T10:00:00Z",
        updated: "2024-03-19T10:00:00Z",
        github_repo: "https://github.com/owner/name",
        stars: 42,
      },
      DAY,
    );
    assert.equal(record.paper.githubRepo, "owner/name");
    assert.deepEqual(record.stars, [{ day: DAY, stars: 42 }]);
  });

  it("finds a repository in the abstract when none is given", () => {
    const record = readPaperRecord(
      { id: "2403.12345", title: "T", abstract: "Code: https://github.com/x/y.", published: "2024-03-19" },
      DAY,
    );
    assert.equal(record.paper.githubRepo, "x/y");
  });

  it("collapses whitespace in titles and abstracts", () => {
    const record = readPaperRecord(
      { id: "2403.12345", title: " A \n  title ", abstract: "a\tb", published: "2024-03-19" },
      DAY,
    );
    assert.equal(record.paper.title, "A title");
    assert.equal(record.paper.abstract, "a b");
  });

  it("lists every problem of a bad record", () => {
    const message = problemsOf({ id: "nope", title: 7, published: "yesterday", categories: ["Bad Cat"], upvotes: -1 });
    assert.match(message, /id: "nope" is not an arXiv identifier/);
    assert.match(message, /title: expected a string, got a number/);
    assert.match(message, /published: not an ISO date/);
    assert.match(message, /categories: not arXiv category codes: Bad Cat/);
    assert.match(message, /upvotes: expected a non-negative integer/);
  });

  it("rejects non-objects, missing ids and missing dates", () => {
    assert.match(problemsOf([1, 2]), /not a JSON object/);
    assert.match(problemsOf({ title: "T", published: "2024-01-01" }), /id: missing/);
    assert.match(problemsOf({ id: "2403.12345", title: "T" }), /published: missing/);
    assert.match(problemsOf({ id: "2403.12345", published: "2024-01-01" }), /title: missing/);
  });

  it("rejects malformed histories", () => {
    assert.match(
      problemsOf({ id: "2403.12345", title: "T", published: "2024-01-01", page_ranks: [["2024-01-01", 0]] }),
      /page_ranks\[0\]/,
    );
    assert.match(
      problemsOf({
        id: "2403.12345",
        title: "T",
        published: "2024-01-01",
        star_history: [["x", 1]],
        github_repo: "a/b",
      }),
      /star_history\[0\]/,
    );
    assert.match(
      problemsOf({ id: "2403.12345", title: "T", published: "2024-01-01", stars: 5 }),
      /stars: given without a github_repo/,
    );
  });
});
