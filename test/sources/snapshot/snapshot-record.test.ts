import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidRecordError, readPaperRecord } from "../../../src/core/papers/paper-record.js";
import { mapSnapshotRecord, parseRfc2822Date } from "../../../src/core/papers/snapshot-record.js";
import { fixtureLines } from "../../helpers/test-app.js";

/** The first 200 lines of Kaggle's arxiv-metadata-oai-snapshot.json, as published. */
const SAMPLE = fixtureLines("arxiv-kaggle/arxiv-metadata-oai-snapshot.sample-200.jsonl");
const DAY = "2026-06-30";

function sampleLine(id: string): Record<string, unknown> {
  const line = SAMPLE.find((l) => l.startsWith(`{"id":"${id}"`));
  assert.ok(line, `sample has ${id}`);
  return JSON.parse(line) as Record<string, unknown>;
}

function readSnapshot(value: unknown) {
  return readPaperRecord(mapSnapshotRecord(value), DAY);
}

function problemsOf(value: unknown): string {
  try {
    readSnapshot(value);
  } catch (error) {
    assert.ok(error instanceof InvalidRecordError, String(error));
    return error.message;
  }
  assert.fail("expected the record to be rejected");
}

describe("mapSnapshotRecord on the real sample", () => {
  it("maps every one of the 200 sample lines to a valid record", () => {
    assert.equal(SAMPLE.length, 200);
    const ids = SAMPLE.map((line) => readSnapshot(JSON.parse(line)).paper.id);
    assert.equal(new Set(ids).size, 200);
  });

  it("maps 0704.0001: parsed authors, first and last version dates, journal-ref, doi, comments", () => {
    const { paper, listings, stars } = readSnapshot(sampleLine("0704.0001"));
    assert.deepEqual(paper, {
      id: "0704.0001",
      version: 2,
      title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
      abstract: paper.abstract,
      // From authors_parsed: "Balázs" decoded, where the authors string has TeX "Bal\'azs".
      authors: ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"],
      categories: ["hep-ph"],
      publishedAt: "2007-04-02T19:18:42.000Z",
      updatedAt: "2007-07-24T20:10:27.000Z",
      comments: "37 pages, 15 figures; published version",
      doi: "10.1103/PhysRevD.76.013009",
      journalRef: "Phys.Rev.D76:013009,2007",
      githubRepo: null,
      projectPage: null,
      aiSummary: null,
      aiKeywords: [],
      upvotes: 0,
    });
    assert.match(paper.abstract, /^A fully differential calculation .* judicious selection of events\.$/);
    assert.doesNotMatch(paper.abstract, /\n|\s{2}/);
    assert.deepEqual(listings, [], "snapshot records carry no daily listings");
    assert.deepEqual(stars, []);
  });

  it("splits space-separated categories, primary first", () => {
    assert.deepEqual(readSnapshot(sampleLine("0704.0002")).paper.categories, ["math.CO", "cs.CG"]);
  });

  it("counts five versions and dates the record by the last one, not by update_date", () => {
    const { paper } = readSnapshot(sampleLine("0704.0064"));
    assert.equal(paper.version, 5);
    assert.equal(paper.publishedAt, "2007-04-01T13:32:15.000Z");
    assert.equal(paper.updatedAt, "2008-10-24T12:23:58.000Z");
  });

  it("prefers authors_parsed over the authors string with its affiliation markers", () => {
    const { paper } = readSnapshot(sampleLine("0704.0128"));
    assert.deepEqual(paper.authors.slice(0, 3), ["P. A. Evans", "A. P. Beardmore", "K. L. Page"]);
    assert.ok(paper.authors.every((a) => !/\(\d\)/.test(a)));
  });

  it("keeps a suffix after the name", () => {
    assert.ok(readSnapshot(sampleLine("0704.0009")).paper.authors.includes("Neal J. Evans II"));
  });
});

describe("mapSnapshotRecord fallbacks and errors", () => {
  const base = sampleLine("0704.0002");

  it("falls back to the authors string when authors_parsed is missing or malformed", () => {
    for (const authors_parsed of [undefined, [], [["Streinu", 7]], "Streinu"]) {
      const { paper } = readSnapshot({ ...base, authors_parsed });
      assert.deepEqual(paper.authors, ["Ileana Streinu", "Louis Theran"], JSON.stringify(authors_parsed));
    }
  });

  it("falls back to update_date when versions are missing, and then reports the missing published date", () => {
    assert.match(problemsOf({ ...base, versions: undefined }), /published: missing/);
    const mapped = mapSnapshotRecord({ ...base, versions: [] }) as { updated: unknown };
    assert.equal(mapped.updated, "2008-12-13");
  });

  it("reports an unparseable version date through readPaperRecord", () => {
    const versions = [{ version: "v1", created: "someday in April" }];
    assert.match(problemsOf({ ...base, versions }), /published: not an ISO date/);
  });

  it("reports a bad id, a missing title and bad categories", () => {
    assert.match(problemsOf({ ...base, id: "not-an-id" }), /id: "not-an-id" is not an arXiv identifier/);
    assert.match(problemsOf({ ...base, title: null }), /title: missing/);
    assert.match(
      problemsOf({ ...base, categories: "math.CO NOT A CATEGORY!" }),
      /categories: not arXiv category codes/,
    );
    assert.match(problemsOf({ ...base, categories: 42 }), /categories: expected an array of strings/);
  });

  it("passes anything but an object through for readPaperRecord to reject", () => {
    for (const value of [null, 7, "x", [1]]) {
      assert.equal(mapSnapshotRecord(value), value);
      assert.match(problemsOf(value), /record is not a JSON object/);
    }
  });
});

describe("parseRfc2822Date", () => {
  it("reads the snapshot's GMT dates and numeric zones", () => {
    assert.equal(parseRfc2822Date("Mon, 2 Apr 2007 19:18:42 GMT"), "2007-04-02T19:18:42.000Z");
    assert.equal(parseRfc2822Date("Sat, 31 Mar 2007 02:26:18 GMT"), "2007-03-31T02:26:18.000Z");
    assert.equal(parseRfc2822Date("2 Apr 2007 19:18 +0200"), "2007-04-02T17:18:00.000Z");
    assert.equal(parseRfc2822Date("Tue, 01 Jan 2008 00:30:00 -0130"), "2008-01-01T02:00:00.000Z");
    assert.equal(parseRfc2822Date("Thu, 29 Feb 2024 10:00:00 GMT"), "2024-02-29T10:00:00.000Z");
    assert.equal(parseRfc2822Date("Tue, 29 Feb 2000 10:00:00 GMT"), "2000-02-29T10:00:00.000Z");
  });

  it("rejects other forms and impossible dates", () => {
    for (const input of ["2007-04-02T19:18:42Z", "Mon, 31 Feb 2007 10:00:00 GMT", "Mon, 2 Foo 2007 10:00:00 GMT", ""]) {
      assert.equal(parseRfc2822Date(input), null, input);
    }
    for (const input of [
      "Mon, 2 Apr 2007 24:00:00 GMT",
      "Wed, 29 Feb 2023 10:00:00 GMT",
      "Mon, 29 Feb 1900 10:00:00 GMT",
    ]) {
      assert.equal(parseRfc2822Date(input), null, input);
    }
    assert.equal(parseRfc2822Date("Mon, 0 Apr 2007 10:00:00 GMT"), null);
    assert.equal(parseRfc2822Date("Mon, 31 Apr 2007 10:00:00 GMT"), null);
  });
});
