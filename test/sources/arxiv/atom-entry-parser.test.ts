import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { MalformedFeedError, parseAtomFeed } from "../../../src/adapters/sources/arxiv/atom-entry-parser.js";
import { FIXTURES } from "../../helpers/test-app.js";
import { recordedFeed } from "./arxiv-fixture-server.js";

describe("parseAtomFeed", () => {
  it("reads a current (2026) entry with every field", () => {
    const feed = parseAtomFeed(recordedFeed("recorded-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml"));
    assert.deepEqual([feed.totalResults, feed.startIndex, feed.itemsPerPage, feed.error], [1, 0, 100, null]);
    assert.equal(feed.entries.length, 1);
    const entry = feed.entries[0]!;
    assert.equal(entry.id, "http://arxiv.org/abs/astro-ph/0601001v1");
    assert.match(entry.title!, /^Frequency of Hot Jupiters/);
    assert.match(entry.summary!, /Gould & Morgan \(2003\)/, "entities decoded");
    assert.match(entry.summary!, /V_max<17\.5/);
    assert.deepEqual(entry.authors, ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"]);
    assert.deepEqual(entry.categories, ["astro-ph"]);
    assert.equal(entry.primaryCategory, "astro-ph");
    assert.equal(entry.published, "2006-01-02T14:57:58Z");
    assert.match(entry.comment!, /^62 pages including 16 figures/);
    assert.equal(entry.journalRef, "ActaAstron.56:1-50,2006");
    assert.equal(entry.doi, null);
  });

  it("reads the 2016 layout: namespaces declared on each element, another element order", () => {
    const feed = parseAtomFeed(recordedFeed("legacy-2016/id_list-1111.2011v2.xml"));
    assert.deepEqual([feed.totalResults, feed.startIndex, feed.itemsPerPage], [1, 0, 10]);
    const entry = feed.entries[0]!;
    assert.equal(entry.id, "http://arxiv.org/abs/1111.2011v2");
    assert.equal(entry.doi, "10.1103/PhysRevB.85.115117");
    assert.equal(entry.journalRef, "Phys. Rev. B 85, 115117 (2012)");
    assert.equal(entry.comment, "8 pages, 3 figures. Published version");
    assert.equal(entry.primaryCategory, "cond-mat.str-el");
    assert.deepEqual(entry.categories, ["cond-mat.str-el", "cond-mat.stat-mech"]);
    assert.deepEqual(entry.authors, ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]);
    assert.equal(entry.updated, "2012-04-02T12:38:54Z");
  });

  it("keeps a title that looks like a number as text", () => {
    const entry = parseAtomFeed(recordedFeed("recorded-2026/id_2104.12255v1_s0_m100_6ae69987ffe1.xml")).entries[0]!;
    assert.equal(entry.title, "0");
  });

  it("reads the empty feed of an unknown id and the error entry of a rejected one", () => {
    const empty = parseAtomFeed(recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml"));
    assert.deepEqual([empty.totalResults, empty.entries.length, empty.error], [0, 0, null]);
    const rejected = parseAtomFeed(recordedFeed("recorded-2026/id_abc_s0_m100_b79c8dcf6bc3.xml"));
    assert.equal(rejected.error, "incorrect id format for abc");
    assert.equal(rejected.entries.length, 0, "the error entry is not a paper");
  });

  it("parses every copied fixture into entries that all have an id, a title and dates", () => {
    let entries = 0;
    for (const folder of ["recorded-2026", "legacy-2016"]) {
      for (const file of readdirSync(new URL(`arxiv-api/${folder}/`, FIXTURES)).filter((f) => f.endsWith(".xml"))) {
        const feed = parseAtomFeed(recordedFeed(`${folder}/${file}`));
        for (const e of feed.entries) {
          assert.ok(e.id && e.title && e.published && e.updated, `${file}: ${JSON.stringify(e).slice(0, 80)}`);
        }
        entries += feed.entries.length;
      }
    }
    assert.equal(entries, 1 + 1 + 1 + 1 + 1 + 30 + 1 + 10);
  });

  it("rejects a truncated body instead of returning the entries before the cut", () => {
    const xml = recordedFeed("recorded-2026/q_testing_s0_m10_bc5a6c384fe9.xml");
    const cut = xml.slice(0, xml.lastIndexOf("<entry>") + 200);
    assert.throws(() => parseAtomFeed(cut), MalformedFeedError);
    assert.throws(() => parseAtomFeed(xml.slice(0, xml.length - 10)), /malformed or truncated XML/);
  });

  it("rejects an HTML error page and an empty body", () => {
    assert.throws(() => parseAtomFeed("<html><body>Service Unavailable</body></html>"), /expected an Atom <feed>/);
    assert.throws(() => parseAtomFeed(""), MalformedFeedError);
  });
});
