import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_QUERY_CHARS, MAX_QUERY_TOKENS, parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import type { QueryAtom, SearchFilters } from "../../src/core/search/query.js";
import { toFts5Match } from "../../src/core/search/to-fts5-match.js";

const term = (token: string): QueryAtom => ({ kind: "term", token });
const phrase = (...tokens: string[]): QueryAtom => ({ kind: "phrase", tokens });
const noFilters = (): SearchFilters => ({
  authors: [],
  categories: [],
  published: { from: null, to: null },
  hasCode: false,
});

describe("parseSearchQuery: words", () => {
  it("ANDs plain terms, lower-cased", () => {
    assert.deepEqual(parseSearchQuery("Diffusion  Models"), {
      tree: { include: [[term("diffusion")], [term("models")]], exclude: [] },
      filters: noFilters(),
      warnings: [],
      error: null,
    });
  });
  it("reads a quoted phrase", () => {
    assert.deepEqual(parseSearchQuery('"flow matching" policy').tree, {
      include: [[phrase("flow", "matching")], [term("policy")]],
      exclude: [],
    });
  });
  it("turns a hyphenated word into a phrase, as FTS5 would", () => {
    assert.deepEqual(parseSearchQuery("gpt-4").tree, { include: [[phrase("gpt", "4")]], exclude: [] });
  });
  it("excludes terms and phrases with a minus, and NOT", () => {
    assert.deepEqual(parseSearchQuery('vision -gan -"style transfer" NOT bert').tree, {
      include: [[term("vision")]],
      exclude: [term("gan"), phrase("style", "transfer"), term("bert")],
    });
  });
  it("groups OR between terms and phrases; AND is implicit and accepted", () => {
    assert.deepEqual(parseSearchQuery('llm OR "language model" AND agents OR tools').tree, {
      include: [
        [term("llm"), phrase("language", "model")],
        [term("agents"), term("tools")],
      ],
      exclude: [],
    });
  });
  it("reads or, and, not in lower or title case as words (titles contain them)", () => {
    assert.deepEqual(parseSearchQuery("Think in Strokes, Not Pixels").tree?.include, [
      [term("think")],
      [term("in")],
      [term("strokes")],
      [term("not")],
      [term("pixels")],
    ]);
    assert.deepEqual(parseSearchQuery("cats or dogs").tree?.include, [[term("cats")], [term("or")], [term("dogs")]]);
  });
  it("treats parentheses as separators", () => {
    assert.deepEqual(parseSearchQuery("(a OR b)c").tree, {
      include: [[term("a"), term("b")], [term("c")]],
      exclude: [],
    });
  });
  it("strips FTS5 syntax from terms", () => {
    assert.deepEqual(parseSearchQuery("NEAR(x y, 3) z* ^w title:q +v").tree, {
      include: [
        [term("near")],
        [term("x")],
        [term("y")],
        [term("3")],
        [term("z")],
        [term("w")],
        [phrase("title", "q")],
        [term("v")],
      ],
      exclude: [],
    });
  });
  it("keeps non-Latin scripts and drops emoji", () => {
    assert.deepEqual(parseSearchQuery("👍🏽 مرحبا 深度学习 Ünïcödé").tree, {
      include: [[term("مرحبا")], [term("深度学习")], [term("ünïcödé")]],
      exclude: [],
    });
  });
});

