import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { dayPeriod } from "../../src/core/listings/listing-period.js";
import { explainTrending } from "../../src/core/ranking/trending-explanation.js";
import { HOSTILE_PAPER, createTestApp, fixtureLines } from "../helpers/test-app.js";
import { assertWellFormedXml, parseXml, textOf, type XmlNode } from "./xml-assertions.js";

const CONTENT_TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
} as const;
type Format = keyof typeof CONTENT_TYPES;
const FORMATS = Object.keys(CONTENT_TYPES) as Format[];

const FEEDS = [
  "/feeds/trending",
  "/feeds/daily",
  "/feeds/date/2026-06-22",
  "/feeds/week/2026-W26",
  "/feeds/month/2026-06",
];
const FILTERED_TRENDING = "?window=month&category=cs.LG&has_code=1&date=2026-06-29";

describe("feed routes", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => (t = await createTestApp()));
  after(() => t.app.close());

  async function fetchFeed(path: string, format: Format, query = "") {
    const response = await t.request(`${path}.${format}${query}`);
    assert.equal(response.status, 200, `${path}.${format}${query}`);
    assert.equal(response.headers.get("content-type"), CONTENT_TYPES[format]);
    return response.text();
  }

  /** Item ids and titles, read the way each format spells them. */
  async function readItems(path: string, format: Format, query = "") {
    const body = await fetchFeed(path, format, query);
    if (format === "json") return JSON.parse(body).items.map((i: XmlNode) => ({ id: i.id, title: i.title }));
    assertWellFormedXml(body);
    const parsed = parseXml(body);
    if (format === "rss")
      return (parsed.rss.channel.item ?? []).map((i: XmlNode) => ({ id: textOf(i.guid), title: i.title }));
    return (parsed.feed.entry ?? []).map((e: XmlNode) => ({ id: e.id, title: textOf(e.title) }));
  }

  test("every feed answers 200 with its content type, well-formed, and the same items in every format", async () => {
    for (const path of FEEDS) {
      const [rss, atom, json] = await Promise.all(FORMATS.map((format) => readItems(path, format)));
      assert.ok(rss.length > 0, `${path} has items`);
      assert.deepEqual(atom, rss, `${path}: Atom and RSS agree`);
      assert.deepEqual(json, rss, `${path}: JSON Feed and RSS agree`);
    }
  });

  test("filtered trending feeds keep their filters in their own links", async () => {
    const atom = parseXml(await fetchFeed("/feeds/trending", "atom", FILTERED_TRENDING)).feed;
    const self = atom.link.find((l: XmlNode) => l["@rel"] === "self")["@href"];
    assert.equal(self, `${t.app.config.publicUrl}/feeds/trending.atom${FILTERED_TRENDING}`);
    assert.equal(textOf(atom.title), "Paperboy — Trending papers in cs.LG with code (past month, Jun 29, 2026)");
    const blank = JSON.parse(await fetchFeed("/feeds/trending", "json", "?category=&window=&has_code=&date="));
    assert.equal(blank.feed_url, `${t.app.config.publicUrl}/feeds/trending.json`, "empty form fields are no filter");
    const rss = parseXml(await fetchFeed("/feeds/trending", "rss", FILTERED_TRENDING)).rss.channel;
    assert.equal(rss["atom:link"]["@href"], `${t.app.config.publicUrl}/feeds/trending.rss${FILTERED_TRENDING}`);
    for (const item of rss.item) {
      const paper = await t.app.papers.findPaper(textOf(item.guid).split("/papers/")[1]!);
      assert.ok(paper?.githubRepo, `${item.title} has code`);
    }
  });

  test("the hostile paper's text round-trips exactly in every format", async () => {
    const stored = (await t.app.papers.findPaper(HOSTILE_PAPER.id))!;
    const rss = parseXml(await fetchFeed("/feeds/date/2026-06-29", "rss")).rss.channel.item[0];
    assert.equal(rss.title, HOSTILE_PAPER.title);
    assert.deepEqual(rss["dc:creator"], HOSTILE_PAPER.authors);
    assert.doesNotMatch(rss.description, /<(script|b|img)\b/, "the abstract's markup is text in the HTML");
    const atom = parseXml(await fetchFeed("/feeds/date/2026-06-29", "atom")).feed.entry[0];
    assert.equal(textOf(atom.title), HOSTILE_PAPER.title);
    assert.equal(textOf(atom.summary), stored.abstract);
    assert.deepEqual(
      atom.author.map((a: XmlNode) => a.name),
      HOSTILE_PAPER.authors,
    );
    const json = JSON.parse(await fetchFeed("/feeds/date/2026-06-29", "json")).items[0];
    assert.equal(json.title, HOSTILE_PAPER.title);
    assert.equal(json.content_text, stored.abstract);
    assert.deepEqual(
      json.authors,
      HOSTILE_PAPER.authors.map((name) => ({ name })),
    );
    for (const format of ["rss", "atom"] as const) {
      const body = await fetchFeed("/feeds/trending", format);
      assert.ok(!/<script|<img|]]>/.test(body), `${format}: no raw markup from the paper`);
    }
  });

  test("a day's feed lists exactly the papers of that day's list, in its order", async () => {
    const listed = fixtureLines("papers-small.jsonl")
      .map((line) => JSON.parse(line))
      .filter((r) => r.listing_dates?.includes("2026-06-22"))
      .map((r) => `${t.app.config.publicUrl}/papers/${r.id}`);
    const list = await t.app.listings.getPeriodList(dayPeriod("2026-06-22"), {
      sort: "trending",
      offset: 0,
      limit: 100,
    });
    const feed = JSON.parse(await fetchFeed("/feeds/date/2026-06-22", "json"));
    const ids = feed.items.map((i: XmlNode) => i.id);
    assert.deepEqual([...ids].sort(), [...listed].sort());
    assert.deepEqual(
      ids,
      list.items.map((i) => `${t.app.config.publicUrl}/papers/${i.paper.id}`),
    );
    assert.equal(feed.title, "Paperboy — Daily papers for Jun 22, 2026");
    assert.equal(feed.home_page_url, `${t.app.config.publicUrl}/papers/date/2026-06-22`);
  });

  test("the daily feed follows the latest list", async () => {
    const feed = JSON.parse(await fetchFeed("/feeds/daily", "json"));
    assert.equal(feed.title, "Paperboy — Daily papers");
    assert.equal(feed.feed_url, `${t.app.config.publicUrl}/feeds/daily.json`);
    assert.equal(feed.home_page_url, `${t.app.config.publicUrl}/papers/date/2026-06-29`);
    assert.deepEqual(
      feed.items.map((i: XmlNode) => i.id),
      [`${t.app.config.publicUrl}/papers/${HOSTILE_PAPER.id}`],
    );
  });

  test("week and month feeds are titled after their period", async () => {
    assert.equal(
      JSON.parse(await fetchFeed("/feeds/week/2026-W26", "json")).title,
      "Paperboy — Weekly papers for Week 26 of 2026",
    );
    assert.equal(
      JSON.parse(await fetchFeed("/feeds/month/2026-06", "json")).title,
      "Paperboy — Monthly papers for June 2026",
    );
  });

  test("JSON Feed items have the fields readers rely on", async () => {
    const feed = JSON.parse(await fetchFeed("/feeds/trending", "json"));
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.title, "Paperboy — Trending papers");
    assert.equal(feed.feed_url, `${t.app.config.publicUrl}/feeds/trending.json`);
    assert.ok(feed.items.length > 0 && feed.items.length <= 30);
    for (const item of feed.items) {
      for (const key of ["id", "url", "title", "content_text", "date_published"])
        assert.equal(typeof item[key], "string", key);
      assert.ok(item.url.startsWith(`${t.app.config.publicUrl}/papers/`), item.url);
      assert.match(item.external_url, /^https:\/\/arxiv\.org\/abs\//);
      assert.ok(!Number.isNaN(Date.parse(item.date_published)));
      assert.ok(item.authors.length > 0 && item.authors.every((a: XmlNode) => typeof a.name === "string"));
    }
  });

  test("trending items follow the ranking and say why they trend", async () => {
    const ranking = await t.app.trending.getTrending({ window: "week", offset: 0, limit: 30 });
    const feed = JSON.parse(await fetchFeed("/feeds/trending", "json"));
    assert.deepEqual(
      feed.items.map((i: XmlNode) => i.id),
      ranking.items.map((r) => `${t.app.config.publicUrl}/papers/${r.score.paperId}`),
    );
    const [top] = ranking.items;
    const why = explainTrending(top!.score, top!.signals.pageRanks).join(" · ");
    assert.equal(feed.items[0].summary, why);
    assert.ok(feed.items[0].content_text.startsWith(`${why}\n\n`));
    const rss = parseXml(await fetchFeed("/feeds/trending", "rss")).rss.channel.item[0];
    assert.match(rss.pubDate, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });
});
