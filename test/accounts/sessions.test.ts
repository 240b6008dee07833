import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { type Bench, PASSWORD, startBench } from "./account-test-kit.js";

const DAY_MS = 86_400_000;

describe("login, sessions and their cookies", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("sets an HttpOnly, SameSite=Lax session cookie and shows the viewer in the header", async () => {
    const browser = await bench.signedIn("grace@example.org", "grace");
    const login = await browser.submit("/login", "/login", { email: "grace@example.org", password: PASSWORD });
    assert.equal(login.status, 303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("pb_session="));
    assert.ok(cookie, "a session cookie");
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/, "plain http: no Secure");
    const { res, html } = await browser.get("/");
    assert.equal(res.status, 200);
    assert.match(
      html,
      /<nav class="account-nav" aria-label="Account">(?:<a href="\/submit">Submit<\/a>)?<a href="\/settings"[^>]*>grace<\/a>/,
    );
    assert.match(html, /<form method="post" action="\/logout"/);
    assert.match(html, /<meta name="csrf-token" content="[^"]+"\/>/);
  });

  it("sends signed-in answers private and uncached, while signed-out pages stay public", async () => {
    const anonymous = await bench.request("/");
    assert.equal(anonymous.headers.get("cache-control"), "public, max-age=60");
    assert.match(anonymous.headers.get("vary") ?? "", /Cookie/);
    const browser = await bench.signedIn("cache@example.org", "cacher");
    for (let i = 0; i < 2; i++) {
      const { res, html } = await browser.get("/");
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      assert.equal(res.headers.get("etag"), null, "never from the shared cache");
      assert.match(html, /cacher/);
    }
    const again = await bench.request("/");
    assert.doesNotMatch(await again.text(), /cacher/, "the shared cache holds no signed-in page");
  });

  it("rotates the session id on login: a planted or earlier session id is worthless", async () => {
    const browser = await bench.signedIn("rotate@example.org", "rotate");
    const first = browser.sessionCookie()!;
    const login = await browser.submit("/login", "/login", { email: "rotate@example.org", password: PASSWORD });
    assert.equal(login.status, 303);
    const second = browser.sessionCookie()!;
    assert.notEqual(second, first);
    const stale = bench.browser();
    stale.cookies.set("pb_session", first);
    const { html } = await stale.get("/settings");
    assert.doesNotMatch(html, /rotate@example\.org/, "the old session ended");

    const planted = bench.browser();
    planted.cookies.set("pb_session", "attacker-chosen-session-value-1234567890");
    const res = await planted.submit("/login", "/login", { email: "rotate@example.org", password: PASSWORD });
    assert.equal(res.status, 303);
    assert.notEqual(planted.sessionCookie(), "attacker-chosen-session-value-1234567890");
  });

  it("treats a tampered session cookie as signed out and clears it", async () => {
    const browser = await bench.signedIn("tamper@example.org", "tamper");
    const value = browser.sessionCookie()!;
    browser.cookies.set("pb_session", value.slice(0, -2) + (value.endsWith("AA") ? "BB" : "AA"));
    const res = await browser.request("/settings");
    assert.equal(res.status, 303);
    assert.match(res.headers.get("location")!, /^\/login\?next=/);
    assert.ok(res.headers.getSetCookie().some((c) => /^pb_session=;/.test(c) && /Max-Age=0/.test(c)));
  });

  it("ends a session after the idle timeout and after the absolute lifetime", async () => {
    const idle = await bench.signedIn("idle@example.org", "idle");
    const active = await bench.signedIn("active@example.org", "active");
    const start = bench.clock.now;
    try {
      bench.clock.advance(13 * DAY_MS);
      assert.equal((await idle.request("/settings")).status, 200, "13 idle days: still signed in");
      bench.clock.advance(14 * DAY_MS + 1);
      assert.equal((await idle.request("/settings")).status, 303, "14 idle days after the last request: ended");
      bench.clock.now = start;
      for (let day = 1; day <= 59; day++) {
        bench.clock.advance(DAY_MS);
        assert.equal((await active.request("/settings")).status, 200, `day ${day}`);
      }
      bench.clock.advance(DAY_MS);
      assert.equal((await active.request("/settings")).status, 303, "60 days after sign-in: ended however active");
    } finally {
      bench.clock.now = start;
    }
  });

  it("logs out with POST (and a CSRF token), deleting the session", async () => {
    const browser = await bench.signedIn("bye@example.org", "bye");
    const session = browser.sessionCookie()!;
    const { html } = await browser.get("/");
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await browser.post("/logout", { _csrf: token });
    assert.equal(res.status, 303);
    assert.equal(browser.sessionCookie(), undefined);
    const reuse = bench.browser();
    reuse.cookies.set("pb_session", session);
    assert.equal((await reuse.request("/settings")).status, 303, "the server forgot the session");
  });

  it("lists sessions with device, IP and last seen, and revokes one", async () => {
    const laptop = await bench.signedIn("multi@example.org", "multi", "203.0.113.7");
    const phone = bench.browser("203.0.113.99");
    const login = await phone.request("/login");
    assert.equal(login.status, 200);
    await phone.get("/login");
    const res = await phone.post("/login", { _csrf: phone.lastToken!, email: "multi@example.org", password: PASSWORD });
    assert.equal(res.status, 303);
    const { html } = await laptop.get("/settings/sessions");
    assert.match(html, /Firefox on Linux/);
    assert.match(html, /203\.0\.113\.7/);
    assert.match(html, /203\.0\.113\.99/);
    assert.match(html, /\(this browser\)/);
    const sessions = await bench.app.accounts.listSessions(
      (await bench.app.storage.accounts.users.findByEmail("multi@example.org"))!.id,
    );
    const phoneSession = sessions.find((s) => s.ip === "203.0.113.99")!;
    const revoke = await laptop.post("/settings/sessions/revoke", {
      _csrf: laptop.lastToken!,
      session_id: String(phoneSession.id),
    });
    assert.equal(revoke.status, 303);
    assert.equal((await phone.request("/settings")).status, 303, "the revoked session is signed out");
    assert.equal((await laptop.request("/settings")).status, 200, "the other stays");
    const foreign = await laptop.post("/settings/sessions/revoke", { _csrf: laptop.lastToken!, session_id: "999999" });
    assert.equal(foreign.status, 404);
  });

  it("uses Secure __Host- cookies when PUBLIC_URL is https", async () => {
    const secure = await startBench({ PUBLIC_URL: "https://papers.example.org" });
    try {
      const browser = secure.browser();
      const page = await browser.request("/login");
      assert.ok(page.headers.getSetCookie().some((c) => c.startsWith("__Host-pb_csrf=") && /Secure/.test(c)));
    } finally {
      await secure.close();
    }
  });

  it("changes the password with the current one, renewing this session and ending the others", async () => {
    const here = await bench.signedIn("changer@example.org", "changer");
    const there = bench.browser();
    await there.submit("/login", "/login", { email: "changer@example.org", password: PASSWORD });
    const before = here.sessionCookie()!;
    const wrong = await here.submit("/settings", "/settings/password", {
      current_password: "not the password",
      new_password: "brand new passphrase",
    });
    assert.equal(wrong.status, 401);
    const res = await here.submit("/settings", "/settings/password", {
      current_password: PASSWORD,
      new_password: "brand new passphrase",
    });
    assert.equal(res.status, 303);
    assert.notEqual(here.sessionCookie(), before, "a new session id");
    assert.equal((await here.request("/settings")).status, 200, "still signed in here");
    assert.equal((await there.request("/settings")).status, 303, "signed out elsewhere");
    const stale = bench.browser();
    stale.cookies.set("pb_session", before);
    assert.equal((await stale.request("/settings")).status, 303, "the old id is dead");
    const login = await bench
      .browser()
      .submit("/login", "/login", { email: "changer@example.org", password: "brand new passphrase" });
    assert.equal(login.status, 303);
  });

  it("sweeps ended sessions, old mail links and idle throttle counts from the database", async () => {
    const browser = await bench.signedIn("sweep@example.org", "sweeper");
    const user = (await bench.app.storage.accounts.users.findByEmail("sweep@example.org"))!;
    await browser.submit("/reset", "/reset", { email: "sweep@example.org" });
    await bench.browser().submit("/login", "/login", { email: "sweep@example.org", password: "wrong password" });
    const start = bench.clock.now;
    try {
      bench.clock.advance(15 * DAY_MS);
      await bench.app.accounts.sweep();
      assert.deepEqual(await bench.app.storage.accounts.sessions.listForUser(user.id), [], "idle session deleted");
      const db = new Database(bench.app.config.databaseFile, { readonly: true });
      try {
        const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
        assert.equal(count(`SELECT count(*) AS n FROM email_tokens WHERE user_id = ${user.id}`), 0);
        assert.equal(count("SELECT count(*) AS n FROM auth_throttle"), 0);
      } finally {
        db.close();
      }
    } finally {
      bench.clock.now = start;
    }
  });
});
