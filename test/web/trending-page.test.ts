import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createApp } from "../../src/app.js";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { loadConfig } from "../../src/config.js";
import { explainTrending } from "../../src/core/ranking/trending-explanation.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import { createLogger } from "../../src/lib/logger.js";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp, fixtureLines, toSourceLines } from "../helpers/test-app.js";

/** Every card on a page, as HTML. */
function cards(html: string): string[] {
  return html.split(/<article class="card/).slice(1);
}

function cardOf(html: string, id: string): string {
  const card = cards(html).find((c) => c.includes(`href="/papers/${id}"`));
  assert.ok(card, `no card for ${id}`);
  return card;
}

/** Papers published and listed on `day`, with upvotes so they trend. */
function generatedPapers(count: number, day: string): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `2606.${50000 + i}`,
      title: `Generated paper ${i}`,
      abstract: "A generated abstract.",
      authors: ["Prolific Author"],
      categories: ["cs.RO"],
      published: day,
      daily_listings: [day],
      upvotes: 5 + i,
    }),
  );
}

describe("GET / (trending)", () => {
  it("lists trending papers as cards with rank, why-trending line, badges and code links", async () => {
    const { app, request } = await createTestApp();
    const res = await request("/");
    assert.equal(res.status, 200);
    const html = await res.text();
    const expected = await app.trending.getTrending({ window: "week", offset: 0, limit: 30 });
    assert.equal(cards(html).length, expected.items.length);
    assert.ok(expected.items.length >= 2);

    const starred = expected.items.find((r) => r.score.paperId === STARRED_PAPER.id)!;
    const card = cardOf(html, STARRED_PAPER.id);
    const why = explainTrending(starred.score, starred.signals.pageRanks).join(" · ");
    assert.match(why, /\+1,200 stars this week · 42 upvotes/);
    assert.ok(card.includes(why), "the why-trending line is on the card");
    assert.ok(card.includes('href="https://github.com/test-org/star-repo"'));
    assert.ok(card.includes("2K"), "star count");
    assert.ok(card.includes("42 upvotes"));
    assert.ok(card.includes('<a href="/authors/Grace%20Hopper">Grace Hopper</a>'));
    assert.ok(!card.includes("badge-new"), "published 28 days before: not new");
    assert.ok(cardOf(html, HOSTILE_PAPER.id).includes('class="badge badge-new">New<'), "published the day before");
    const rank = expected.items.findIndex((r) => r.score.paperId === STARRED_PAPER.id) + 1;
    assert.ok(card.includes(`<span class="sr-only">Rank </span>${rank}<`));
  });

  it("advertises the trending feeds in <head> and visibly", async () => {
    const { request } = await createTestApp();
    const html = await (await request("/")).text();
    for (const [type, href] of [
      ["application/rss+xml", "/feeds/trending.rss"],
      ["application/atom+xml", "/feeds/trending.atom"],
      ["application/feed+json", "/feeds/trending.json"],
    ] as const) {
      assert.match(
        html,
        new RegExp(`<link rel="alternate" type="${type.replace("+", "\\+")}" title="[^"]+" href="${href}"/>`),
      );
    }
    assert.ok(html.includes('<a href="/feeds/trending.rss">'));
  });

  it("filters by category and code with a GET form that keeps its state", async () => {
    const { app, request } = await createTestApp();
    const html = await (await request("/?category=cs.CL&has_code=1")).text();
    const expected = await app.trending.getTrending({
      window: "week",
      category: "cs.CL",
      hasCode: true,
      offset: 0,
      limit: 30,
    });
    assert.equal(cards(html).length, expected.items.length);
    assert.ok(expected.items.length > 0);
    for (const card of cards(html)) assert.ok(card.includes('href="https://github.com/'), "every card has code");
    assert.match(html, /<form class="toolbar" method="get" action="\/"/);
    assert.match(html, /<option value="cs.CL" selected="">/);
    assert.match(html, /<input type="checkbox" name="has_code" value="1" checked=""\/>/);
    assert.match(html, /<option value="week" selected="">/);
  });

  it("keeps an unlisted but well-formed category selected and shows a helpful empty state", async () => {
    const { request } = await createTestApp();
    const res = await request("/?category=astro-ph.GA&window=day");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.equal(cards(html).length, 0);
    assert.ok(html.includes("No trending papers match these filters"));
    assert.match(html, /<option value="astro-ph.GA" selected="">astro-ph.GA<\/option>/);
    assert.ok(html.includes('href="/?window=day">Clear filters'));
    assert.ok(html.includes('href="/?window=month&amp;category=astro-ph.GA">Try the past 30 days'));
  });

  it("treats the empty values a form sends as no filter", async () => {
    const { request } = await createTestApp();
    const res = await request("/?window=week&category=&page=");
    assert.equal(res.status, 200);
    assert.ok(cards(await res.text()).length > 0);
  });

  for (const [query, mentions] of [
    ["window=year", 'window="year"'],
    ["page=0", 'page="0"'],
    ["page=abc", 'page="abc"'],
    ["page=99999", 'page="99999"'],
    ["date=2026-02-30", 'date="2026-02-30"'],
    ["date=yesterday", 'date="yesterday"'],
    ["has_code=maybe", 'has_code="maybe"'],
  ] as const) {
    it(`answers 400 with the reason for ?${query}`, async () => {
      const { request } = await createTestApp();
      const res = await request(`/?${query}`);
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.ok(html.includes(mentions.replaceAll('"', "&quot;")), `message names ${mentions}`);
      assert.ok(html.includes('<a href="/">Trending papers</a>'));
    });
  }

  it("escapes a hostile parameter in the 400 message", async () => {
    const { request } = await createTestApp();
    const res = await request(`/?category=${encodeURIComponent("<script>alert(1)</script>")}`);
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.ok(!html.includes("<script>alert(1)"));
    assert.ok(html.includes("category=&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"));
  });

  it("ranks as of an explicit date and keeps it in the form", async () => {
    const { request } = await createTestApp();
    const html = await (await request("/?date=2026-06-21")).text();
    assert.ok(html.includes("as of Jun 21, 2026"));
    assert.ok(html.includes('<input type="hidden" name="date" value="2026-06-21"/>'));
    assert.ok(!html.includes("the latest day with data in this hub"));
  });

  it("paginates 30 per page with previous and next links", async () => {
    const { app, request } = await createTestApp();
    await app.importer.importLines(toSourceLines(generatedPapers(40, "2026-06-29")));
    const { total } = await app.trending.getTrending({ window: "week", offset: 0, limit: 1 });
    assert.ok(total > 40 && total <= 60, `two pages expected, got ${total} papers`);

    const first = await (await request("/")).text();
    assert.equal(cards(first).length, 30);
    assert.ok(first.includes('<a href="/?page=2" rel="next">'));
    assert.ok(!first.includes('rel="prev"'));
    assert.ok(first.includes("Page 1 of 2"));

    const second = await (await request("/?page=2")).text();
    assert.equal(cards(second).length, total - 30);
    assert.ok(second.includes('<a href="/" rel="prev">'));
    assert.ok(!second.includes('rel="next"'));
    assert.ok(second.includes('<span class="sr-only">Rank </span>31<'));

    const past = await request("/?page=3");
    assert.equal(past.status, 404);
    assert.ok((await past.text()).includes("There is no page 3"));
  });

  it("says honestly when the hub's data ends before today", async () => {
    const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/paperboy-test-unused", LOG_LEVEL: "silent" });
    const app = createApp(config, {
      now: () => new Date("2026-07-15T12:00:00Z"),
      logger: createLogger("silent"),
      storage: createSqliteStorage(":memory:"),
    });
    await app.importer.importLines(toSourceLines(fixtureLines("papers-small.jsonl")));
    const latest = await app.trending.getTrending({ window: "week", offset: 0, limit: 1 });
    assert.equal(latest.isLatestData, true);
    const html = await (await createHttpApp(app).request("/")).text();
    const day = new Date(`${latest.asOf}T00:00:00Z`).toLocaleDateString("en-US", {
      timeZone: "UTC",
      month: "short",
      day: "numeric",
      year: "numeric",
    });
    assert.ok(html.includes(`Showing trending as of ${day}, the latest day with data in this hub.`));
  });

  it("shows an empty state, not an error, for an empty hub", async () => {
    const { request } = await createTestApp({ empty: true });
    const res = await request("/");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes("Nothing is trending yet"));
    assert.ok(html.includes('<a href="/papers">Browse the daily papers</a>'));
  });
});
