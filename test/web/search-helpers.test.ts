import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Paper } from "../../src/core/papers/paper.js";
import type { TextSegment } from "../../src/core/search/ports.js";
import { findFormulaSpans, HighlightedText } from "../../src/delivery/web/search-highlight.js";
import { SearchHitCard } from "../../src/delivery/web/search-hit-card.js";
import { parseSearchPageInput, searchHref, withFilter } from "../../src/delivery/web/search-query.js";

/** Segments from `a [b] c` notation: bracketed text matched. */
function segments(marked: string): TextSegment[] {
  return marked
    .split(/(\[[^\]]*\])/)
    .filter((s) => s !== "")
    .map((s) => (s.startsWith("[") ? { text: s.slice(1, -1), match: true } : { text: s, match: false }));
}

function render(node: unknown): string {
  return String(node);
}

describe("withFilter", () => {
  it("adds a filter, replacing one of the same kind (signed, quoted or not)", () => {
    assert.equal(withFilter("diffusion", "cat", "cs.CV"), "diffusion cat:cs.CV");
    assert.equal(withFilter("", "cat", "cs.CV"), "cat:cs.CV");
    assert.equal(withFilter("cat:cs.LG diffusion CAT:math", "cat", "cs.CV"), "diffusion cat:cs.CV");
    assert.equal(withFilter('a -cat:"cs.LG" (b)', "cat", "cs.CV"), "a (b) cat:cs.CV");
    assert.equal(withFilter("a from:2020 to:2021-06 year:2019 b", "year", "2024"), "a b year:2024");
    assert.equal(withFilter("author:x concat:y", "cat", "hep-th"), "author:x concat:y cat:hep-th");
  });
});

describe("search page URLs", () => {
  it("leave defaults out and round-trip through the parser", () => {
    const input = parseSearchPageInput({ q: "a b", mode: "hybrid", sort: "date", has_code: "1", page: "3" });
    assert.deepEqual(input, { q: "a b", mode: "hybrid", sort: "date", hasCode: true, page: 3 });
    assert.equal(searchHref(input, 3), "/search?q=a+b&mode=hybrid&sort=date&has_code=1&page=3");
    assert.equal(searchHref({ ...input, mode: undefined, sort: undefined, hasCode: false }), "/search?q=a+b");
    assert.deepEqual(parseSearchPageInput({ q: "x", mode: "", sort: " ", has_code: "" }), {
      q: "x",
      mode: undefined,
      sort: undefined,
      hasCode: false,
      page: 1,
    });
  });
});

describe("HighlightedText", () => {
  it("marks matched words and escapes everything", () => {
    const html = render(HighlightedText({ segments: segments("<b>[bold]</b> & [x]") }));
    assert.equal(html, "&lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; <mark>x</mark>");
  });

  it("renders TeX, marking a formula whole when a match falls inside it", () => {
    const html = render(HighlightedText({ segments: segments("Energy $E = [mc]^2$ and [mass]") }));
    assert.match(html, /^Energy <mark><math[\s\S]*<\/math><\/mark> and <mark>mass<\/mark>$/);
    assert.ok(!html.includes("$"), "no TeX source left");
  });

  it("keeps an unclosed delimiter as source, without breaking the marks", () => {
    const html = render(HighlightedText({ segments: segments("cost $5 for [tea]") }));
    assert.ok(html.includes("<mark>"));
    assert.ok(html.includes("tea"));
  });

  it("finds formulas where splitTex does", () => {
    assert.deepEqual(findFormulaSpans("a $x$ b \\$ c $$y$$ \\(z\\)"), [
      { start: 2, end: 5 },
      { start: 13, end: 18 },
      { start: 19, end: 24 },
    ]);
    assert.deepEqual(findFormulaSpans("open $ never closed"), [{ start: 5, end: 19 }]);
  });
});

describe("SearchHitCard", () => {
  const paper: Paper = {
    id: "2601.00001",
    version: 1,
    title: "A <b>Paper</b> Found by Meaning",
    abstract: "Nothing in here matched a word.",
    authors: ["Ada Lovelace"],
    categories: ["cs.LG"],
    publishedAt: "2026-01-02T00:00:00.000Z",
    updatedAt: "2026-01-02T00:00:00.000Z",
    comments: null,
    doi: null,
    journalRef: null,
    githubRepo: null,
    projectPage: null,
    aiSummary: null,
    aiKeywords: [],
    upvotes: 0,
    githubStars: null,
  };

  it("says quietly when a paper was found by meaning alone", () => {
    const html = render(SearchHitCard({ hit: { paper, score: 0.8, matchedBy: ["semantic"], highlight: null } }));
    assert.ok(html.includes('<span class="match-note">related by meaning</span>'));
    assert.ok(html.includes("A &lt;b&gt;Paper&lt;/b&gt; Found by Meaning"));
    assert.ok(html.includes("Nothing in here matched a word."));
    assert.ok(!html.includes("<mark>"));
  });

  it("does not when words matched too", () => {
    const highlight = { title: segments("A <b>[Paper]</b> Found by Meaning"), abstract: [] };
    const html = render(SearchHitCard({ hit: { paper, score: 2, matchedBy: ["keyword", "semantic"], highlight } }));
    assert.ok(!html.includes("related by meaning"));
    assert.ok(html.includes("&lt;b&gt;<mark>Paper</mark>&lt;/b&gt;"));
    assert.ok(html.includes("Nothing in here matched a word."), "the abstract's start when no passage matched");
  });
});
