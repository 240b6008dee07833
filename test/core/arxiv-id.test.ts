import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidArxivIdError, arxivIdMonth, parseArxivId } from "../../src/core/papers/arxiv-id.js";

describe("parseArxivId", () => {
  const accepted: [string, string, number | null][] = [
    ["2501.01234", "2501.01234", null],
    ["2501.01234v2", "2501.01234", 2],
    ["0704.0001", "0704.0001", null],
    ["1412.9999v11", "1412.9999", 11],
    ["hep-th/9901001", "hep-th/9901001", null],
    ["hep-th/9901001v3", "hep-th/9901001", 3],
    ["math.GT/0309136", "math.gt/0309136", null],
    ["math/0703001", "math/0703001", null],
    ["hep-th/9108001", "hep-th/9108001", null],
    ["astro-ph/0601001", "astro-ph/0601001", null],
    ["arXiv:2501.01234", "2501.01234", null],
    ["ARXIV: 2501.01234v1", "2501.01234", 1],
    ["  2501.01234  ", "2501.01234", null],
    ["https://arxiv.org/abs/2501.01234v2", "2501.01234", 2],
    ["http://arxiv.org/pdf/2501.01234", "2501.01234", null],
    ["https://arxiv.org/pdf/2501.01234v3.pdf", "2501.01234", 3],
    ["https://arxiv.org/html/2501.01234v1", "2501.01234", 1],
    ["https://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001", null],
    ["https://www.arxiv.org/abs/0704.0001", "0704.0001", null],
    ["https://huggingface.co/papers/2501.01234", "2501.01234", null],
  ];
  for (const [input, id, version] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseArxivId(input), { id, version });
    });
  }

  const rejected = [
    "",
    "abc",
    "2501.1234", // 2015 on has five digits
    "1412.12345", // before 2015 four digits
    "2513.01234", // month 13
    "2500.01234",
    "0612.0001", // new style began in 0704
    "0703.0001",
    "hep-th/0704001", // old style ended in 2007-03
    "hep-th/9107001", // and began in 1991-08
    "hep-th/0801001", // old style ended in 2007
    "2501.01234v0",
    "2501.01234v",
    "https://example.com/abs/2501.01234",
    "https://arxiv.org/list/cs.LG/recent",
    "2501.01234; DROP TABLE papers",
    "../../etc/passwd",
  ];
  for (const input of rejected) {
    it(`rejects ${JSON.stringify(input)} with a clear message`, () => {
      assert.throws(
        () => parseArxivId(input),
        (e: unknown) => {
          assert.ok(e instanceof InvalidArxivIdError);
          assert.match(e.message, /is not an arXiv identifier: expected e\.g\. 2501\.01234/);
          return true;
        },
      );
    });
  }

  it("truncates very long input in the message", () => {
    assert.throws(
      () => parseArxivId("x".repeat(10_000)),
      (e: Error) => e.message.length < 400,
    );
  });
});

describe("arxivIdMonth", () => {
  it("reads the month of new- and old-style ids", () => {
    assert.equal(arxivIdMonth("2501.01234"), "2025-01");
    assert.equal(arxivIdMonth("0704.0001"), "2007-04");
    assert.equal(arxivIdMonth("hep-th/9901001"), "1999-01");
    assert.equal(arxivIdMonth("astro-ph/0601001"), "2006-01");
  });
});
