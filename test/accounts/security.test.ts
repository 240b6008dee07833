import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { renderAccountMail } from "../../src/delivery/email/account-mails.js";
import { type Bench, PASSWORD, linkPath, nextMails, startBench } from "./account-test-kit.js";

describe("account security details", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("writes no password, session id, mail-link token or API token to any log line", async () => {
    const browser = await bench.signedIn("logs@example.org", "logger");
    const count = bench.sink.messages.length;
    await bench.browser().submit("/reset", "/reset", { email: "logs@example.org" });
    const resetLink = linkPath((await nextMails(bench.sink, count))[0]!);
    const created = await browser.submit("/settings/tokens", "/settings/tokens", { name: "ci" });
    const apiToken = /(pb_[A-Za-z0-9_-]{43})/.exec(await created.text())![1]!;
    await bench.request("/api/v1/me", { headers: { authorization: `Bearer ${apiToken}` } });
    await bench.request("/api/v1/me", { headers: { authorization: `Bearer ${apiToken}x` } });
    await bench.browser().get(resetLink);
    const secrets = [PASSWORD, browser.sessionCookie()!, resetLink.split("=")[1]!, apiToken, apiToken.slice(3)];
    assert.ok(bench.logs.length > 10, "requests were logged");
    const text = bench.logs.join("");
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in the logs: ${secret.slice(0, 6)}…`);
    assert.ok(!text.includes("logs@example.org"), "no address in the logs either");
  });

  it("refuses an oversized form with 413 before reading it", async () => {
    const browser = bench.browser();
    await browser.get("/login");
    const res = await browser.post("/login", { _csrf: browser.lastToken!, email: "x".repeat(300_000), password: "p" });
    assert.equal(res.status, 413);
  });

  it("never answers 500 to malformed account requests", async () => {
    const browser = await bench.signedIn("odd@example.org", "odd");
    await browser.get("/settings");
    const token = browser.lastToken!;
    const posts: [string, Record<string, string>][] = [
      ["/settings/sessions/revoke", { session_id: "abc" }],
      ["/settings/sessions/revoke", { session_id: "1e400" }],
      ["/settings/tokens/revoke", { token_id: "-1" }],
      ["/settings/tokens", { name: "" }],
      ["/settings/tokens", { name: "x".repeat(500) }],
      ["/settings/name", { display_name: "" }],
      ["/settings/email", { email: "bad", current_password: PASSWORD }],
      ["/settings/password", { current_password: PASSWORD, new_password: "short" }],
      ["/verify", { token: "../../etc/passwd" }],
      ["/reset/password", { token: "A".repeat(43), password: "short" }],
      ["/reset/password", {}],
    ];
    for (const [path, fields] of posts) {
      const res = await browser.post(path, { _csrf: token, ...fields });
      assert.ok(res.status >= 400 && res.status < 500, `${path} ${JSON.stringify(fields)}: ${res.status}`);
    }
    const multipart = new FormData();
    multipart.set("_csrf", token);
    multipart.set("display_name", "From multipart");
    const res = await browser.request("/settings/name", { method: "POST", body: multipart });
    assert.equal(res.status, 303, "multipart forms work too");
    const garbage = await browser.request("/settings/name", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "x-csrf-token": token },
      body: "--x\r\nnonsense",
    });
    assert.ok(garbage.status >= 400 && garbage.status < 500, `garbage multipart: ${garbage.status}`);
  });

  it("keeps static assets cacheable for signed-in users", async () => {
    const browser = await bench.signedIn("static@example.org", "static");
    const { html } = await browser.get("/");
    const css = /href="(\/static\/site\.css\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const res = await browser.request(css);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
  });

  it("escapes every value in the HTML part of account mail", () => {
    const mail = renderAccountMail({
      kind: "email-changed",
      handle: "<b>x</b>",
      newEmail: `"><script>alert(1)</script>@example.org`,
      resetLink: `https://hub.example/reset?a=1&b="2"`,
    });
    assert.ok(!mail.html.includes("<script>"));
    assert.ok(!mail.html.includes("<b>x</b>"));
    assert.match(mail.html, /&lt;script&gt;/);
    assert.match(mail.html, /href="https:\/\/hub\.example\/reset\?a=1&amp;b=&quot;2&quot;"/);
    assert.match(mail.text, /<b>x<\/b>/, "the text part is plain text");
  });
});
