import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  OaiResponseError,
  parseOaiPage,
  parseRfc2822,
  splitAuthorList,
} from "../../../src/adapters/sources/arxiv/oai-record-parser.js";
import { readPaperRecord } from "../../../src/core/papers/paper-record.js";
import { oaiFixture, physicsPage } from "./oai-fixture-server.js";

const RECORDED = [
  "recorded/arxiv-physics-hep-ex.xml",
  "recorded/arxiv-physics-hep-th.xml",
  "recorded/arxiv-single.xml",
  "recorded/sample_arxiv_record.xml",
];

function recordOf(file: string, id: string) {
  const found = parseOaiPage(oaiFixture(file), "arXiv").records.find((r) => r.identifier === `oai:arXiv.org:${id}`);
  assert.ok(found, `${id} in ${file}`);
  return found;
}

/** A one-record ListRecords page around `metadata`. */
function pageWith(metadata: string, identifier = "oai:arXiv.org:2501.00001"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-02T00:00:00Z</responseDate>
<ListRecords><record><header><identifier>${identifier}</identifier><datestamp>2025-01-02</datestamp></header>
<metadata>${metadata}</metadata></record></ListRecords></OAI-PMH>`;
}

describe("a recorded arXiv ListRecords page", () => {
  const page = parseOaiPage(oaiFixture("recorded/arxiv-physics-hep-ex.xml"), "arXiv");

  test("gives its records with their headers, and no token: the list was complete", () => {
    assert.equal(page.responseDate, "2017-12-14T13:00:41Z");
    assert.deepEqual(
      page.records.map((r) => [r.identifier, r.datestamp]),
      [
        ["oai:arXiv.org:1706.05371", "2017-12-14"],
        ["oai:arXiv.org:1706.09418", "2017-12-14"],
        ["oai:arXiv.org:1707.00874", "2017-12-14"],
      ],
    );
    assert.equal(page.resumptionToken, null);
    assert.deepEqual([page.errors, page.deleted, page.unreadable], [[], [], []]);
  });

  test("maps a record to the import format: created → published, updated → updated", () => {
    const record = page.records[0]!.record;
    assert.equal(record.id, "1706.05371");
    assert.equal(record.published, "2017-06-16");
    assert.equal(record.updated, "2017-12-12");
    assert.deepEqual(record.categories, ["physics.ins-det", "hep-ex"]);
    assert.deepEqual((record.authors as string[]).slice(0, 2), ["Tyler Anderson", "Jacob Cutter"]);
    assert.equal((record.authors as string[]).length, 13);
    assert.equal(record.comments, "10 pages, 9 figures");
    assert.equal(record.license, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
    const paper = readPaperRecord(record, "2026-06-30").paper;
    assert.equal(
      paper.title,
      "Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors",
    );
    assert.equal(paper.publishedAt, "2017-06-16T00:00:00.000Z");
    assert.equal(paper.updatedAt, "2017-12-12T00:00:00.000Z");
  });
});

test("every record of every recorded response is read and passes readPaperRecord", () => {
  let count = 0;
  for (const file of RECORDED) {
    const page = parseOaiPage(oaiFixture(file), "arXiv");
    assert.deepEqual(page.unreadable, [], file);
    for (const { record } of page.records) {
      readPaperRecord(record, "2026-06-30");
      count++;
    }
  }
  assert.equal(count, 19);
});

test("doi and journal-ref are carried over", () => {
  const { record } = recordOf("recorded/arxiv-single.xml", "1401.2122");
  assert.equal(record.doi, "10.1007/s11005-017-1013-4");
  assert.equal(record.journal_ref, "Lett. Math. Phys. 108 (2018), no. 2, 359-376");
});

test("entities in text are decoded once", () => {
  const { record } = recordOf("recorded/sample_arxiv_record.xml", "1606.06775");
  assert.match(record.abstract as string, /L_X > 10\^43/);
  assert.match(record.abstract as string, /0\.1<z<0\.95/);
  const cdata = parseOaiPage(
    pageWith("<arXiv><id>2501.00001</id><title><![CDATA[a <b> & c]]> &amp; d</title></arXiv>"),
    "arXiv",
  );
  assert.equal(cdata.records[0]!.record.title, "a <b> & c & d");
});

test("author names: forenames, keyname(s), suffix; punctuation-only parts dropped", () => {
  assert.equal(
    (recordOf("recorded/sample_arxiv_record.xml", "1606.07066").record.authors as string[])[0],
    "Curtis J. Saxton Walton",
  );
  const kamiokande = recordOf("recorded/sample_arxiv_record.xml", "1606.07538").record.authors as string[];
  assert.deepEqual(kamiokande.slice(0, 3), ["Super-Kamiokande Collaboration", "K. Abe", "Y. Suzuki"]);
  const suffixed = parseOaiPage(
    pageWith(
      "<arXiv><authors><author><keyname>King</keyname><forenames>Martin L.</forenames><suffix>Jr</suffix></author>" +
        "<author><keyname>Planck Collaboration</keyname></author></authors></arXiv>",
    ),
    "arXiv",
  );
  assert.deepEqual(suffixed.records[0]!.record.authors, ["Martin L. King Jr", "Planck Collaboration"]);
});

test("a resumption token is read with its attributes; the last page's is empty", () => {
  assert.deepEqual(parseOaiPage(physicsPage(1), "arXiv").resumptionToken, {
    token: "4181215|4",
    cursor: 0,
    completeListSize: 22,
    expiresAt: null,
  });
  assert.deepEqual(parseOaiPage(physicsPage(5), "arXiv").resumptionToken, {
    token: "",
    cursor: 17,
    completeListSize: 22,
    expiresAt: null,
  });
  const expiring = (attribute: string) =>
    `<?xml version="1.0"?><OAI-PMH><ListRecords><resumptionToken ${attribute}="2025-01-03T00:00:00Z">t&amp;1</resumptionToken></ListRecords></OAI-PMH>`;
  for (const attribute of ["expirationDate", "expires"]) {
    const token = parseOaiPage(expiring(attribute), "arXiv").resumptionToken;
    assert.deepEqual(token, { token: "t&1", cursor: null, completeListSize: null, expiresAt: "2025-01-03T00:00:00Z" });
  }
});

test("deleted records are listed apart from the records", () => {
  const page = parseOaiPage(physicsPage(2), "arXiv");
  assert.deepEqual(page.deleted, [{ identifier: "oai:arXiv.org:1705.01234", datestamp: "2017-12-14" }]);
  assert.equal(page.records.length, 3);
});

test("OAI errors are returned, not thrown", () => {
  const page = parseOaiPage(oaiFixture("constructed/error-no-records-match.xml"), "arXiv");
  assert.equal(page.errors.length, 1);
  assert.equal(page.errors[0]!.code, "noRecordsMatch");
  assert.match(page.errors[0]!.message, /empty list/);
  assert.deepEqual(page.records, []);
});

test("a response cut short anywhere is refused, never read as a shorter page", () => {
  const xml = physicsPage(3);
  const end = xml.lastIndexOf("</OAI-PMH>") + "</OAI-PMH>".length;
  let cuts = 0;
  for (let cut = 0; cut < end; cut += 7) {
    assert.throws(() => parseOaiPage(xml.slice(0, cut), "arXiv"), OaiResponseError, `cut at ${cut}`);
    cuts++;
  }
  assert.ok(cuts > 1000);
  assert.throws(() => parseOaiPage(xml.slice(0, 5000), "arXiv"), /truncated OAI-PMH response/);
});

test("what is not OAI-PMH is refused with what it was", () => {
  assert.throws(
    () => parseOaiPage("<html><body>Service Unavailable</body></html>", "arXiv"),
    /not an OAI-PMH response: it starts with "<html>/,
  );
  assert.throws(() => parseOaiPage("", "arXiv"), /the body is empty/);
  assert.throws(
    () => parseOaiPage(`<OAI-PMH><responseDate>x</responseDate></OAI-PMH>`, "arXiv"),
    /neither <ListRecords>, <GetRecord> nor <error>/,
  );
});

test("a record with broken XML is reported with its identifier; the others are read", () => {
  const good = physicsPage(1);
  const broken = good
    .replace("<comments>10 pages, 9 figures</comments>", "<comments>10 pages, 9 figures")
    .replace("<title>R-Parity", "<title><i>R</i>-Parity")
    .replace("<id>1707.00874</id>", "<id>1707.00874</id>stray text");
  const page = parseOaiPage(broken, "arXiv");
  assert.deepEqual(
    page.unreadable.map((u) => u.identifier),
    ["oai:arXiv.org:1706.05371", "oai:arXiv.org:1706.09418", "oai:arXiv.org:1707.00874"],
  );
  assert.match(page.unreadable[0]!.reason, /<comments> is not closed/);
  assert.match(page.unreadable[1]!.reason, /markup inside a text field/);
  assert.match(page.unreadable[2]!.reason, /unexpected "stray text/);
  assert.deepEqual(
    page.records.map((r) => r.identifier),
    ["oai:arXiv.org:1412.8323"],
  );
});

test("an arXivRaw version without its vN is reported", () => {
  const page = parseOaiPage(
    pageWith("<arXivRaw><id>2501.00001</id><version><date>Mon, 2 Apr 2007 19:18:42 GMT</date></version></arXivRaw>"),
    "arXivRaw",
  );
  assert.deepEqual(page.unreadable, [
    { identifier: "oai:arXiv.org:2501.00001", reason: "<version> does not name a version vN" },
  ]);
});

test("metadata in another format than asked for is reported", () => {
  const page = parseOaiPage(oaiFixture("constructed/list-records-arxivraw.xml"), "arXiv");
  assert.equal(page.records.length, 0);
  assert.equal(page.unreadable.length, 3);
  assert.match(page.unreadable[0]!.reason, /holds <arXivRaw>, expected <arXiv>/);
});

describe("the arXivRaw format", () => {
  const page = parseOaiPage(oaiFixture("constructed/list-records-arxivraw.xml"), "arXivRaw");

  test("published is v1's time, updated the last version's, and the id carries the last version", () => {
    const record = page.records.find((r) => r.identifier === "oai:arXiv.org:1401.2122")!.record;
    assert.equal(record.id, "1401.2122v5");
    assert.equal(record.published, "2014-01-09T19:18:42.000Z");
    assert.equal(record.updated, "2017-10-23T09:45:31.000Z");
    assert.equal((record.versions as unknown[]).length, 5);
    assert.equal(
      record.abstract,
      "  We introduce a novel systematic construction for integrable (3+1)-dimensional\ndispersionless systems using nonisospectral Lax pairs that involve contact\nvector fields & their <duals>.\n",
    );
    const paper = readPaperRecord(record, "2026-06-30").paper;
    assert.equal(paper.id, "1401.2122");
    assert.equal(paper.version, 5);
    assert.deepEqual(paper.authors, ["A. Sergyeyev"]);
  });

  test("a single version is both published and updated", () => {
    const record = page.records.find((r) => r.identifier === "oai:arXiv.org:1601.03238")!.record;
    assert.equal(record.id, "1601.03238v1");
    assert.equal(record.published, "2016-01-13T13:50:27.000Z");
    assert.equal(record.updated, "2016-01-13T13:50:27.000Z");
    assert.deepEqual(record.authors, ["Jieci Wang", "Zehua Tian", "Jiliang Jing", "Heng Fan"]);
  });

  test("deleted records and the empty token are read as in the arXiv format", () => {
    assert.deepEqual(
      page.deleted.map((d) => d.identifier),
      ["oai:arXiv.org:1705.01234"],
    );
    assert.equal(page.resumptionToken?.token, "");
    assert.equal(page.records.length, 3);
  });
});

test("splitAuthorList separates names outside parentheses only", () => {
  assert.deepEqual(splitAuthorList("A. One, B. Two and C. Three"), ["A. One", "B. Two", "C. Three"]);
  assert.deepEqual(splitAuthorList("A. One (MIT, Cambridge), B. Two, and C. Three"), ["A. One", "B. Two", "C. Three"]);
  assert.deepEqual(splitAuthorList("A. One (1 and 2), B.\n  Two ((1) X, (2) Y)"), ["A. One", "B. Two"]);
  assert.deepEqual(splitAuthorList(""), []);
});

test("parseRfc2822 reads arXivRaw's dates and nothing else", () => {
  assert.equal(parseRfc2822("Mon, 2 Apr 2007 19:18:42 GMT"), "2007-04-02T19:18:42.000Z");
  assert.equal(parseRfc2822("Wed, 13 Jan 2016 13:50:27 GMT"), "2016-01-13T13:50:27.000Z");
  assert.equal(parseRfc2822("Sat, 31 Feb 2007 19:18:42 GMT"), null);
  assert.equal(parseRfc2822("2007-04-02"), null);
  assert.equal(parseRfc2822("Mon, 2 Foo 2007 19:18:42 GMT"), null);
});