describe("parseSearchQuery: filters", () => {
  const filtersOf = (input: string) => parseSearchQuery(input).filters;
  it("author, quoted or bare, deduplicated case-insensitively", () => {
    assert.deepEqual(filtersOf('author:"Ada  Lovelace" AUTHOR:lovelace author:"ada lovelace"').authors, [
      "Ada Lovelace",
      "lovelace",
    ]);
  });
  it("cat, a category or an archive", () => {
    assert.deepEqual(filtersOf("cat:cs.LG cat:cs cat:hep-th cat:astro-ph.CO").categories, [
      "cs.lg",
      "cs",
      "hep-th",
      "astro-ph.co",
    ]);
  });
  it("year covers the whole year", () => {
    assert.deepEqual(filtersOf("year:2024").published, { from: "2024-01-01", to: "2024-12-31" });
  });
  it("from and to accept YYYY, YYYY-MM and YYYY-MM-DD; to is inclusive", () => {
    assert.deepEqual(filtersOf("from:2024 to:2024-02").published, { from: "2024-01-01", to: "2024-02-29" });
    assert.deepEqual(filtersOf("from:2023-05-17 to:2023").published, { from: "2023-05-17", to: "2023-12-31" });
  });
  it("swaps from after to, with a warning", () => {
    const parsed = parseSearchQuery("from:2024-06 to:2024-01");
    assert.deepEqual(parsed.filters.published, { from: "2024-01-31", to: "2024-06-01" });
    assert.deepEqual(parsed.warnings, ['"from" was after "to"; the dates were swapped.']);
  });
  it("has:code", () => {
    assert.equal(filtersOf("has:CODE").hasCode, true);
  });
  it("answers a filters-only search with no tree and no error", () => {
    const parsed = parseSearchQuery("cat:cs.LG");
    assert.equal(parsed.tree, null);
    assert.equal(parsed.error, null);
  });
  const ignored: [string, string][] = [
    ["year:24", '"year:24" is not a date like 2024, 2024-06 or 2024-06-30.'],
    ["from:2024-02-30", '"from:2024-02-30" is not a date like 2024, 2024-06 or 2024-06-30.'],
    ["to:2024-13", '"to:2024-13" is not a date like 2024, 2024-06 or 2024-06-30.'],
    ["cat:cs.LG;drop", '"cat:cs.LG;drop" is not an arXiv category like cs.LG.'],
    ["has:data", '"has:data" is not known; only has:code is. It was ignored.'],
    ["author:", '"author:" needs a value; it was ignored.'],
    ["-cat:cs", 'Filters cannot be excluded; "-cat:" was ignored.'],
  ];
  for (const [input, warning] of ignored) {
    it(`ignores ${input} with a warning`, () => {
      const parsed = parseSearchQuery(`x ${input}`);
      assert.deepEqual(parsed.filters, noFilters());
      assert.deepEqual(parsed.warnings, [warning]);
    });
  }
  it("searches an unknown filter as words, with a warning", () => {
    const parsed = parseSearchQuery("foo:bar");
    assert.deepEqual(parsed.tree, { include: [[phrase("foo", "bar")]], exclude: [] });
    assert.deepEqual(parsed.warnings, ['Unknown filter "foo:" was searched as words.']);
  });
});

describe("parseSearchQuery: odd input", () => {
  const errors: [string, string][] = [
    ["", "The search is empty."],
    ["  \t\n", "The search is empty."],
    ["OR -", "The search has no words or filters to look for."],
    ["---", "The search has no words or filters to look for."],
    ['""', "The search has no words or filters to look for."],
    ["-only", "The search has no words or filters to look for."],
    ["\u0000\u0007\ud800", "The search is empty."],
  ];
  for (const [input, error] of errors) {
    it(`gives an error for ${JSON.stringify(input)}`, () => {
      const parsed = parseSearchQuery(input);
      assert.equal(parsed.tree, null);
      assert.equal(parsed.error, error);
    });
  }
  it("closes an unbalanced quote at the end", () => {
    const parsed = parseSearchQuery('a "b c');
    assert.deepEqual(parsed.tree, { include: [[term("a")], [phrase("b", "c")]], exclude: [] });
    assert.deepEqual(parsed.warnings, ["A quote was not closed; it was closed at the end of the search."]);
  });
  it("ignores a dangling OR with a warning", () => {
    const parsed = parseSearchQuery("OR a OR");
    assert.deepEqual(parsed.tree, { include: [[term("a")]], exclude: [] });
    assert.deepEqual(parsed.warnings, ["OR needs a word on each side; it was ignored."]);
  });
  it("splits words at control characters and lone surrogates", () => {
    assert.deepEqual(parseSearchQuery("a\u0000b\udc00c").tree, {
      include: [[term("a")], [term("b")], [term("c")]],
      exclude: [],
    });
  });
  it("truncates long input", () => {
    const parsed = parseSearchQuery("a ".repeat(MAX_QUERY_CHARS));
    assert.ok(parsed.warnings.includes(`The search was cut to its first ${MAX_QUERY_CHARS} characters.`));
  });
  it("keeps at most the token limit", () => {
    const parsed = parseSearchQuery(`${"w ".repeat(MAX_QUERY_TOKENS - 1)}"x y z"`);
    assert.equal(parsed.tree?.include.length, MAX_QUERY_TOKENS);
    assert.deepEqual(parsed.tree?.include.at(-1), [term("x")]);
    assert.deepEqual(parsed.warnings, [`Only the first ${MAX_QUERY_TOKENS} words were searched.`]);
  });
});

describe("toFts5Match", () => {
  const matchOf = (input: string, prefixLast = false) => toFts5Match(parseSearchQuery(input).tree, { prefixLast });
  it("quotes every token", () => {
    assert.equal(matchOf('a "b c" OR d'), '"a" AND ("b c" OR "d")');
  });
  it("hangs exclusions off the whole expression", () => {
    assert.equal(matchOf("a -b"), '"a" NOT "b"');
    assert.equal(matchOf("a OR b c -d -e"), '(("a" OR "b") AND "c") NOT ("d" OR "e")');
  });
  it("matches the last included word as a prefix when asked", () => {
    assert.equal(matchOf("graph neu", true), '"graph" AND "neu" *');
    assert.equal(matchOf('"neural net', true), '"neural net" *');
  });
  it("returns null when nothing is included", () => {
    assert.equal(matchOf("cat:cs"), null);
    assert.equal(toFts5Match(null), null);
  });
});
