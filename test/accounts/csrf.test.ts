import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, createSignedInUser, startBench } from "./account-test-kit.js";

describe("CSRF protection", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("answers 403 with a clear page to a form without its token, or with a wrong one", async () => {
    await bench.signedIn("csrf@example.org", "csrf");
    const browser = bench.browser();
    await browser.get("/login");
    for (const token of [undefined, "", "forged-token", browser.lastToken!.slice(1)]) {
      const fields: Record<string, string> = { email: "csrf@example.org", password: PASSWORD };
      if (token !== undefined) fields._csrf = token;
      const res = await browser.post("/login", fields);
      assert.equal(res.status, 403, `token ${token}`);
      const html = await res.text();
      assert.match(html, /This form has expired/);
      assert.equal(browser.sessionCookie(), undefined, "not signed in");
    }
    const noCookie = bench.browser();
    const res = await noCookie.post("/signup", {
      _csrf: browser.lastToken!,
      email: "a@example.org",
      handle: "abc",
      password: PASSWORD,
    });
    assert.equal(res.status, 403, "a token is worthless without the cookie it is bound to");
  });

  it("binds signed-in tokens to the session", async () => {
    const alice = await bench.signedIn("alice@example.org", "alice");
    const mallory = await bench.signedIn("mallory@example.org", "mallory");
    await mallory.get("/settings");
    const res = await alice.post("/settings/name", { _csrf: mallory.lastToken!, display_name: "Pwned" });
    assert.equal(res.status, 403);
    assert.equal((await bench.app.storage.accounts.users.findByHandle("alice"))!.displayName, "alice");
    await alice.get("/settings");
    const ok = await alice.post("/settings/name", { _csrf: alice.lastToken!, display_name: "Alice A." });
    assert.equal(ok.status, 303);
    assert.equal((await bench.app.storage.accounts.users.findByHandle("alice"))!.displayName, "Alice A.");
  });

  it("guards logout, and JSON calls made with the session cookie", async () => {
    const browser = await bench.signedIn("json@example.org", "jsoner");
    const logout = await browser.post("/logout", {});
    assert.equal(logout.status, 403);
    assert.ok(browser.sessionCookie(), "still signed in");
    const api = await browser.request("/api/v1/me", { method: "POST" });
    assert.equal(api.status, 403);
    assert.match(await api.text(), /X-CSRF-Token/);
  });

  it("accepts the X-CSRF-Token header, as createSignedInUser gives it to other features' tests", async () => {
    const { headers } = await createSignedInUser(bench.app, {
      email: "kit@example.org",
      handle: "kit",
      role: "moderator",
    });
    const me = await bench.request("/api/v1/me", { headers });
    assert.deepEqual(
      { status: me.status, role: ((await me.json()) as { role: string }).role },
      { status: 200, role: "moderator" },
    );
    const res = await bench.request("/settings/name", {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: "display_name=Kit",
    });
    assert.equal(res.status, 303);
    const { cookie } = headers;
    const forged = await bench.request("/settings/name", {
      method: "POST",
      headers: { cookie: cookie!, "content-type": "application/x-www-form-urlencoded", "x-csrf-token": "nope" },
      body: "display_name=Forged",
    });
    assert.equal(forged.status, 403);
    assert.equal((await bench.app.storage.accounts.users.findByHandle("kit"))!.displayName, "Kit");
  });
});
