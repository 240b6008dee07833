import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, startBench } from "../accounts/account-test-kit.js";

function assertWellFormedPage(html: string, path: string): void {
  assert.ok(html.startsWith('<!DOCTYPE html><html lang="en">'), path);
  assert.equal([...html.matchAll(/<h1[\s>]/g)].length, 1, `${path}: one h1`);
  for (const [, id] of html.matchAll(/<input id="(field-[^"]+)"/g)) {
    assert.ok(html.includes(`<label for="${id}">`), `${path}: a label for #${id}`);
  }
  const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
  assert.ok(
    scripts.every((tag) => / src="\/static\//.test(tag)),
    `${path}: no inline script`,
  );
  assert.ok(!/ on[a-z]+=/.test(html), `${path}: no inline event handlers`);
}

describe("account pages", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  for (const path of ["/signup", "/login", "/reset"]) {
    it(`${path} is a complete, uncached page with a CSRF-protected form and the signed-out header`, async () => {
      const browser = bench.browser();
      const { res, html } = await browser.get(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      assertWellFormedPage(html, path);
      assert.match(
        html,
        /<form method="post" action="\/[a-z/]+" class="account-form"><input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}"\/>/,
      );
      assert.match(
        html,
        /<nav class="account-nav" aria-label="Account"><a href="\/login">Log in<\/a><a href="\/signup">Sign up<\/a><\/nav>/,
      );
    });
  }

  it("renders the settings, sessions and tokens pages for a signed-in user, and redirects others to log in", async () => {
    const browser = await bench.signedIn("pages@example.org", "pages");
    for (const path of ["/settings", "/settings/sessions", "/settings/tokens"]) {
      const { res, html } = await browser.get(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      assertWellFormedPage(html, path);
      const anonymous = await bench.request(path);
      assert.equal(anonymous.status, 303);
      assert.equal(anonymous.headers.get("location"), `/login?next=${encodeURIComponent(path)}`);
    }
  });

  it("escapes a hostile display name everywhere it is shown", async () => {
    const browser = await bench.signedIn("xss@example.org", "xss");
    await browser.get("/settings");
    const payload = `<img src=x onerror=alert(1)>"'`;
    const res = await browser.post("/settings/name", { _csrf: browser.lastToken!, display_name: payload });
    assert.equal(res.status, 303);
    const { html } = await browser.get("/");
    assert.ok(!html.includes("<img src=x"), "not markup");
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it("sends a signed-in user back where they were going after login, but never off-site", async () => {
    await bench.signedIn("next@example.org", "nexter");
    for (const [next, expected] of [
      ["/settings/tokens", "/settings/tokens"],
      ["//evil.example", "/"],
      ["/\\evil.example", "/"],
      ["https://evil.example", "/"],
    ] as const) {
      const browser = bench.browser();
      const res = await browser.submit(`/login?next=${encodeURIComponent(next)}`, "/login", {
        email: "next@example.org",
        password: PASSWORD,
        next,
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), expected, next);
    }
  });

  it("deletes an account only with its password", async () => {
    const browser = await bench.signedIn("leaver@example.org", "leaver");
    const wrong = await browser.submit("/settings", "/settings/delete", { current_password: "not it at all" });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /not your current password/);
    const res = await browser.submit("/settings", "/settings/delete", { current_password: PASSWORD });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Account deleted/);
    assert.equal(browser.sessionCookie(), undefined);
    assert.equal(await bench.app.storage.accounts.users.findByEmail("leaver@example.org"), null);
    const login = await bench.browser().submit("/login", "/login", { email: "leaver@example.org", password: PASSWORD });
    assert.equal(login.status, 401);
  });

  it("opens /admin/jobs to a signed-in admin, not to other users", async () => {
    const user = await bench.signedIn("plain@example.org", "plain");
    assert.equal((await user.request("/admin/jobs")).status, 404, "no token configured and not an admin");
    const admin = await bench.signedIn("boss@example.org", "boss");
    await bench.app.accounts.setRole("boss@example.org", "admin");
    const { res, html } = await admin.get("/admin/jobs");
    assert.equal(res.status, 200);
    assert.match(html, /Scheduled jobs/);
    assert.match(html, /boss/, "the header knows the admin");
  });
});
