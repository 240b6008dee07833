import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { type Bench, startBench } from "./account-test-kit.js";

describe("personal API tokens", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  async function createToken(name: string) {
    const browser = await bench.signedIn(`${name}@example.org`, name);
    const res = await browser.submit("/settings/tokens", "/settings/tokens", { name: `${name}'s script` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    const html = await res.text();
    const token = /<code class="token-value">(pb_[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];
    assert.ok(token, "the token is shown once");
    return { browser, token };
  }

  it("authenticates Authorization: Bearer, records last use, and stores only a hash", async () => {
    const { browser, token } = await createToken("tokenuser");
    const me = await bench.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get("cache-control"), "private, no-store");
    assert.deepEqual(await me.json(), {
      handle: "tokenuser",
      displayName: "tokenuser",
      role: "user",
      emailVerified: true,
      suspended: false,
      via: "api-token",
    });
    const { html } = await browser.get("/settings/tokens");
    assert.ok(!html.includes(token), "never shown again");
    assert.match(html, /tokenuser&#39;s script|tokenuser's script/);
    assert.doesNotMatch(html, /<td>never<\/td>/, "last use recorded");

    const db = new Database(bench.app.config.databaseFile, { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare("SELECT * FROM api_tokens").all());
      assert.ok(!dump.includes(token) && !dump.includes(token.slice(3)), "only the hash is stored");
    } finally {
      db.close();
    }
  });

  it("answers 401 to a wrong, malformed or revoked token, and to no credential", async () => {
    const { browser, token } = await createToken("revoker");
    for (const header of [
      `Bearer ${token}x`,
      "Bearer pb_nonsense",
      "Bearer",
      "Bearer not a token",
      `bearer ${token.slice(0, -1)}`,
    ]) {
      const res = await bench.request("/api/v1/me", { headers: { authorization: header } });
      assert.equal(res.status, 401, header);
      assert.match(res.headers.get("www-authenticate") ?? "", /Bearer/);
      const body = await res.text();
      assert.ok(!body.includes(token), "no token echoed");
    }
    assert.equal((await bench.request("/api/v1/me")).status, 401);

    const id = (
      await bench.app.accounts.listApiTokens((await bench.app.storage.accounts.users.findByHandle("revoker"))!.id)
    )[0]!.id;
    await browser.get("/settings/tokens");
    const revoke = await browser.post("/settings/tokens/revoke", { _csrf: browser.lastToken!, token_id: String(id) });
    assert.equal(revoke.status, 303);
    const after = await bench.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401, "revoked");
  });

  it("needs no CSRF token with a bearer token, and cannot manage the account with one", async () => {
    const { token } = await createToken("scripter");
    const post = await bench.request("/api/v1/me", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    assert.notEqual(post.status, 403, "bearer requests skip CSRF (no ambient credential)");
    const settings = await bench.request("/settings", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(settings.status, 303, "settings need a browser session");
  });
});
