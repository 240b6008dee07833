import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArxivIdError } from "../../src/core/papers/arxiv-id.js";
import { journalTitleOf } from "../../src/delivery/web/journal-title.js";
import { PageInputError } from "../../src/delivery/web/page-input-error.js";
import { isNewOn } from "../../src/delivery/web/paper-card.js";
import { parsePaperPath } from "../../src/delivery/web/paper-path.js";
import { doiUrl, safeHttpUrl } from "../../src/delivery/web/paths.js";
import { niceCeiling } from "../../src/delivery/web/star-chart.js";
import { parseTrendingFilters, trendingHref } from "../../src/delivery/web/web-query.js";

describe("journalTitleOf", () => {
  for (const [ref, title] of [
    ["Phys. Rev. D 100, 123456 (2019)", "Phys. Rev. D"],
    ["Journal of Tests 1 (2026) 1-10", "Journal of Tests"],
    ["Nature 580, 1-5", "Nature"],
    ["JHEP05(2020)123", "JHEP"],
    ["Proceedings of ICML", "Proceedings of ICML"],
    ["2019 IEEE Symposium", "2019 IEEE Symposium"],
  ] as const) {
    it(`${ref} → ${title}`, () => assert.equal(journalTitleOf(ref), title));
  }
});

describe("parsePaperPath", () => {
  it("reads ids, formats and canonical paths", () => {
    assert.deepEqual(parsePaperPath("2501.01234"), {
      id: "2501.01234",
      format: "page",
      canonicalPath: "/papers/2501.01234",
    });
    assert.deepEqual(parsePaperPath("2501.01234v2.bib"), {
      id: "2501.01234",
      format: "bibtex",
      canonicalPath: "/papers/2501.01234.bib",
    });
    assert.equal(parsePaperPath("hep-th/9901001.md").canonicalPath, "/papers/hep-th/9901001.md");
    assert.equal(parsePaperPath("hep-th%2F9901001/thumbnail.svg").format, "thumbnail");
    assert.equal(parsePaperPath("https:/arxiv.org/pdf/2501.01234v1.pdf").id, "2501.01234");
    assert.equal(parsePaperPath("arxiv.org/abs/2501.01234").id, "2501.01234");
  });

  it("rejects what is not an id", () => {
    assert.throws(() => parsePaperPath("2501.1234"), InvalidArxivIdError);
    assert.throws(() => parsePaperPath("https://evil.example/abs/2501.01234"), InvalidArxivIdError);
    assert.throws(() => parsePaperPath("%E0%A4%A"), PageInputError);
  });
});

describe("trending query", () => {
  it("reads defaults, and writes URLs without them", () => {
    const defaults = parseTrendingFilters({});
    assert.deepEqual(defaults, { date: undefined, window: "week", category: undefined, hasCode: false, page: 1 });
    assert.equal(trendingHref(defaults, 1), "/");
    const filters = parseTrendingFilters({
      window: "month",
      category: "cs.LG",
      has_code: "on",
      page: "3",
      date: "2026-01-31",
    });
    assert.equal(trendingHref(filters, 4), "/?date=2026-01-31&window=month&category=cs.LG&has_code=1&page=4");
  });

  it("rejects each malformed parameter with a PageInputError naming it", () => {
    for (const [name, value] of [
      ["window", "fortnight"],
      ["category", "CS LG"],
      ["page", "-1"],
      ["has_code", "2"],
    ] as const) {
      assert.throws(
        () => parseTrendingFilters({ [name]: value }),
        (e: Error) => e instanceof PageInputError && e.message.startsWith(`${name}=`),
      );
    }
  });
});

describe("small helpers", () => {
  it("marks papers new for three days after publication", () => {
    assert.equal(isNewOn({ publishedAt: "2026-06-27T18:00:00Z" }, "2026-06-30"), true);
    assert.equal(isNewOn({ publishedAt: "2026-06-26T00:00:00Z" }, "2026-06-30"), false);
    assert.equal(isNewOn({ publishedAt: "2026-07-01T00:00:00Z" }, "2026-06-30"), false);
  });

  it("rounds chart scales up to 1, 2 or 5 × 10^k", () => {
    assert.deepEqual([0, 7, 11, 150, 2000, 2001, 45_000].map(niceCeiling), [10, 10, 20, 200, 2000, 5000, 50_000]);
  });

  it("links DOIs and project pages safely", () => {
    assert.equal(doiUrl("10.1000/a#b?c"), "https://doi.org/10.1000/a%23b%3Fc");
    assert.equal(safeHttpUrl("javascript:alert(1)"), null);
    assert.equal(safeHttpUrl("https://example.org/x"), "https://example.org/x");
  });
});
