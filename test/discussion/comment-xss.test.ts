import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { renderCommentHtml } from "../../src/core/discussion/render-comment.js";
import { mulberry32 } from "../../src/lib/seeded-random.js";
import { findUnsafeHtml } from "./find-unsafe-html.js";

const PAYLOADS = readFileSync(new URL("../fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("-- "))
  .map((line) => line.replaceAll("⏎", "\n"));

describe("comment rendering against the XSS corpus", () => {
  it("has a corpus of at least 150 payloads", () => {
    assert.ok(PAYLOADS.length >= 150, `only ${PAYLOADS.length} payloads`);
  });

  it("the checker itself flags script-capable HTML (so a pass means something)", () => {
    assert.ok(findUnsafeHtml('<a href="javascript:alert(1)">x</a>').length > 0);
    assert.ok(findUnsafeHtml('<a href="java&#x09;script:alert(1)">x</a>').length > 0);
    assert.ok(findUnsafeHtml("<img src=x onerror=alert(1)>").length > 0);
    assert.ok(findUnsafeHtml("<p>a<script>alert(1)</script></p>").length > 0);
    assert.ok(findUnsafeHtml('<math><mi href="javascript:x">x</mi></math>').length > 0);
    assert.ok(findUnsafeHtml("<p><p>nested</p></p>").length > 0, "a tree the browser rebuilds differently");
    assert.deepEqual(findUnsafeHtml('<p><a href="https://ok.example" rel="nofollow ugc noopener">x</a></p>'), []);
  });

  for (const [index, payload] of PAYLOADS.entries()) {
    it(`payload ${index + 1}: ${JSON.stringify(payload).slice(0, 90)}`, () => {
      const html = renderCommentHtml(payload);
      assert.deepEqual(findUnsafeHtml(html), [], html);
      // Payloads inside blockquotes or lists must also stay inert.
      assert.deepEqual(findUnsafeHtml(renderCommentHtml(`> - ${payload}`)), []);
    });
  }
});

/** Fragments that exercise every rule and its edges; random sequences of them form the fuzz inputs. */
const FRAGMENTS = [
  ...["*", "**", "_", "`", "```", "~~~", "$", "$$", "\\", "[", "]", "(", ")", "<", ">", "&", "#", "!", '"', "'"],
  ...["\n", "\n\n", "    ", "> ", "- ", "1. ", "* ", "&amp;", "&#x3a;", "&#58", "%0a", "\t", "\u0000", "\u2028"],
  ...["javascript:", "data:", "https://x.example/", "mailto:a@b.example", "<script>", "onerror=", "<svg "],
  ...["\\href{", "\\frac{", "}", "{", "\\text{", "^", "_", "\\def\\x{\\x}\\x", "\\begin{matrix}", "\\\\"],
  ...["a", "word", " ", "é", "😀", "\ud800", "x".repeat(50)],
];

function randomInput(random: () => number): string {
  const length = Math.floor(random() * 60);
  let text = "";
  for (let i = 0; i < length; i++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
  return text;
}

describe("comment rendering under random input", () => {
  it("never throws and always yields allow-listed, well-formed HTML (3,000 seeded inputs)", () => {
    const random = mulberry32(20261127);
    for (let i = 0; i < 3_000; i++) {
      const input = randomInput(random);
      let html = "";
      assert.doesNotThrow(() => {
        html = renderCommentHtml(input);
      }, JSON.stringify(input));
      assert.deepEqual(findUnsafeHtml(html), [], `input ${JSON.stringify(input)}\n→ ${html}`);
    }
  });

  it("renders pathological inputs quickly and safely", () => {
    const inputs = [
      "$".repeat(10_000),
      "$a".repeat(5_000),
      "[".repeat(10_000),
      "> ".repeat(5_000) + "x",
      "- ".repeat(5_000) + "x",
      "*a".repeat(5_000),
      "`".repeat(10_000),
      "$$\n".repeat(3_000),
      "$\\frac{".repeat(1_000),
      "$x^{".repeat(2_000) + "$",
      "<".repeat(10_000),
      "&#".repeat(5_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const html = renderCommentHtml(input);
      const elapsedMs = performance.now() - started;
      assert.deepEqual(findUnsafeHtml(html), [], input.slice(0, 40));
      assert.ok(elapsedMs < 2_000, `${JSON.stringify(input.slice(0, 20))}… took ${elapsedMs.toFixed(0)} ms`);
    }
  });
});
