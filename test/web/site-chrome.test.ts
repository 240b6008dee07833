import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { STARRED_PAPER, createTestApp } from "../helpers/test-app.js";

const HTML_PAGES = [
  "/",
  "/papers",
  "/papers/date/2026-06-29",
  "/papers/week/2026-W27",
  "/papers/month/2026-06",
  `/papers/${STARRED_PAPER.id}`,
  "/authors/Grace%20Hopper",
];

function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

describe("site chrome", () => {
  for (const path of HTML_PAGES) {
    it(`${path} has landmarks, one h1, ordered headings, labels and no forbidden features`, async () => {
      const { request } = await createTestApp();
      const res = await request(path);
      assert.equal(res.status, 200);
      // Pages leave caching to the server's page middleware.
      assert.equal(res.headers.get("cache-control"), "public, max-age=60");
      const html = await res.text();
      assert.ok(html.startsWith('<!DOCTYPE html><html lang="en">'));
      assert.ok(html.includes('<meta name="viewport" content="width=device-width, initial-scale=1"/>'));
      assert.ok(html.includes('<a class="skip-link" href="#main">'));
      assert.ok(html.includes('<header class="site-header">'));
      assert.ok(html.includes('<nav class="site-nav" aria-label="Main">'));
      assert.ok(html.includes('<main id="main"'));
      assert.ok(html.includes('<footer class="site-footer">'));
      for (const [href, label] of [
        ["/", "Trending"],
        ["/papers", "Daily"],
        ["/papers/week", "Weekly"],
        ["/papers/month", "Monthly"],
      ]) {
        assert.match(html, new RegExp(`<a href="${href}"( aria-current="page")?>${label}</a>`));
      }
      const levels = headingLevels(html);
      assert.equal(levels.filter((l) => l === 1).length, 1, "one h1");
      assert.equal(levels[0], 1, "h1 first");
      levels.forEach((l, i) => assert.ok(i === 0 || l <= levels[i - 1]! + 1, `h${l} skips a level`));
      const controlIds = [...html.matchAll(/<select id="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(controlIds.length, path === "/" ? 2 : 0, "the trending filters have two selects");
      for (const id of controlIds) assert.ok(html.includes(`<label for="${id}">`), `label for #${id}`);
      assert.ok(!/<input type="checkbox"/.test(html) || html.includes('<label class="check"><input type="checkbox"'));
      assert.ok(!/<svg(?![^>]*(aria-hidden="true"|role="img"))/.test(html), "every svg is decorative or labelled");
      // Signed out, the upvote button is a plain link to log in (no form, no token on a cached page).
      assert.match(html, /<a class="vote-button" href="\/login\?next=[^"]+" title="Log in to upvote">/);
      assert.doesNotMatch(html, /<form method="post" action="\/votes"/);
      // The digest sign-up form is on the trending and daily pages; its fields are labelled.
      if (path === "/" || path === "/papers" || path.startsWith("/papers/date/")) {
        assert.match(html, /<form method="post" action="\/subscribe"/);
      }
      assert.ok(/<form[^>]*action="\/search"/.test(html), "a search box on every page");
      const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
      assert.ok(
        scripts.every((tag) => / src="\/static\/[^"]+"/.test(tag)),
        "only external scripts from /static (no inline script; pages work without it)",
      );
    });
  }

  it("links a content-versioned stylesheet served for a year, and a favicon", async () => {
    const { request } = await createTestApp();
    const html = await (await request("/")).text();
    const css = /<link rel="stylesheet" href="(\/static\/site\.css\?v=[0-9a-f]{12})"\/>/.exec(html)?.[1];
    assert.ok(css, "versioned stylesheet link");
    const res = await request(css);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.ok((await res.text()).includes(":focus-visible"), "focus styles");

    const unversioned = await request("/static/site.css?v=old");
    assert.equal(unversioned.status, 200);
    assert.equal(unversioned.headers.get("cache-control"), "public, max-age=86400");

    const icon = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"\/>/.exec(html)?.[1];
    assert.ok(icon);
    assert.equal((await request(icon)).headers.get("content-type"), "image/svg+xml");
    const legacy = await request("/favicon.ico");
    assert.equal(legacy.status, 301);
    assert.equal(legacy.headers.get("location"), icon);
  });

  it("serves the avatar the HF-compatible API links, and 404s unknown assets", async () => {
    const { request } = await createTestApp();
    const avatar = await request("/static/avatar.svg");
    assert.equal(avatar.status, 200);
    assert.equal(avatar.headers.get("content-type"), "image/svg+xml");
    assert.ok((await avatar.text()).startsWith("<svg"));
    assert.equal((await request("/static/secrets.env")).status, 404);
    assert.equal((await request("/static/../package.json")).status, 404);
  });

  it("answers unknown pages with a helpful 404", async () => {
    const { request } = await createTestApp();
    const res = await request("/no/such/page");
    assert.equal(res.status, 404);
    const html = await res.text();
    assert.ok(html.includes('<h1 id="error-title">Page not found</h1>'));
    assert.ok(html.includes('<a href="/">Trending papers</a>'));
    assert.ok(html.includes('<a href="/papers">Latest daily papers</a>'));
  });

  it("answers 404 for an author with no papers", async () => {
    const { request } = await createTestApp();
    const res = await request("/authors/Nobody%20At%20All");
    assert.equal(res.status, 404);
    assert.ok((await res.text()).includes("no papers by an author named “Nobody At All”"));
  });

  it("answers a failure with a 500 page showing the request id and nothing internal", async () => {
    const { app, request } = await createTestApp();
    (app.trending as { getTrending: unknown }).getTrending = async () => {
      throw new Error("disk on fire at /var/secret/path");
    };
    const res = await request("/", { headers: { "x-request-id": "req-test-1234" } });
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.ok(html.includes('<h1 id="error-title">Something went wrong</h1>'));
    assert.ok(html.includes("<code>req-test-1234</code>"));
    assert.ok(!html.includes("disk on fire") && !html.includes("/var/secret") && !html.includes("    at "));
    assert.equal(res.headers.get("cache-control"), null, "an error page is not cached");
  });
});
