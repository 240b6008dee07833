// "Signed-in users subscribe in one click and manage it from their settings" (issue 6, item 1):
// a user with a confirmed account address subscribes from /settings/digests with one button,
// gets no confirmation mail, and finds the subscription (with its manage link) in settings.
// Typing another address, or an address not yet confirmed, still takes the double opt-in.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Bench, startBench } from "../accounts/account-test-kit.js";

describe("one-click subscription for signed-in users", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench({
      PUBLIC_URL: "https://paperboy.test",
      DIGEST_SECRET: "k1:0123456789abcdef0123456789abcdef",
    });
  });
  after(() => bench.close());

  const statusOf = async (email: string) => {
    const db = (await import("better-sqlite3")).default;
    const handle = new db(bench.app.config.databaseFile, { readonly: true });
    try {
      return handle
        .prepare<[string], { slug: string; status: string }>(
          `SELECT l.slug, s.status FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id
           JOIN digest_lists l ON l.id = s.list_id WHERE u.email = ? ORDER BY l.id`,
        )
        .all(email)
        .map((r) => `${r.slug}:${r.status}`);
    } finally {
      handle.close();
    }
  };

  test("one button in settings: confirmed at once, no mail, listed with a manage link", async () => {
    const browser = await bench.signedIn("reader@example.org", "reader");
    const mailsBefore = bench.sink.messages.length;
    const { html } = await browser.get("/settings/digests");
    assert.match(html, /You have no digest subscriptions/);
    assert.match(html, /Subscribe reader@example\.org to the daily digest/);
    const done = await browser.submit("/settings/digests", "/subscribe", {
      email: "reader@example.org",
      frequency: "daily",
    });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /You are subscribed/);
    assert.deepEqual(await statusOf("reader@example.org"), ["daily:confirmed"]);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(bench.sink.messages.length, mailsBefore, "no confirmation mail");

    const settings = await browser.get("/settings/digests");
    assert.match(settings.html, /Daily trending papers: confirmed/);
    assert.doesNotMatch(settings.html, /to the daily digest/, "no button for a list already subscribed");
    const manage = /href="(\/subscriptions\/manage\/[^"]+)"/.exec(settings.html)![1]!;
    const page = await browser.get(manage);
    assert.equal(page.res.status, 200);
    assert.match(page.html, /Status: active/);
  });

  test("another address, or the form without a session's token, still needs the confirmation mail", async () => {
    const browser = await bench.signedIn("second@example.org", "second");
    const mailsBefore = bench.sink.messages.length;
    await browser.submit("/settings/digests", "/subscribe", { email: "someone.else@example.org", frequency: "daily" });
    assert.deepEqual(await statusOf("someone.else@example.org"), ["daily:pending"]);
    const anonymous = await bench.request("/subscribe", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "second@example.org", frequency: "weekly" }).toString(),
    });
    assert.match(await anonymous.text(), /Check your inbox/);
    assert.deepEqual(await statusOf("second@example.org"), ["weekly:pending"]);
    const mails = await bench.sink.waitForMessages(mailsBefore + 2);
    assert.deepEqual(
      mails
        .slice(mailsBefore)
        .map((m) => m.envelopeTo[0])
        .sort(),
      ["second@example.org", "someone.else@example.org"],
    );
  });
});
