import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp, toSourceLines } from "../helpers/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

/** Papers sharing one rare word, enough for three result pages of 20. */
const GENERATED_COUNT = 45;

function generatedPapers(): string[] {
  return Array.from({ length: GENERATED_COUNT }, (_, i) =>
    JSON.stringify({
      id: `2605.${60000 + i}`,
      title: `Zanzibarian benchmark number ${i}`,
      abstract: "A generated abstract about zanzibarian robots.",
      authors: ["Prolific Author"],
      categories: [i % 3 === 0 ? "cs.RO" : "cs.LG"],
      published: `2025-0${1 + (i % 9)}-15`,
    }),
  );
}

before(async () => {
  t = await createTestApp();
  await t.app.importer.importLines(toSourceLines(generatedPapers()));
});

async function page(path: string, status = 200): Promise<string> {
  const res = await t.request(path);
  const html = await res.text();
  assert.equal(res.status, status, `${path.slice(0, 80)} → ${res.status}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  return html;
}

function cards(html: string): string[] {
  return html.split('<article class="card search-hit">').slice(1);
}

describe("GET /search", () => {
  it("starts with an empty box and examples of the query language", async () => {
    const html = await page("/search");
    assert.ok(html.includes("<h1>Search papers</h1>"));
    assert.ok(html.includes('<input id="search-q" type="search" name="q" value=""'));
    assert.ok(html.includes('<h2 id="search-examples-heading">How to search</h2>'));
    for (const example of ["/search?q=diffusion+models", "/search?q=cat%3Acs.LG+year%3A2024", "has%3Acode"]) {
      assert.ok(html.includes(example), `example ${example}`);
    }
    assert.equal(cards(html).length, 0);
    assert.ok(html.includes('<link rel="canonical" href="http://127.0.0.1:3000/search"/>'));
  });

  it("shows hits as cards with the matched words marked, the count and the query in the boxes", async () => {
    const html = await page("/search?q=world%20models&mode=keyword");
    assert.ok(html.includes("<title>“world models”: search · Paperboy</title>"));
    assert.ok(html.includes('<meta name="robots" content="noindex"/>'), "result pages stay out of search engines");
    assert.ok(html.includes('<input id="search-q" type="search" name="q" value="world models"'));
    assert.ok(html.includes('<input id="site-search-q" type="search" name="q" value="world models"'));
    assert.ok(html.includes('<a href="/papers/2606.20545">Current <mark>World</mark> <mark>Models</mark> Lack'));
    assert.match(html, /<p class="abstract-snippet"><mark>World<\/mark> <mark>models<\/mark> are/);
    // Two fixture papers have both words, fewer than the 10 below which papers with either word are ranked too.
    assert.ok(html.includes("Few papers contain every word; showing papers that contain some of them."));
    const summary = /<p class="result-summary" role="status">(\d+) papers · matched by words · \d+ ms<\/p>/.exec(html);
    assert.ok(summary, "a result count");
    assert.equal(cards(html).length, Number(summary[1]));
    assert.ok(cards(html).length > 2, "papers with one of the words follow the two with both");
    assert.ok(!html.includes("related by meaning"), "keyword hits do not say so");
  });

  it("offers category and year facets that narrow the search", async () => {
    const html = await page("/search?q=zanzibarian&mode=keyword");
    assert.match(
      html,
      /<a href="\/search\?q=zanzibarian\+cat%3Acs\.LG&amp;mode=keyword"><span class="mono">cs\.LG<\/span><span class="facet-count">30<\/span>/,
    );
    assert.match(
      html,
      /<a href="\/search\?q=zanzibarian\+cat%3Acs\.RO&amp;mode=keyword"><span class="mono">cs\.RO<\/span><span class="facet-count">15<\/span>/,
    );
    assert.match(
      html,
      /<a href="\/search\?q=zanzibarian\+year%3A2025&amp;mode=keyword"><span class="year">2025<\/span><svg class="bar"/,
    );
    const narrowed = await page("/search?q=zanzibarian+cat%3Acs.RO&mode=keyword");
    assert.match(narrowed, /15 papers · matched by words/);
    assert.ok(narrowed.includes('<span class="chip">category: cs.ro</span>'), "the filter is shown in words");
    assert.ok(
      narrowed.includes('<a href="/search?q=zanzibarian+cat%3Acs.RO&amp;mode=keyword" aria-current="true">'),
      "the chosen category is marked, and its link does not repeat the filter",
    );
    const year = await page("/search?q=zanzibarian+from%3A2020+to%3A2030&mode=keyword");
    assert.ok(
      year.includes('href="/search?q=zanzibarian+year%3A2025&amp;mode=keyword"'),
      "a year replaces other date filters",
    );
  });

  it("pages through many hits, keeping the search in every link", async () => {
    const first = await page("/search?q=zanzibarian&mode=keyword&sort=date");
    assert.equal(cards(first).length, 20);
    assert.ok(first.includes("Page 1 of 3"));
    assert.ok(first.includes('<a href="/search?q=zanzibarian&amp;mode=keyword&amp;sort=date&amp;page=2" rel="next">'));
    const second = await page("/search?q=zanzibarian&mode=keyword&sort=date&page=2");
    assert.equal(cards(second).length, 20);
    assert.ok(second.includes('<ol class="cards search-hits" start="21"'));
    assert.ok(second.includes('<a href="/search?q=zanzibarian&amp;mode=keyword&amp;sort=date" rel="prev">'));
    assert.ok(second.includes('<option value="date" selected="">Newest first</option>'));
    assert.equal(cards(await page("/search?q=zanzibarian&mode=keyword&sort=date&page=3")).length, 5);
    const past = await page("/search?q=zanzibarian&mode=keyword&page=4", 404);
    assert.ok(past.includes("There is no page 4"));
  });

  it("narrows to papers with code with a checkbox, and says which filters apply", async () => {
    const html = await page(`/search?q=${encodeURIComponent('author:"Grace Hopper" star')}&has_code=1`);
    assert.equal(cards(html).length, 1);
    assert.ok(cards(html)[0]!.includes(`href="/papers/${STARRED_PAPER.id}"`));
    assert.match(html, /<input type="checkbox" name="has_code" value="1" checked=""\/>/);
    assert.ok(html.includes('<span class="chip">author: Grace Hopper</span>'));
    assert.ok(html.includes('<span class="chip">with code</span>'));
    const dates = await page("/search?q=from%3A2026-06+to%3A2026-06-20+world");
    assert.ok(dates.includes('<span class="chip">published 2026-06-01 to 2026-06-20</span>'));
  });

  it("explains repaired input and a mode that could not run", async () => {
    const html = await page(`/search?q=${encodeURIComponent('"world models')}&mode=semantic`);
    assert.match(html, /<ul class="notice search-warnings" aria-label="About your search"><li>[^<]+<\/li>/);
    if (t.app.search.status().semantic !== "ready") {
      assert.match(html, /<p class="notice">Search by meaning[^<]*keyword results\.<\/p>/);
    }
    assert.equal(cards(html).length, 1);
  });

  it("has a helpful page for no results", async () => {
    const html = await page("/search?q=qwertyuiopasdf&has_code=1");
    assert.ok(html.includes("No papers match this search"));
    assert.ok(html.includes('href="/search?q=qwertyuiopasdf">Include papers without code</a>'));
    assert.ok(!html.includes('class="facets"'), "no facets for nothing");
  });

  it("answers 400 with the reason and examples for a search that means nothing", async () => {
    const html = await page(`/search?q=${encodeURIComponent('"" ---')}`, 400);
    assert.ok(html.includes('<p class="notice" role="alert">The search has no words or filters to look for.</p>'));
    assert.ok(html.includes('value="&quot;&quot; ---"'), "the query is shown back, escaped");
    assert.ok(html.includes("How to search"));
    const blankWithCode = await page("/search?q=%20&has_code=1");
    assert.ok(cards(blankWithCode).length > 0, "a filter alone is a search");
  });

  for (const [query, mentions] of [
    ["q=x&mode=fuzzy", "mode=&quot;fuzzy&quot;"],
    ["q=x&sort=best", "sort=&quot;best&quot;"],
    ["q=x&page=0", "page=&quot;0&quot;"],
    ["q=x&has_code=maybe", "has_code=&quot;maybe&quot;"],
  ] as const) {
    it(`answers 400 naming the bad parameter for ?${query}`, async () => {
      assert.ok((await page(`/search?${query}`, 400)).includes(mentions));
    });
  }

  it("shows a hostile paper's title, abstract and authors as escaped text with marks", async () => {
    const html = await page("/search?q=quotes+apos+tags");
    const card = cards(html).find((c) => c.includes(`href="/papers/${HOSTILE_PAPER.id}"`));
    assert.ok(card, "the hostile paper is found");
    for (const payload of ["<script>alert", "<img src=x onerror", "</title><img", "<b>tags</b>"]) {
      assert.ok(!html.includes(payload), `raw ${payload}`);
    }
    assert.ok(card.includes("&lt;/script&gt; &amp; &quot;<mark>quotes</mark>&quot; &#39;<mark>apos</mark>&#39;"));
    assert.ok(card.includes("&lt;b&gt;<mark>tags</mark>&lt;/b&gt;"));
    assert.ok(card.includes("&lt;img src=x onerror=alert(3)&gt;"));
    assert.ok(!/<style|\sstyle="/.test(html), "no inline style");
  });

  it("never answers 500 for odd input, and shows it back escaped", async () => {
    const odd = [
      '"',
      "NEAR(",
      "*",
      "👍🙂 deep🙂learning",
      "<script>alert(1)</script>",
      "\u202eabc",
      "a".repeat(10_001),
    ];
    for (const q of odd) {
      for (const extra of ["", "&sort=trending", "&mode=hybrid&page=2"]) {
        const res = await t.request(`/search?q=${encodeURIComponent(q)}${extra}`);
        assert.ok([200, 400, 404].includes(res.status), `${JSON.stringify(q.slice(0, 20))}${extra} → ${res.status}`);
        const html = await res.text();
        assert.ok(!html.includes("<script>alert"), "the query is escaped");
      }
    }
    const long = await page(`/search?q=${"a".repeat(10_001)}`);
    assert.ok(long.includes("cut to its first 10000 characters"), "the long query is cut, with a warning");
  });
});
