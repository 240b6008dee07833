import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp } from "../helpers/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
before(async () => {
  t = await createTestApp();
});

async function page(path: string, status = 200): Promise<string> {
  const res = await t.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}`);
  return res.text();
}

const PAGES = [
  "/",
  "/papers",
  "/papers/week/2026-W27",
  `/papers/${STARRED_PAPER.id}`,
  "/authors/Grace%20Hopper",
  "/search",
];

describe("the search box in every page's header", () => {
  for (const path of PAGES) {
    it(`${path} has a labelled GET search form, the OpenSearch link and only external scripts`, async () => {
      const html = await page(path);
      assert.ok(
        html.includes('<form class="site-search" role="search" aria-label="Site" method="get" action="/search">'),
      );
      assert.ok(html.includes('<label class="sr-only" for="site-search-q">Search papers</label>'));
      assert.match(html, /<input id="site-search-q" type="search" name="q"[^>]* data-suggest=""\/>/);
      assert.ok(
        html.includes(
          '<link rel="search" type="application/opensearchdescription+xml" title="Paperboy" href="/opensearch.xml"/>',
        ),
      );
      const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
      assert.equal(scripts.length, 2, "two scripts: the search box's and the upvote button's");
      assert.match(scripts[0]!, /^<script type="module" src="\/static\/search\.js\?v=[0-9a-f]{12}">$/);
      assert.match(scripts[1]!, /^<script type="module" src="\/static\/votes\.js\?v=[0-9a-f]{12}">$/);
      assert.ok(!/<style|\sstyle="/.test(html), "no inline style");
    });
  }

  it("serves the script and its stylesheet, versioned and cached for a year", async () => {
    const html = await page("/");
    for (const [pattern, type] of [
      [/src="(\/static\/search\.js\?v=[0-9a-f]{12})"/, "text/javascript; charset=utf-8"],
      [/href="(\/static\/search\.css\?v=[0-9a-f]{12})"/, "text/css; charset=utf-8"],
    ] as const) {
      const url = pattern.exec(html)?.[1];
      assert.ok(url, `${pattern} linked`);
      const res = await t.request(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), type);
      assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.ok((await res.text()).length > 500);
      const unversioned = await t.request(url.replace(/\?v=.*/, "?v=old"));
      assert.equal(unversioned.headers.get("cache-control"), "public, max-age=86400");
    }
    assert.equal((await t.request("/static/site.css")).status, 200, "the other assets are still served");
  });

  it("describes the site as an OpenSearch engine", async () => {
    const res = await t.request("/opensearch.xml");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/opensearchdescription+xml; charset=utf-8");
    const xml = await res.text();
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<OpenSearchDescription'));
    assert.ok(xml.includes("<ShortName>Paperboy</ShortName>"));
    assert.ok(
      xml.includes('<Url type="text/html" method="get" template="http://127.0.0.1:3000/search?q={searchTerms}"/>'),
    );
  });
});

describe("similar papers on a paper page", () => {
  it("lists five papers close to this one, linked, without the paper itself", async () => {
    const id = "2606.20545";
    const html = await page(`/papers/${id}`);
    const section = html
      .split('<section class="similar" aria-labelledby="similar-heading">')[1]
      ?.split("</section>")[0];
    assert.ok(section, "a similar papers section");
    assert.ok(section.includes('<h2 id="similar-heading">Similar papers</h2>'));
    const expected = await t.app.search.similar(id, 5);
    assert.ok(expected && expected.similar.length > 0);
    const linked = [...section.matchAll(/<a href="\/papers\/([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(
      linked,
      expected.similar.map((s) => s.paper.id),
    );
    assert.ok(linked.length <= 5 && !linked.includes(id));
  });

  it("escapes hostile titles in the section", async () => {
    const html = await page(`/papers/${HOSTILE_PAPER.id}`);
    assert.ok(!html.includes("<script>alert"));
  });

  it("still sends the paper page when search fails, without the section", async () => {
    const { app, request } = await createTestApp();
    (app.search as { similar: unknown }).similar = async () => {
      throw new Error("vector index on fire");
    };
    const res = await request(`/papers/${STARRED_PAPER.id}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes("Similar papers") && !html.includes("on fire"));
  });
});

describe("trending narrowed by a search (/?q=)", () => {
  it("shows the matching trending papers with their why-trending lines and keeps q in the form", async () => {
    const html = await page("/?q=star%20growth");
    assert.ok(html.includes("<h1>Trending papers matching “star growth”</h1>"));
    const cards = html.split('<article class="card').slice(1);
    assert.equal(cards.length, 1);
    assert.ok(cards[0]!.includes(`href="/papers/${STARRED_PAPER.id}"`));
    assert.ok(cards[0]!.includes("+1,200 stars this week"), "the card still explains its trending");
    assert.ok(html.includes('<input id="filter-q" type="search" name="q" value="star growth"'));
    assert.ok(html.includes('<input id="site-search-q" type="search" name="q" value="star growth"'));
    assert.ok(!html.includes('id="filter-window"'), "the window does not apply to a search");
  });

  it("combines q with the category and code filters", async () => {
    const all = await page("/?q=cat:cs");
    const withCode = await page("/?q=cat:cs&has_code=1");
    const count = (html: string) => html.split('<article class="card').length - 1;
    assert.ok(count(withCode) >= 1 && count(withCode) < count(all));
    assert.equal(count(await page("/?q=star&category=cs.CV")), 0);
  });

  it("has an empty state, and a 400 for a search that means nothing", async () => {
    const none = await page("/?q=qwertyuiopasdf");
    assert.ok(none.includes("No trending papers match this search"));
    assert.ok(none.includes('href="/search?q=qwertyuiopasdf">Search all papers</a>'));
    const bad = await page(`/?q=${encodeURIComponent('"" ---')}`, 400);
    assert.ok(bad.includes("The search has no words or filters to look for."));
  });

  it("is unchanged without q", async () => {
    const html = await page("/?q=");
    assert.ok(html.includes("<h1>Trending papers</h1>"));
    assert.ok(html.includes('id="filter-window"'));
  });
});
