import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { paperMatchesFilters, type FilterablePaper } from "../../src/core/search/filter-match.js";
import { SEMANTIC_WEIGHT, fuseScores, normalise } from "../../src/core/search/hybrid-fusion.js";
import { parseSearchQuery } from "../../src/core/search/parse-search-query.js";
import { MAX_SEARCH_LIMIT } from "../../src/core/search/search-service.js";
import type { SearchOutcome, SearchRequest, SearchResults } from "../../src/core/search/search-types.js";
import { STARRED_PAPER, TEST_NOW, createTestApp, toSourceLines } from "../helpers/test-app.js";

/** app.search on the test app (fixture papers, HOSTILE_PAPER and STARRED_PAPER) without embeddings. */

/** Search by meaning switched off: the hub has keyword search only. */
const NO_SEMANTIC = { PAPERBOY_EMBEDDER: "off" };

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

function results(outcome: SearchOutcome, context = ""): SearchResults {
  assert.equal(outcome.kind, "results", `${context}: ${JSON.stringify(outcome)}`);
  return outcome as SearchResults;
}

const idsOf = (outcome: SearchResults) => outcome.hits.map((hit) => hit.paper.id);

describe("search service: input", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: NO_SEMANTIC });
  });
  const search = (request: SearchRequest) => t.app.search.search(request);

  it("rejects an empty search with a message", async () => {
    for (const q of ["", "   ", "\t\n "]) {
      const outcome = await search({ q });
      assert.equal(outcome.kind, "rejected", JSON.stringify(q));
      assert.match((outcome as { message: string }).message, /empty/);
    }
  });

  it("rejects a search of punctuation, operators or exclusions only, with a message", async () => {
    for (const q of ['"" --- OR', "!!! ??? ...", "(((", "* ^ :", "NOT", "-gan", "🙂👍"]) {
      const outcome = await search({ q, mode: "hybrid", facets: true, highlight: true });
      assert.equal(outcome.kind, "rejected", q);
      assert.match((outcome as { message: string }).message, /no words or filters/, q);
    }
  });

  it("passes the parser's warnings on, and still searches", async () => {
    for (const q of ['"world models', "world OR", "cat:cs OR", "world -author:x", "world has:wings"]) {
      const outcome = results(await search({ q }), q);
      const expected = parseSearchQuery(q).warnings;
      assert.ok(expected.length > 0, q);
      assert.deepEqual(outcome.warnings, expected, q);
      assert.ok(outcome.hits.length > 0, q);
    }
    assert.deepEqual(results(await search({ q: "world" })).warnings, []);
  });

  it("echoes the query and the paging it used", async () => {
    const outcome = results(await search({ q: "world", offset: 1, limit: 2 }));
    assert.equal(outcome.q, "world");
    assert.equal(outcome.offset, 1);
    assert.equal(outcome.limit, 2);
    assert.equal(outcome.facets, null, "facets only when asked for");
    assert.ok(
      outcome.hits.every((hit) => hit.highlight === null),
      "highlights only when asked for",
    );
    assert.ok(outcome.tookMs >= 0);
  });

  it("clamps limit to 1..MAX_SEARCH_LIMIT and offset to 0 and up, in whole numbers", async () => {
    const all = results(await search({ q: "cat:cs", limit: 100 }));
    assert.ok(all.total >= 10);
    const cases: [Partial<SearchRequest>, { offset: number; limit: number }][] = [
      [{ limit: 0 }, { offset: 0, limit: 1 }],
      [{ limit: -3 }, { offset: 0, limit: 1 }],
      [{ limit: 1_000 }, { offset: 0, limit: MAX_SEARCH_LIMIT }],
      [{ limit: 2.9 }, { offset: 0, limit: 2 }],
      [
        { offset: -7, limit: 3 },
        { offset: 0, limit: 3 },
      ],
      [
        { offset: 2.5, limit: 3 },
        { offset: 2, limit: 3 },
      ],
    ];
    for (const [request, expected] of cases) {
      const outcome = results(await search({ q: "cat:cs", ...request }), JSON.stringify(request));
      assert.equal(outcome.offset, expected.offset, JSON.stringify(request));
      assert.equal(outcome.limit, expected.limit, JSON.stringify(request));
      assert.deepEqual(idsOf(outcome), idsOf(all).slice(expected.offset, expected.offset + expected.limit));
    }
  });

  it("treats offsets and limits that are not finite whole numbers like missing ones, without failing", async () => {
    // The service clamps what it is given; a NaN or a huge offset must not reach SQLite as such.
    for (const sort of ["relevance", "trending"] as const) {
      for (const [offset, limit] of [
        [Number.NaN, 5],
        [0, Number.NaN],
        [Number.POSITIVE_INFINITY, 5],
        [1e300, 5],
      ]) {
        const context = `${sort} offset ${offset} limit ${limit}`;
        const outcome = await search({ q: "world", sort, offset, limit }).catch((error: Error) => error);
        assert.ok(!(outcome instanceof Error), `${context} threw ${String(outcome)}`);
        const r = results(outcome, context);
        assert.ok(Number.isInteger(r.offset) && r.offset >= 0, `${context}: offset ${r.offset}`);
        assert.ok(
          Number.isInteger(r.limit) && r.limit >= 1 && r.limit <= MAX_SEARCH_LIMIT,
          `${context}: limit ${r.limit}`,
        );
      }
    }
  });
});

