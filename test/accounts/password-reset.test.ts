import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, linkPath, nextMails, startBench } from "./account-test-kit.js";

const NEW_PASSWORD = "a completely different passphrase";

describe("password reset by mail", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("mails a link that sets a new password once and ends every session", async () => {
    const signedIn = await bench.signedIn("reset@example.org", "resetter");
    const browser = bench.browser();
    const count = bench.sink.messages.length;
    const res = await browser.submit("/reset", "/reset", { email: "RESET@example.org" });
    assert.equal(res.status, 200);
    const [mail] = await nextMails(bench.sink, count);
    assert.equal(mail!.subject, "Reset your Paperboy password");
    const link = linkPath(mail!);
    assert.match(link, /^\/reset\?token=/);
    const form = await browser.get(link);
    assert.equal(form.res.status, 200);
    assert.equal(form.res.headers.get("referrer-policy"), "no-referrer", "the token stays out of Referer headers");
    const set = await browser.post("/reset/password", {
      _csrf: browser.lastToken!,
      token: browser.lastHidden.token!,
      password: NEW_PASSWORD,
    });
    assert.equal(set.status, 200);
    assert.match(await set.text(), /Password changed/);
    assert.equal((await signedIn.request("/settings")).status, 303, "the old session ended");
    const old = await browser.submit("/login", "/login", { email: "reset@example.org", password: PASSWORD });
    assert.equal(old.status, 401);
    const fresh = await browser.submit("/login", "/login", { email: "reset@example.org", password: NEW_PASSWORD });
    assert.equal(fresh.status, 303);
    const reuse = await browser.post("/reset/password", {
      _csrf: browser.lastToken!,
      token: link.split("=")[1]!,
      password: "yet another passphrase",
    });
    assert.equal(reuse.status, 400, "a reset link works once");
  });

  it("rejects tampered and expired reset links", async () => {
    await bench.signedIn("expire@example.org", "expirer");
    const browser = bench.browser();
    const count = bench.sink.messages.length;
    await browser.submit("/reset", "/reset", { email: "expire@example.org" });
    const link = linkPath((await nextMails(bench.sink, count))[0]!);
    const token = link.split("=")[1]!;
    const tampered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    assert.equal((await browser.get(`/reset?token=${tampered}`)).res.status, 400);
    await browser.get("/reset");
    const forged = await browser.post("/reset/password", {
      _csrf: browser.lastToken!,
      token: tampered,
      password: NEW_PASSWORD,
    });
    assert.equal(forged.status, 400);
    bench.clock.advance(61 * 60_000);
    try {
      assert.equal((await browser.get(link)).res.status, 400, "a reset link lasts an hour");
      const late = await browser.post("/reset/password", { _csrf: browser.lastToken!, token, password: NEW_PASSWORD });
      assert.equal(late.status, 400);
    } finally {
      bench.clock.advance(-61 * 60_000);
    }
  });

  it("answers the same for known and unknown addresses, and mails only the account", async () => {
    await bench.signedIn("known@example.org", "known");
    const count = bench.sink.messages.length;
    const known = await bench.browser().submit("/reset", "/reset", { email: "known@example.org" });
    const unknown = await bench.browser().submit("/reset", "/reset", { email: "nobody@example.org" });
    assert.equal(known.status, unknown.status);
    const normalise = (html: string) => html.replace(/value="[^"]*"/g, "").replace(/[a-z]+@example\.org/g, "ADDRESS");
    assert.equal(normalise(await known.text()), normalise(await unknown.text()));
    await nextMails(bench.sink, count);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      bench.sink.messages.slice(count).map((m) => m.envelopeTo[0]),
      ["known@example.org"],
    );
  });
});
