import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderAtomFeed } from "../../src/delivery/feeds/atom-feed.js";
import type { FeedDocument, FeedItem } from "../../src/delivery/feeds/feed-document.js";
import { renderJsonFeed } from "../../src/delivery/feeds/json-feed.js";
import { renderRssFeed } from "../../src/delivery/feeds/rss-feed.js";
import { assertWellFormedXml, parseXml, textOf } from "./xml-assertions.js";

/** Text the HTTP fixtures cannot carry: the importer collapses whitespace, including U+2028. */
const AWKWARD = `Line\u2028separator, tab\tand\r\nCRLF, ]]> & <b>"quotes"</b> 'apos' 😀`;

const item = (overrides: Partial<FeedItem> = {}): FeedItem => ({
  id: "https://hub.example/papers/2606.00001",
  url: "https://hub.example/papers/2606.00001",
  arxivUrl: "https://arxiv.org/abs/2606.00001",
  title: AWKWARD,
  summary: `Abstract: ${AWKWARD}`,
  trendingNote: "+5 stars this week · 2 days old",
  authors: [AWKWARD, "Grace Hopper"],
  categories: ["cs.LG"],
  publishedAt: "2026-06-28T17:00:00.000Z",
  updatedAt: "2026-06-29T09:30:00.000Z",
  ...overrides,
});

const doc = (items: FeedItem[]): FeedDocument => ({
  title: `Paperboy — ${AWKWARD}`,
  description: AWKWARD,
  homePageUrl: "https://hub.example/?window=month&has_code=1",
  feedUrls: {
    rss: "https://hub.example/feeds/trending.rss?window=month&has_code=1",
    atom: "https://hub.example/feeds/trending.atom?window=month&has_code=1",
    json: "https://hub.example/feeds/trending.json?window=month&has_code=1",
  },
  updatedAt: "2026-06-30T00:00:00.000Z",
  items,
});

describe("feed serialisers", () => {
  test("RSS carries the text exactly, the self link with its query, and RFC 822 dates", () => {
    const xml = renderRssFeed(doc([item()]));
    assertWellFormedXml(xml);
    const channel = parseXml(xml).rss.channel;
    assert.equal(channel.title, `Paperboy — ${AWKWARD}`);
    assert.equal(channel["atom:link"]["@href"], "https://hub.example/feeds/trending.rss?window=month&has_code=1");
    const [entry] = channel.item;
    assert.equal(entry.title, AWKWARD);
    assert.deepEqual(entry["dc:creator"], [AWKWARD, "Grace Hopper"]);
    assert.equal(entry.pubDate, "Sun, 28 Jun 2026 17:00:00 GMT");
    assert.equal(textOf(entry.guid), "https://hub.example/papers/2606.00001");
  });

  test("RSS descriptions are HTML whose only tags are the serialiser's own", () => {
    const description: string = parseXml(renderRssFeed(doc([item()]))).rss.channel.item[0].description;
    const tags = description.match(/<[^>]*>/g) ?? [];
    assert.deepEqual(new Set(tags), new Set(["<p>", "</p>", '<a href="https://arxiv.org/abs/2606.00001">', "</a>"]));
    const text = description
      .replace(/<[^>]*>/g, "\n")
      .replace(/&#x([0-9A-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    assert.ok(text.includes(`Abstract: ${AWKWARD}`), text);
    assert.ok(text.includes("+5 stars this week"), text);
  });

  test("Atom carries the text exactly in type=text constructs, with RFC 3339 dates", () => {
    const xml = renderAtomFeed(doc([item()]));
    assertWellFormedXml(xml);
    const feed = parseXml(xml).feed;
    assert.equal(textOf(feed.title), `Paperboy — ${AWKWARD}`);
    const [entry] = feed.entry;
    assert.equal(textOf(entry.title), AWKWARD);
    assert.equal(entry.title["@type"], "text");
    assert.equal(entry.summary["@type"], "text");
    assert.equal(textOf(entry.summary), `+5 stars this week · 2 days old\n\nAbstract: ${AWKWARD}`);
    assert.deepEqual(
      entry.author.map((a: { name: string }) => a.name),
      [AWKWARD, "Grace Hopper"],
    );
    assert.equal(entry.published, "2026-06-28T17:00:00.000Z");
    assert.equal(entry.updated, "2026-06-29T09:30:00.000Z");
    assert.equal(feed.author, undefined, "every entry names its authors");
  });

  test("Atom names a feed author when an entry has none (RFC 4287 §4.1.1)", () => {
    const feed = parseXml(renderAtomFeed(doc([item(), item({ authors: [] })]))).feed;
    assert.deepEqual(
      feed.author.map((a: { name: string }) => a.name),
      ["Paperboy"],
    );
  });

  test("JSON Feed carries the same text, with <, U+2028 and U+2029 escaped", () => {
    const json = renderJsonFeed(doc([item()]));
    assert.doesNotMatch(json, /[<\u2028\u2029]/);
    const feed = JSON.parse(json);
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.title, `Paperboy — ${AWKWARD}`);
    assert.equal(feed.feed_url, "https://hub.example/feeds/trending.json?window=month&has_code=1");
    const [entry] = feed.items;
    assert.equal(entry.title, AWKWARD);
    assert.equal(entry.content_text, `+5 stars this week · 2 days old\n\nAbstract: ${AWKWARD}`);
    assert.equal(entry.summary, "+5 stars this week · 2 days old");
    assert.deepEqual(entry.authors, [{ name: AWKWARD }, { name: "Grace Hopper" }]);
    assert.deepEqual(entry.tags, ["cs.LG"]);
  });

  test("an item without a trending note has no note in any format", () => {
    const plain = item({ trendingNote: null });
    assert.equal(JSON.parse(renderJsonFeed(doc([plain]))).items[0].summary, undefined);
    assert.equal(textOf(parseXml(renderAtomFeed(doc([plain]))).feed.entry[0].summary), plain.summary);
    assert.ok(!parseXml(renderRssFeed(doc([plain]))).rss.channel.item[0].description.includes("stars"));
  });
});
