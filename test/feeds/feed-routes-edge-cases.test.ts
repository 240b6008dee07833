import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";
import { assertWellFormedXml, parseXml, textOf } from "./xml-assertions.js";

const FORMATS = ["rss", "atom", "json"] as const;

describe("feed requests that are wrong", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => (t = await createTestApp()));
  after(() => t.app.close());

  test("invalid periods and filters answer 400 with a message; unknown feeds 404", async () => {
    const bad = {
      "/feeds/date/2026-02-30.rss": "not a date",
      "/feeds/date/yesterday.json": "not a date",
      "/feeds/week/2026-W54.atom": "not an ISO week",
      "/feeds/week/2026-26.rss": "not an ISO week",
      "/feeds/month/2026-13.json": "not a month",
      "/feeds/trending.rss?window=year": "window",
      "/feeds/trending.atom?date=2026-13-01": "date",
      "/feeds/trending.json?category=%3Cscript%3E": "category",
    };
    for (const [path, message] of Object.entries(bad)) {
      const response = await t.request(path);
      assert.equal(response.status, 400, path);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain/, path);
      assert.ok((await response.text()).includes(message), path);
    }
    for (const path of [
      "/feeds/trending.xml",
      "/feeds/date/2026-06-22.html",
      "/feeds/latest.rss",
      "/feeds/year/2026.rss",
      "/feeds/trending",
    ]) {
      assert.equal((await t.request(path)).status, 404, path);
    }
  });
});

describe("text XML 1.0 cannot carry", () => {
  test("is dropped from every format alike", async () => {
    const t = await createTestApp({ empty: true });
    const record = {
      id: "2606.00042",
      title: "Control\u0001 characters\u001F and U+FFFF\uFFFF in a title",
      abstract: "Bell\u0007 in an abstract",
      authors: ["Nul\u0000 Author"],
      categories: ["cs.LG"],
      published: "2026-06-10",
      daily_listings: [{ date: "2026-06-10" }],
    };
    await t.app.importer.importLines(toSourceLines([JSON.stringify(record)]));
    const path = "/feeds/date/2026-06-10";
    const rss = await (await t.request(`${path}.rss`)).text();
    const atom = await (await t.request(`${path}.atom`)).text();
    const json = JSON.parse(await (await t.request(`${path}.json`)).text()).items[0];
    assertWellFormedXml(rss);
    assertWellFormedXml(atom);
    const title = "Control characters and U+FFFF in a title";
    assert.equal(parseXml(rss).rss.channel.item[0].title, title);
    assert.equal(textOf(parseXml(atom).feed.entry[0].title), title);
    assert.equal(json.title, title);
    assert.equal(json.content_text, "Bell in an abstract");
    assert.deepEqual(json.authors, [{ name: "Nul Author" }]);
    await t.app.close();
  });
});

describe("feeds of an empty hub", () => {
  test("are valid and empty", async () => {
    const t = await createTestApp({ empty: true });
    for (const path of ["/feeds/daily", "/feeds/trending"]) {
      for (const format of FORMATS) {
        const response = await t.request(`${path}.${format}`);
        assert.equal(response.status, 200, `${path}.${format}`);
        const body = await response.text();
        if (format === "json") assert.deepEqual(JSON.parse(body).items, []);
        else assertWellFormedXml(body);
      }
    }
    await t.app.close();
  });
});
