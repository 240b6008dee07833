import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, linkPath, nextMails, startBench } from "./account-test-kit.js";

describe("change of email address", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("confirms the new address by mail, then tells the old one", async () => {
    const browser = await bench.signedIn("old@example.org", "mover");
    const wrong = await browser.submit("/settings", "/settings/email", {
      email: "new@example.org",
      current_password: "not my password",
    });
    assert.equal(wrong.status, 401);
    const count = bench.sink.messages.length;
    const res = await browser.submit("/settings", "/settings/email", {
      email: "new@example.org",
      current_password: PASSWORD,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/settings?done=email");
    const [confirm] = await nextMails(bench.sink, count);
    assert.deepEqual(confirm!.envelopeTo, ["new@example.org"]);
    assert.equal(confirm!.subject, "Confirm your new Paperboy address");
    const user = await bench.app.storage.accounts.users.findByHandle("mover");
    assert.equal(user!.email, "old@example.org", "unchanged until confirmed");

    const page = await browser.get(linkPath(confirm!));
    assert.match(page.html, /new@example\.org/);
    const done = await browser.post("/verify", { _csrf: browser.lastToken!, token: browser.lastHidden.token! });
    assert.equal(done.status, 200);
    const [notice] = await nextMails(bench.sink, count + 1);
    assert.deepEqual(notice!.envelopeTo, ["old@example.org"]);
    assert.equal(notice!.subject, "Your Paperboy address was changed");
    assert.match(notice!.text!, /new@example\.org/);
    assert.equal((await bench.app.storage.accounts.users.findByHandle("mover"))!.email, "new@example.org");

    const login = await bench.browser().submit("/login", "/login", { email: "new@example.org", password: PASSWORD });
    assert.equal(login.status, 303);
    const oldLogin = await bench.browser().submit("/login", "/login", { email: "old@example.org", password: PASSWORD });
    assert.equal(oldLogin.status, 401);
  });

  it("does not reveal that the new address has an account", async () => {
    await bench.signedIn("taken@example.org", "holder");
    const browser = await bench.signedIn("wants@example.org", "wanter");
    const count = bench.sink.messages.length;
    const res = await browser.submit("/settings", "/settings/email", {
      email: "taken@example.org",
      current_password: PASSWORD,
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/settings?done=email");
    const [mail] = await nextMails(bench.sink, count);
    assert.deepEqual(mail!.envelopeTo, ["taken@example.org"]);
    assert.equal(mail!.subject, "You already have a Paperboy account");
  });
});