describe("search service: modes and order", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: NO_SEMANTIC });
  });
  const search = (request: SearchRequest) => t.app.search.search(request);

  it("reports that meaning-based search is not set up", () => {
    const status = t.app.search.status();
    assert.equal(status.semantic, "disabled");
    assert.equal(status.defaultMode, "keyword");
    assert.equal(status.embedder, null);
  });

  it("falls back to keyword search for semantic and hybrid, saying so, with the keyword results", async () => {
    const keyword = results(await search({ q: "world models", mode: "keyword", highlight: true }));
    assert.equal(keyword.mode, "keyword");
    assert.equal(keyword.fallback, null);
    assert.ok(keyword.hits.length > 0);
    for (const mode of ["semantic", "hybrid"] as const) {
      const outcome = results(await search({ q: "world models", mode, highlight: true }), mode);
      assert.equal(outcome.mode, "keyword", mode);
      assert.match(outcome.fallback ?? "", /meaning/, mode);
      assert.match(outcome.fallback ?? "", /keyword/, mode);
      assert.deepEqual(idsOf(outcome), idsOf(keyword), mode);
      assert.equal(outcome.total, keyword.total);
      assert.ok(outcome.hits.every((hit) => hit.matchedBy.join() === "keyword"));
    }
    const filtersOnly = results(await search({ q: "cat:cs.CL", mode: "semantic" }));
    assert.equal(filtersOnly.mode, "keyword");
    assert.notEqual(filtersOnly.fallback, null);
    assert.equal(results(await search({ q: "world" })).fallback, null, "no mode asked: no fallback to explain");
  });

  it("sorts words by relevance and filters only by date, unless told", async () => {
    const words = results(await search({ q: "models", limit: 100 }));
    assert.equal(words.sort, "relevance");
    const scores = words.hits.map((hit) => hit.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    const filters = results(await search({ q: "cat:cs", limit: 100 }));
    assert.equal(filters.sort, "date");
    const dates = filters.hits.map((hit) => hit.paper.publishedAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const byDate = results(await search({ q: "models", sort: "date", limit: 100 }));
    const wordDates = byDate.hits.map((hit) => hit.paper.publishedAt);
    assert.deepEqual(wordDates, [...wordDates].sort().reverse());
    assert.deepEqual([...idsOf(byDate)].sort(), [...idsOf(words)].sort());
    assert.notDeepEqual(idsOf(byDate), idsOf(words), "the two orders differ on these papers");
  });

  it("sort=trending orders the matches by trending score, the rest after in relevance order", async () => {
    const q = "cat:cs";
    const relevance = results(await search({ q, sort: "relevance", limit: 100 }));
    const trending = results(await search({ q, sort: "trending", limit: 100 }));
    assert.equal(trending.sort, "trending");
    assert.equal(trending.total, relevance.total);
    const scores = await t.app.trending.rankPapers(idsOf(relevance), TEST_NOW.toISOString().slice(0, 10));
    const hotness = new Map(scores.map((s) => [s.score.paperId, s.score.hotness]));
    const expected = [...idsOf(relevance)].sort((a, b) => (hotness.get(b) ?? -1) - (hotness.get(a) ?? -1));
    assert.deepEqual(idsOf(trending), expected);
    // The fixture's starred paper is trending: near the top here, at the bottom by relevance.
    assert.ok(idsOf(trending).indexOf(STARRED_PAPER.id) < 2);
    assert.ok(idsOf(relevance).indexOf(STARRED_PAPER.id) > 5);
    // Pages of the trending order.
    const page = results(await search({ q, sort: "trending", offset: 1, limit: 3 }));
    assert.deepEqual(idsOf(page), expected.slice(1, 4));
    assert.equal(page.total, relevance.total);
  });

  it("pages keyword results without gaps or repeats", async () => {
    const all = results(await search({ q: "cat:cs", limit: 100 }));
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 5) {
      const page = results(await search({ q: "cat:cs", offset, limit: 5 }));
      assert.equal(page.total, all.total);
      assert.ok(page.hits.length <= 5);
      paged.push(...idsOf(page));
    }
    assert.deepEqual(paged, idsOf(all));
  });

  it("highlights words when asked, and returns the paper unchanged", async () => {
    const outcome = results(await search({ q: "world models", highlight: true }));
    const [best] = outcome.hits;
    assert.ok(best?.highlight);
    assert.equal(best.highlight.title.map((s) => s.text).join(""), best.paper.title);
    assert.ok(best.highlight.title.some((s) => s.match));
    const filtersOnly = results(await search({ q: "cat:cs", highlight: true }));
    assert.ok(filtersOnly.hits.length > 0);
    assert.ok(
      filtersOnly.hits.every((hit) => hit.highlight === null),
      "no words, nothing to mark",
    );
  });

  it("counts facets: primary categories, most first, and years ascending, over all matches", async () => {
    for (const q of ["cat:cs", "models", "cat:cs.LG"]) {
      const outcome = results(await search({ q, facets: true, limit: 100 }), q);
      assert.ok(outcome.facets, q);
      assert.ok(outcome.hits.length === outcome.total, "every match is on this page");
      const categories = new Map<string, number>();
      const years = new Map<string, number>();
      for (const { paper } of outcome.hits) {
        const primary = paper.categories[0]!;
        categories.set(primary, (categories.get(primary) ?? 0) + 1);
        const year = paper.publishedAt.slice(0, 4);
        years.set(year, (years.get(year) ?? 0) + 1);
      }
      const expectedCategories = [...categories]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      const expectedYears = [...years]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => (a.value < b.value ? -1 : 1));
      assert.deepEqual(outcome.facets.categories, expectedCategories, q);
      assert.deepEqual(outcome.facets.years, expectedYears, q);
      assert.equal(outcome.facets.countedMatches, outcome.total, q);
      assert.equal(outcome.facets.exact, true, q);
    }
    const crossListed = results(await search({ q: "cat:cs.LG", facets: true }));
    assert.ok(
      !crossListed.facets!.categories.some((c) => c.value === "cs.LG" && c.count === crossListed.total),
      "cross-listed papers count under their primary category",
    );
    const starred = crossListed.facets!.categories.find((c) => c.value === STARRED_PAPER.categories[0]);
    assert.ok(starred && starred.count >= 1, "STARRED_PAPER (cs.CL, cross-listed in cs.LG) counts under cs.CL");
    const years = results(await search({ q: "cat:cs", facets: true })).facets!.years.map((y) => y.value);
    assert.ok(years.length >= 2, "the fixture spans several years");
  });
});

