import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOSTILE_PAPER, createTestApp } from "../helpers/test-app.js";

/** Every page on which HOSTILE_PAPER's title, and so its card or page, appears. */
const PAGES_WITH_HOSTILE_PAPER = [
  "/",
  "/papers",
  "/papers/date/2026-06-29",
  "/papers/week/2026-W27",
  "/papers/month/2026-06",
  `/papers/${HOSTILE_PAPER.id}`,
  `/authors/${encodeURIComponent(HOSTILE_PAPER.authors[0]!)}`,
  `/authors/${encodeURIComponent(HOSTILE_PAPER.authors[1]!)}`,
];

/** Markup that must never appear raw: each would run script or inject an element. */
const RAW_PAYLOADS = [
  "<script>alert",
  "<img src=x onerror",
  "</title><img",
  "<b>tags</b>",
  "<b>mallory</b>",
  "</textarea><script>",
];

/** The same payloads as the page must show them: escaped text. */
const ESCAPED_TITLE =
  "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;apos&#39; &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;";
const ESCAPED_AUTHOR = "&lt;img src=x onerror=alert(3)&gt;";

describe("escaping of stored text", () => {
  for (const path of PAGES_WITH_HOSTILE_PAPER) {
    it(`${path} shows hostile strings as text, never as markup`, async () => {
      const { request } = await createTestApp();
      const res = await request(path);
      assert.equal(res.status, 200);
      const html = await res.text();
      for (const payload of RAW_PAYLOADS) assert.ok(!html.includes(payload), `raw ${payload}`);
      assert.ok(html.includes(ESCAPED_TITLE), "the title is there, escaped");
      assert.ok(html.includes(ESCAPED_AUTHOR), "the hostile author is there, escaped");
      // The CSP allows no inline script or style: the page must not need any.
      const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
      assert.ok(
        scripts.every((tag) => / src="\/static\/[^"]+"/.test(tag)),
        "no script element but the site's own external ones",
      );
      assert.ok(!/<style|\sstyle="/.test(html), "no inline style");
    });
  }

  it("the paper page escapes the abstract, comments and submitter, and renders the math between", async () => {
    const { request } = await createTestApp();
    const html = await (await request(`/papers/${HOSTILE_PAPER.id}`)).text();
    assert.ok(html.includes("Abstract with &lt;b&gt;tags&lt;/b&gt;, ]]&gt; CDATA end, &amp; ampersands, <math>"));
    assert.ok(html.includes("<mo>&lt;</mo>"), "the < inside $x<y$ is escaped MathML");
    assert.ok(html.includes("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert.ok(html.includes("<dd>&lt;/textarea&gt;&lt;script&gt;alert(4)&lt;/script&gt;</dd>"));
    assert.ok(html.includes("submitted by &lt;b&gt;mallory&lt;/b&gt;"));
    assert.ok(html.includes('<meta name="citation_title" content="&lt;script&gt;alert(&quot;title&quot;)'));
    assert.ok(html.includes('<meta name="citation_author" content="&lt;img src=x onerror=alert(3)&gt;"/>'));
  });

  it("author links percent-encode names, and the author page finds the paper again", async () => {
    const { request } = await createTestApp();
    const html = await (await request(`/papers/${HOSTILE_PAPER.id}`)).text();
    assert.ok(html.includes('<a href="/authors/%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E">'));
    assert.ok(
      html.includes('<a href="/authors/Ada%20%22Quote%22%20O&#39;Brien">Ada &quot;Quote&quot; O&#39;Brien</a>'),
    );
    const author = await (await request("/authors/Ada%20%22Quote%22%20O'Brien")).text();
    assert.ok(author.includes("<h1>Ada &quot;Quote&quot; O&#39;Brien</h1>"));
  });
});
