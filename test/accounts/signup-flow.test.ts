import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, PUBLIC_URL, linkPath, nextMails, startBench } from "./account-test-kit.js";

describe("sign-up and address verification through real SMTP", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("signs up, mails a link, and following it confirms the address", async () => {
    const browser = bench.browser();
    const count = bench.sink.messages.length;
    const res = await browser.submit("/signup", "/signup", {
      email: "Ada@Example.org",
      handle: "ada",
      display_name: "Ada Lovelace",
      password: PASSWORD,
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Check your inbox/);
    const [mail] = await nextMails(bench.sink, count);
    assert.deepEqual(mail!.envelopeTo, ["ada@example.org"]);
    assert.equal(mail!.subject, "Confirm your Paperboy address");
    assert.ok(
      mail!.html && mail!.html.includes(`href="${PUBLIC_URL}/verify?token=`),
      "an absolute link in the HTML part",
    );
    const link = linkPath(mail!);
    assert.match(link, /^\/verify\?token=[A-Za-z0-9_-]{43}$/);

    const confirm = await browser.get(link);
    assert.equal(confirm.res.status, 200);
    assert.match(confirm.html, /ada@example\.org/);
    const done = await browser.post("/verify", { _csrf: browser.lastToken!, token: browser.lastHidden.token! });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Address confirmed/);
    const user = await bench.app.storage.accounts.users.findByEmail("ada@example.org");
    assert.ok(user?.emailVerifiedAt, "verified");
    assert.equal(user.displayName, "Ada Lovelace");

    const again = await browser.post("/verify", { _csrf: browser.lastToken!, token: browser.lastHidden.token! });
    assert.equal(again.status, 400, "a link works once");
  });

  it("answers an existing address exactly like a new one, and mails 'you already have an account'", async () => {
    const first = bench.browser();
    const count = bench.sink.messages.length;
    const fresh = await first.submit("/signup", "/signup", {
      email: "new@example.org",
      handle: "newbie",
      password: PASSWORD,
    });
    const known = await bench.browser().submit("/signup", "/signup", {
      email: "ada@example.org",
      handle: "someone-else",
      password: PASSWORD,
    });
    assert.equal(fresh.status, known.status);
    const normalise = (html: string) => html.replace(/value="[^"]*"/g, "").replace(/[a-z]+@example\.org/g, "ADDRESS");
    assert.equal(normalise(await fresh.text()), normalise(await known.text()));
    const mails = await nextMails(bench.sink, count, 2);
    const already = mails.find((m) => m.envelopeTo[0] === "ada@example.org");
    assert.equal(already?.subject, "You already have a Paperboy account");
    assert.match(already!.text!, new RegExp(`${PUBLIC_URL}/login`));
    assert.equal(await bench.app.storage.accounts.users.findByHandle("someone-else"), null, "no second account");
  });

  it("refuses a taken handle and invalid input with 4xx and a helpful message", async () => {
    const browser = bench.browser();
    const taken = await browser.submit("/signup", "/signup", {
      email: "x@example.org",
      handle: "ADA",
      password: PASSWORD,
    });
    assert.equal(taken.status, 409);
    assert.match(await taken.text(), /handle &quot;ada&quot; is taken|handle "ada" is taken/);
    const cases: Record<string, string>[] = [
      { email: "not-an-address", handle: "valid", password: PASSWORD },
      { email: "y@example.org", handle: "a", password: PASSWORD },
      { email: "y@example.org", handle: "admin", password: PASSWORD },
      { email: "y@example.org", handle: "valid", password: "short" },
      { email: "y@example.org", handle: "valid", password: PASSWORD, display_name: "evil\u202ename" },
      { email: "y@example.org", handle: "<script>", password: PASSWORD },
    ];
    for (const fields of cases) {
      const res = await browser.submit("/signup", "/signup", fields);
      assert.equal(res.status, 400, JSON.stringify(fields));
      const html = await res.text();
      assert.match(html, /role="alert"/);
      assert.ok(!html.includes("<script>"), "input is escaped");
      assert.ok(!html.includes(PASSWORD), "the password is never echoed");
    }
  });

  it("rejects a tampered or expired verification link", async () => {
    const browser = bench.browser();
    const count = bench.sink.messages.length;
    await browser.submit("/signup", "/signup", { email: "late@example.org", handle: "late", password: PASSWORD });
    const link = linkPath((await nextMails(bench.sink, count))[0]!);
    const token = link.split("=")[1]!;
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    assert.equal((await browser.get(`/verify?token=${tampered}`)).res.status, 400);
    assert.equal((await browser.get("/verify?token=short")).res.status, 400);
    assert.equal((await browser.get("/verify")).res.status, 400);
    bench.clock.advance(49 * 3_600_000);
    try {
      assert.equal((await browser.get(link)).res.status, 400, "expired after 48 hours");
    } finally {
      bench.clock.advance(-49 * 3_600_000);
    }
  });
});