describe("search service: similar papers without embeddings", () => {
  let t: TestApp;
  const records = [
    { id: "2401.20001", title: "Coral Reef Acoustics", abstract: "Hydrophones record snapping shrimp at night." },
    { id: "2401.20002", title: "Acoustics of Coral Spawning", abstract: "Spawning events are loud and brief." },
    { id: "2401.20003", title: "Reef Fish Census", abstract: "Divers count fish along transects." },
    { id: "2401.20004", title: "Bread Baking Chemistry", abstract: "Yeast ferments sugar into gas." },
    { id: "2401.20005", title: "Sourdough Starters", abstract: "Wild yeast cultures keep for years." },
    { id: "2401.20006", title: "Underwater Soundscapes", abstract: "Coral habitats are noisy places." },
    // Unrelated papers, so that the shared words are rare enough to weigh something.
    { id: "2401.20007", title: "Glacier Retreat Rates", abstract: "Ice fronts move inland each summer." },
    { id: "2401.20008", title: "Orbital Debris Tracking", abstract: "Radar follows fragments in low orbit." },
    { id: "2401.20009", title: "Honeybee Waggle Dances", abstract: "Foragers signal distance and direction." },
    { id: "2401.20010", title: "Desert Dune Migration", abstract: "Wind moves sand ridges across plains." },
    { id: "2401.20011", title: "Volcanic Ash Dispersal", abstract: "Plumes drift with upper winds." },
    { id: "2401.20012", title: "Tidal Marsh Carbon", abstract: "Salt marshes bury organic matter." },
  ];
  before(async () => {
    t = await createTestApp({ empty: true, env: NO_SEMANTIC });
    const lines = records.map((r) =>
      JSON.stringify({ ...r, authors: ["Sam Example"], categories: ["q-bio.PE"], published: "2024-01-10" }),
    );
    await t.app.importer.importLines(toSourceLines(lines));
  });

  it("finds papers sharing words with the title, most shared first, never the paper itself", async () => {
    const result = await t.app.search.similar("2401.20001", 10);
    assert.ok(result);
    assert.equal(result.paper.id, "2401.20001");
    const ids = result.similar.map((s) => s.paper.id);
    assert.ok(!ids.includes("2401.20001"), "not itself");
    assert.deepEqual([...ids].sort(), ["2401.20002", "2401.20003", "2401.20006"], "the papers sharing a word");
    assert.equal(ids[0], "2401.20002", "shares two words of the title");
    const similarities = result.similar.map((s) => s.similarity);
    assert.deepEqual(
      similarities,
      [...similarities].sort((a, b) => b - a),
    );
    assert.ok(
      similarities.every((s) => s > 0 && s <= 1),
      similarities.join(),
    );
  });

  it("returns at most the number asked for", async () => {
    const one = await t.app.search.similar("2401.20001", 1);
    assert.deepEqual(
      one?.similar.map((s) => s.paper.id),
      ["2401.20002"],
    );
    const none = await t.app.search.similar("2401.20004", 10);
    assert.deepEqual(
      none?.similar.map((s) => s.paper.id),
      [],
      "no other paper says bread, baking or chemistry",
    );
  });

  it("is null for an unknown paper", async () => {
    assert.equal(await t.app.search.similar("2401.29999", 5), null);
  });
});

