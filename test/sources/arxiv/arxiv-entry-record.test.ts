import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import {
  arxivIdFromEntryId,
  decodeArxivEntries,
  toArxivImportRecord,
} from "../../../src/adapters/sources/arxiv/arxiv-entry-record.js";
import { type AtomEntry, parseAtomFeed } from "../../../src/adapters/sources/arxiv/atom-entry-parser.js";
import { readPaperRecord } from "../../../src/core/papers/paper-record.js";
import { FIXTURES } from "../../helpers/test-app.js";
import { recordedFeed } from "./arxiv-fixture-server.js";

const DAY = "2026-06-30";

function firstEntry(path: string): AtomEntry {
  return parseAtomFeed(recordedFeed(path)).entries[0]!;
}

describe("arxivIdFromEntryId", () => {
  it("takes the id with its version from http and https abs URLs, new and old style", () => {
    assert.equal(arxivIdFromEntryId("http://arxiv.org/abs/2104.12255v1"), "2104.12255v1");
    assert.equal(arxivIdFromEntryId("https://arxiv.org/abs/2104.12255v3"), "2104.12255v3");
    assert.equal(arxivIdFromEntryId("http://arxiv.org/abs/astro-ph/0601001v1"), "astro-ph/0601001v1");
    assert.equal(arxivIdFromEntryId(" https://export.arxiv.org/abs/cond-mat/0603029v1 "), "cond-mat/0603029v1");
  });

  it("leaves anything else as it is, for validation to reject", () => {
    assert.equal(arxivIdFromEntryId("https://example.org/abs/2104.12255v1"), "https://example.org/abs/2104.12255v1");
    assert.equal(arxivIdFromEntryId("tag:arxiv.org,2026:bogus"), "tag:arxiv.org,2026:bogus");
  });
});

describe("toArxivImportRecord", () => {
  it("maps every field of a 2026 entry into a record readPaperRecord accepts", () => {
    const record = toArxivImportRecord(firstEntry("recorded-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml"));
    assert.equal(record.id, "astro-ph/0601001v1");
    const { paper } = readPaperRecord(record, DAY);
    assert.equal(paper.id, "astro-ph/0601001");
    assert.equal(paper.version, 1);
    assert.equal(paper.publishedAt, "2006-01-02T14:57:58.000Z");
    assert.equal(paper.updatedAt, "2006-01-02T14:57:58.000Z");
    assert.deepEqual(paper.authors, ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"]);
    assert.deepEqual(paper.categories, ["astro-ph"]);
    assert.equal(paper.journalRef, "ActaAstron.56:1-50,2006");
    assert.match(paper.comments!, /^62 pages including 16 figures and 9 tables\./);
    assert.match(paper.abstract, /^We derive the frequencies of hot Jupiters/, "leading spaces of <summary> trimmed");
  });

  it("maps a 2016 entry: a version above 1, the DOI, a replaced paper's dates, whitespace collapsed", () => {
    const { paper } = readPaperRecord(toArxivImportRecord(firstEntry("legacy-2016/id_list-1111.2011v2.xml")), DAY);
    assert.equal(paper.id, "1111.2011");
    assert.equal(paper.version, 2);
    assert.equal(paper.publishedAt, "2011-11-08T18:48:36.000Z");
    assert.equal(paper.updatedAt, "2012-04-02T12:38:54.000Z");
    assert.equal(
      paper.title,
      "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
    );
    assert.equal(paper.doi, "10.1103/PhysRevB.85.115117");
    assert.equal(paper.journalRef, "Phys. Rev. B 85, 115117 (2012)");
    assert.deepEqual(paper.categories, ["cond-mat.str-el", "cond-mat.stat-mech"]);
    assert.ok(!paper.abstract.includes("\n"));
  });

  it("puts arxiv:primary_category first even when the feed lists it later, and drops ACM/MSC classes", () => {
    const entry: AtomEntry = {
      ...firstEntry("recorded-2026/id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml"),
      categories: ["cs.PL", "I.2.7", "68T05", "quant-ph"],
      primaryCategory: "quant-ph",
    };
    const { paper } = readPaperRecord(toArxivImportRecord(entry), DAY);
    assert.deepEqual(paper.categories, ["quant-ph", "cs.PL"]);
    assert.equal(paper.id, "quant-ph/0201082");
  });

  it("keeps authors in order and the title '0' as a title", () => {
    const { paper } = readPaperRecord(
      toArxivImportRecord(firstEntry("recorded-2026/id_2104.12255v1_s0_m100_6ae69987ffe1.xml")),
      DAY,
    );
    assert.equal(paper.title, "0");
    const many = readPaperRecord(
      toArxivImportRecord(firstEntry("recorded-2026/id_1707.08567_s0_m100_6a1afebfc6a3.xml")),
      DAY,
    ).paper;
    assert.equal(many.authors.length, 34);
    assert.equal(many.authors[0], "Kees A. Schouhamer Immink");
    assert.equal(many.authors.at(-1), "Hirosuke Yamamoto");
  });

  it("turns every entry of every copied fixture into a valid record", () => {
    for (const folder of ["recorded-2026", "legacy-2016"]) {
      for (const file of readdirSync(new URL(`arxiv-api/${folder}/`, FIXTURES)).filter((f) => f.endsWith(".xml"))) {
        const batch = decodeArxivEntries(parseAtomFeed(recordedFeed(`${folder}/${file}`)).entries, 1, DAY);
        assert.deepEqual(batch.rejected, [], file);
      }
    }
  });
});

describe("decodeArxivEntries", () => {
  it("rejects a malformed entry with its id and number and keeps the others", () => {
    const entries = parseAtomFeed(recordedFeed("recorded-2026/q_testing_s0_m10_bc5a6c384fe9.xml")).entries;
    const broken = [...entries];
    broken[3] = { ...entries[3]!, id: "http://arxiv.org/abs/not-an-id" };
    broken[6] = { ...entries[6]!, published: null };
    const batch = decodeArxivEntries(broken, 41, DAY);
    assert.equal(batch.records.length, 8);
    assert.deepEqual(
      batch.rejected.map((r) => r.line),
      [44, 47],
    );
    assert.match(
      batch.rejected[0]!.reason,
      /^http:\/\/arxiv\.org\/abs\/not-an-id: id: "not-an-id" is not an arXiv identifier/,
    );
    assert.match(batch.rejected[1]!.reason, /published: missing/);
    assert.equal(batch.lastLine, 50);
  });
});
