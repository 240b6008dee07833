import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOSTILE_PAPER, createTestApp, toSourceLines } from "../helpers/test-app.js";

function cardCount(html: string): number {
  return html.split(/<article class="card/).length - 1;
}

function feedHrefs(html: string): string[] {
  return [...html.matchAll(/<link rel="alternate" type="[^"]+" title="[^"]*" href="([^"]+)"\/>/g)].map((m) => m[1]!);
}

function listedPapers(count: number, day: string): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `2606.${60000 + i}`,
      title: `Listed paper ${i}`,
      abstract: "Listed.",
      authors: ["List Author"],
      categories: ["cs.AI"],
      published: day,
      daily_listings: [{ date: day, submitted_at: `${day}T${String(i % 24).padStart(2, "0")}:00:00Z` }],
    }),
  );
}

describe("daily list pages", () => {
  it("/papers shows the latest day with papers, its feeds and the way back", async () => {
    const { request } = await createTestApp();
    const res = await request("/papers");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes("<h1>Daily papers</h1>"));
    assert.ok(html.includes("Monday, June 29, 2026"));
    assert.equal(cardCount(html), 1);
    assert.ok(html.includes(`href="/papers/${HOSTILE_PAPER.id}"`));
    assert.deepEqual(feedHrefs(html), ["/feeds/daily.rss", "/feeds/daily.atom", "/feeds/daily.json"]);
    assert.ok(html.includes('<a href="/feeds/daily.rss">'));
    assert.ok(html.includes('<a href="/papers" aria-current="page">Daily</a>'));
    assert.ok(html.includes('href="/papers/date/2026-06-23"'), "previous day with papers");
  });

  it("a day page links the nearest days with papers and the week and month views", async () => {
    const { request } = await createTestApp();
    const html = await (await request("/papers/date/2026-06-29")).text();
    assert.deepEqual(feedHrefs(html), [
      "/feeds/date/2026-06-29.rss",
      "/feeds/date/2026-06-29.atom",
      "/feeds/date/2026-06-29.json",
    ]);
    assert.ok(
      html.includes('<a href="/papers/date/2026-06-23"><span class="sr-only">Previous day: </span>← Jun 23, 2026</a>'),
    );
    assert.ok(!html.includes("Next day: "), "nothing listed after the 29th");
    assert.ok(html.includes('<a href="/papers/week/2026-W27">Week</a>'));
    assert.ok(html.includes('<a href="/papers/month/2026-06">Month</a>'));
    assert.ok(html.includes('<span aria-current="page">Day</span>'));
  });

  it("an empty day answers 200, says so, and still links the neighbouring lists", async () => {
    const { request } = await createTestApp();
    const res = await request("/papers/date/2026-06-27");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.equal(cardCount(html), 0);
    assert.ok(html.includes("No papers on Jun 27, 2026"));
    assert.ok(html.includes('href="/papers/date/2026-06-23"'));
    assert.ok(html.includes('href="/papers/date/2026-06-29"'));
  });

  it("sorts by trending or newest, and rejects other orders", async () => {
    const { request } = await createTestApp();
    const newest = await (await request("/papers/month/2026-06?sort=publishedAt")).text();
    assert.ok(newest.includes('<span aria-current="true">Newest</span>'));
    assert.ok(newest.includes('<a href="/papers/month/2026-06">Trending</a>'));
    assert.ok(!newest.includes('<span class="sr-only">Rank </span>'), "a newest-first list is not ranked");
    const trending = await (await request("/papers/month/2026-06")).text();
    assert.ok(trending.includes('<span class="sr-only">Rank </span>1<'));
    assert.equal(cardCount(trending), cardCount(newest));

    const bad = await request("/papers/month/2026-06?sort=random");
    assert.equal(bad.status, 400);
    assert.ok((await bad.text()).includes("is not a sort order"));
  });

  it("week pages follow ISO 8601 weeks, across year ends", async () => {
    const { request } = await createTestApp();
    for (const [key, span] of [
      ["2026-W01", "Dec 29, 2025 – Jan 4, 2026"],
      ["2025-W52", "Dec 22, 2025 – Dec 28, 2025"],
      ["2020-W53", "Dec 28, 2020 – Jan 3, 2021"],
      ["2026-W27", "Jun 29, 2026 – Jul 5, 2026"],
    ] as const) {
      const res = await request(`/papers/week/${key}`);
      assert.equal(res.status, 200, key);
      assert.ok((await res.text()).includes(span), `${key} spans ${span}`);
    }
    for (const key of ["2021-W53", "2026-W00", "2026-W1", "2026-53"]) {
      const res = await request(`/papers/week/${key}`);
      assert.equal(res.status, 400, key);
      assert.ok((await res.text()).includes("is not an ISO week"), key);
    }
  });

  it("week and month pages have their own feeds", async () => {
    const { request } = await createTestApp();
    const week = await (await request("/papers/week/2026-W27")).text();
    assert.deepEqual(feedHrefs(week), [
      "/feeds/week/2026-W27.rss",
      "/feeds/week/2026-W27.atom",
      "/feeds/week/2026-W27.json",
    ]);
    const month = await (await request("/papers/month/2026-06")).text();
    assert.deepEqual(feedHrefs(month), [
      "/feeds/month/2026-06.rss",
      "/feeds/month/2026-06.atom",
      "/feeds/month/2026-06.json",
    ]);
    assert.ok(month.includes("<h1>June 2026</h1>"));
  });

  for (const path of [
    "/papers/date/2026-02-30",
    "/papers/date/20260629",
    "/papers/month/2026-13",
    "/papers/month/26-06",
  ]) {
    it(`answers 400 for ${path}`, async () => {
      const { request } = await createTestApp();
      const res = await request(path);
      assert.equal(res.status, 400);
      assert.match(await res.text(), /is not a (date|month)/);
    });
  }

  it("the nav's Weekly and Monthly go to the period of the latest list", async () => {
    const { request } = await createTestApp();
    const week = await request("/papers/week");
    assert.equal(week.status, 302);
    assert.equal(week.headers.get("location"), "/papers/week/2026-W27");
    const month = await request("/papers/month");
    assert.equal(month.headers.get("location"), "/papers/month/2026-06");
    assert.equal((await request("/papers/date")).headers.get("location"), "/papers");
  });

  it("paginates a long day 30 per page, keeping the sort in the links", async () => {
    const { request, app } = await createTestApp();
    await app.importer.importLines(toSourceLines(listedPapers(45, "2026-06-27")));
    const first = await (await request("/papers/date/2026-06-27?sort=publishedAt")).text();
    assert.equal(cardCount(first), 30);
    assert.ok(first.includes("45 papers on the daily list"));
    assert.ok(first.includes('<a href="/papers/date/2026-06-27?sort=publishedAt&amp;page=2" rel="next">'));
    const second = await (await request("/papers/date/2026-06-27?sort=publishedAt&page=2")).text();
    assert.equal(cardCount(second), 15);
    assert.ok(second.includes('<a href="/papers/date/2026-06-27?sort=publishedAt" rel="prev">'));
    const past = await request("/papers/date/2026-06-27?page=3");
    assert.equal(past.status, 404);
    assert.ok((await past.text()).includes("There is no page 3"));
  });

  it("an empty hub's /papers explains there are no lists yet", async () => {
    const { request } = await createTestApp({ empty: true });
    const res = await request("/papers");
    assert.equal(res.status, 200);
    assert.ok((await res.text()).includes("This hub has no daily lists yet."));
  });
});