describe("normalise", () => {
  it("maps scores linearly onto 0..1 by their minimum and maximum", () => {
    const input = new Map([
      [1, 10],
      [2, 5],
      [3, 0],
      [4, 7.5],
    ]);
    assert.deepEqual(
      normalise(input),
      new Map([
        [1, 1],
        [2, 0.5],
        [3, 0],
        [4, 0.75],
      ]),
    );
    assert.equal(input.get(1), 10, "the input is left alone");
    assert.deepEqual(
      normalise(
        new Map([
          [8, -3],
          [9, 1],
        ]),
      ),
      new Map([
        [8, 0],
        [9, 1],
      ]),
      "negative scores (BM25 can be) too",
    );
  });

  it("maps equal scores, and a single score, to 1; nothing to nothing", () => {
    assert.deepEqual(
      normalise(
        new Map([
          [1, 0.4],
          [2, 0.4],
        ]),
      ),
      new Map([
        [1, 1],
        [2, 1],
      ]),
    );
    assert.deepEqual(normalise(new Map([[5, -2]])), new Map([[5, 1]]));
    assert.equal(normalise(new Map()).size, 0);
  });
});

describe("fuseScores", () => {
  const keyword = [
    { seq: 1, score: 10 },
    { seq: 2, score: 5 },
    { seq: 3, score: 0 },
  ];
  const similarity = new Map([
    [1, 0.2],
    [2, 0.9],
    [4, 0.5],
  ]);

  it("interpolates normalised keyword and semantic scores over both lists", () => {
    const fused = fuseScores(keyword, similarity, 0.3);
    assert.deepEqual(
      fused.map((hit) => hit.seq),
      [1, 2, 4, 3],
    );
    const score = new Map(fused.map((hit) => [hit.seq, hit.score]));
    // seq 1: keyword 1, semantic 0; seq 2: keyword 0.5, semantic 1; seq 4: semantic only, (0.5-0.2)/0.7.
    assert.ok(Math.abs(score.get(1)! - 0.7) < 1e-12);
    assert.ok(Math.abs(score.get(2)! - (0.35 + 0.3)) < 1e-12);
    assert.ok(Math.abs(score.get(4)! - (0.3 * 0.3) / 0.7) < 1e-12);
    assert.equal(score.get(3), 0, "lowest keyword score and no similarity");
  });

  it("uses SEMANTIC_WEIGHT by default, and the weight decides between the lists", () => {
    assert.deepEqual(fuseScores(keyword, similarity), fuseScores(keyword, similarity, SEMANTIC_WEIGHT));
    assert.ok(SEMANTIC_WEIGHT > 0 && SEMANTIC_WEIGHT < 1);
    assert.deepEqual(
      fuseScores(keyword, similarity, 0).map((hit) => hit.seq),
      [1, 2, 3, 4],
      "keyword only: keyword order, then the rest",
    );
    assert.deepEqual(
      fuseScores(keyword, similarity, 1).map((hit) => hit.seq),
      [2, 4, 1, 3],
      "semantic only: similarity order, ties in keyword order",
    );
  });

  it("breaks ties by keyword rank, then by seq, so results are stable", () => {
    const tied = fuseScores(
      [],
      new Map([
        [7, 0.5],
        [5, 0.5],
        [6, 0.5],
      ]),
    );
    assert.deepEqual(
      tied.map((hit) => hit.seq),
      [5, 6, 7],
    );
    const keywordTies = fuseScores(
      [
        { seq: 9, score: 2 },
        { seq: 3, score: 2 },
      ],
      new Map(),
    );
    assert.deepEqual(
      keywordTies.map((hit) => hit.seq),
      [9, 3],
    );
    assert.deepEqual(fuseScores([], new Map()), []);
  });
});

