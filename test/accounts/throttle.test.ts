import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { THROTTLE_RULES, recordHit, secondsUntilAllowed } from "../../src/core/accounts/throttle-policy.js";
import { type Bench, PASSWORD, START, startBench } from "./account-test-kit.js";

describe("throttle policy", () => {
  it("lets the free attempts through, then blocks with a doubling delay up to the cap", () => {
    const rule = { freeHits: 2, baseDelayMs: 1_000, maxDelayMs: 5_000, quietMs: 60_000 };
    let state = recordHit(null, rule, START);
    state = recordHit(state, rule, START);
    assert.equal(secondsUntilAllowed(state, START), 0);
    const delays: number[] = [];
    let at = START;
    for (let i = 0; i < 5; i++) {
      state = recordHit(state, rule, at);
      delays.push(secondsUntilAllowed(state, at));
      at = new Date(at.getTime() + delays.at(-1)! * 1_000);
    }
    assert.deepEqual(delays, [1, 2, 4, 5, 5]);
    const later = new Date(at.getTime() + 60_000);
    assert.equal(recordHit(state, rule, later).hits, 1, "a quiet key starts over");
  });
});

describe("rate limits on sign-in, sign-up and mail", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
  });
  after(() => bench.close());

  it("answers 429 with Retry-After to repeated wrong passwords for one account, from any IP", async () => {
    await bench.signedIn("target@example.org", "target");
    const free = THROTTLE_RULES.loginPerAccount.freeHits;
    for (let i = 0; i <= free; i++) {
      const res = await bench
        .browser()
        .submit("/login", "/login", { email: "target@example.org", password: `guess ${i}` });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const blocked = await bench
      .browser()
      .submit("/login", "/login", { email: "target@example.org", password: PASSWORD });
    assert.equal(blocked.status, 429, "even the right password waits");
    const retryAfter = Number(blocked.headers.get("retry-after"));
    assert.equal(retryAfter, THROTTLE_RULES.loginPerAccount.baseDelayMs / 1000);
    assert.match(await blocked.text(), /Too many attempts/);
    bench.clock.advance(retryAfter * 1000);
    try {
      const ok = await bench.browser().submit("/login", "/login", { email: "target@example.org", password: PASSWORD });
      assert.equal(ok.status, 303, "allowed again once the wait is over");
    } finally {
      bench.clock.advance(-retryAfter * 1000);
    }
  });

  it("limits an unknown address the same way (no enumeration through the limit)", async () => {
    const free = THROTTLE_RULES.loginPerAccount.freeHits;
    for (let i = 0; i <= free; i++) {
      await bench.browser().submit("/login", "/login", { email: "ghost@example.org", password: `guess ${i}` });
    }
    const res = await bench.browser().submit("/login", "/login", { email: "ghost@example.org", password: "guess" });
    assert.equal(res.status, 429);
  });

  it("limits wrong passwords per IP across accounts", async () => {
    const browser = bench.browser("192.0.2.200");
    const free = THROTTLE_RULES.loginPerIp.freeHits;
    for (let i = 0; i <= free; i++) {
      const res = await browser.submit("/login", "/login", { email: `spray${i}@example.org`, password: "password123" });
      assert.equal(res.status, 401);
    }
    const res = await browser.submit("/login", "/login", { email: "another@example.org", password: "password123" });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get("retry-after")) > 0);
  });

  it("limits reset mails per address, and sign-ups per IP; counts are shared through the database", async () => {
    await bench.signedIn("inbox@example.org", "inbox");
    const free = THROTTLE_RULES.mailPerAccount.freeHits;
    for (let i = 0; i < free; i++) {
      const res = await bench.browser().submit("/reset", "/reset", { email: "inbox@example.org" });
      assert.equal(res.status, 200);
    }
    const state = await bench.app.storage.accounts.throttle.read(`mail:email:${emailKey("inbox@example.org")}`);
    assert.ok(state && state.hits >= free, "counted in the auth_throttle table");
    await bench.browser().submit("/reset", "/reset", { email: "inbox@example.org" });
    const blocked = await bench.browser().submit("/reset", "/reset", { email: "inbox@example.org" });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) > 0);
    const other = await bench.secondProcess();
    try {
      const elsewhere = await other.browser().submit("/reset", "/reset", { email: "inbox@example.org" });
      assert.equal(elsewhere.status, 429, "another process on the database sees the same count");
    } finally {
      await other.close();
    }

    const signups = bench.browser("192.0.2.50");
    const freeSignups = THROTTLE_RULES.signUpPerIp.freeHits;
    for (let i = 0; i <= freeSignups; i++) {
      const res = await signups.submit("/signup", "/signup", {
        email: `bulk${i}@example.org`,
        handle: `bulk${i}`,
        password: PASSWORD,
      });
      assert.equal(res.status, 200, `sign-up ${i + 1}`);
    }
    const res = await signups.submit("/signup", "/signup", {
      email: "bulkx@example.org",
      handle: "bulkx",
      password: PASSWORD,
    });
    assert.equal(res.status, 429);
  });
});

/** The throttle key part for an address: a prefix of its SHA-256, as the accounts core makes it. */
function emailKey(email: string): string {
  return createHash("sha256").update(email).digest("hex").slice(0, 32);
}