describe("paperMatchesFilters", () => {
  const paper: FilterablePaper = {
    categories: ["stat.ML", "cs.LG", "hep-th"],
    publishedAt: "2024-03-15T23:59:59.000Z",
    githubRepo: null,
    authors: ["Zoë Ångström", "Grace Hopper", "Seán O'Brien"],
  };
  const matches = (q: string, candidate: FilterablePaper = paper) =>
    paperMatchesFilters(candidate, parseSearchQuery(`x ${q}`).filters);

  it("passes every paper when there are no filters", () => {
    assert.equal(matches(""), true);
  });

  it("matches any listed category, an archive by any of its subjects, and nothing by shared letters", () => {
    assert.equal(matches("cat:cs.LG"), true, "cross-listed");
    assert.equal(matches("cat:stat.ml"), true);
    assert.equal(matches("cat:cs"), true);
    assert.equal(matches("cat:hep-th"), true);
    assert.equal(matches("cat:cs.CV"), false);
    assert.equal(matches("cat:cs.CV cat:stat.ML"), true, "any of several");
    assert.equal(matches("cat:math"), false);
    assert.equal(matches("cat:hep"), false, "hep-th is not in an archive hep");
    assert.equal(matches("cat:cs.L"), false);
    assert.equal(matches("cat:math", { ...paper, categories: ["math-ph"] }), false, "math-ph is not in math");
    assert.equal(matches("cat:math", { ...paper, categories: ["math.AG"] }), true);
  });

  it("compares publication days, inclusive, whatever the time of day", () => {
    assert.equal(matches("from:2024-03-15"), true);
    assert.equal(matches("from:2024-03-16"), false);
    assert.equal(matches("to:2024-03-15"), true, "23:59:59 on the 15th is still the 15th");
    assert.equal(matches("to:2024-03-14"), false);
    assert.equal(matches("from:2024-03 to:2024-03"), true);
    assert.equal(matches("year:2024"), true);
    assert.equal(matches("year:2023"), false);
    assert.equal(matches("to:1990"), false);
  });

  it("has:code needs a repository", () => {
    assert.equal(matches("has:code"), false);
    assert.equal(matches("has:code", { ...paper, githubRepo: "org/repo" }), true);
  });

  it("author: needs the words next to each other in one name, ignoring case and diacritics", () => {
    assert.equal(matches('author:"zoe angstrom"'), true);
    assert.equal(matches('author:"ZOË ÅNGSTRÖM"'), true);
    assert.equal(matches("author:hopper"), true);
    assert.equal(matches('author:"Grace Hopper"'), true);
    assert.equal(matches('author:"Hopper Grace"'), false, "order matters");
    assert.equal(matches('author:"Angstrom Grace"'), false, "not across two names");
    assert.equal(matches("author:hop"), false, "whole words");
    assert.equal(matches("author:hopper author:zoe"), true, "every author filter");
    assert.equal(matches("author:hopper author:turing"), false);
    assert.equal(matches('author:"o\'brien"'), true);
    assert.equal(matches("author:sean"), true);
    assert.equal(matches("author:obrien"), false, "O'Brien is two words, as in the index");
  });

  it("needs every filter", () => {
    assert.equal(matches('cat:cs year:2024 author:"grace hopper"'), true);
    assert.equal(matches('cat:cs year:2024 author:"grace hopper" has:code'), false);
    assert.equal(matches('cat:math year:2024 author:"grace hopper"'), false);
  });
});
