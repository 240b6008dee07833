import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { type Bench, PASSWORD, startBench } from "./account-test-kit.js";

/** Each side is measured this often; the median shrugs off a stray GC pause or a busy CI core. */
const ROUNDS = 7;
/** Generous: the point is "both hash a password", not microsecond equality (~50 ms vs ~1 ms otherwise). */
const MAX_RATIO = 2.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function normalise(html: string): string {
  return html.replace(/value="[^"]*"/g, 'value=""').replace(/[a-z0-9]+@example\.org/g, "ADDRESS");
}

describe("no account enumeration", () => {
  let bench: Bench;
  before(async () => {
    bench = await startBench();
    await bench.signedIn("exists@example.org", "exists");
  });
  after(() => bench.close());

  it("answers a wrong password and an unknown address with the same status and page", async () => {
    const known = await bench
      .browser()
      .submit("/login", "/login", { email: "exists@example.org", password: "wrong password" });
    const unknown = await bench
      .browser()
      .submit("/login", "/login", { email: "absent@example.org", password: "wrong password" });
    assert.equal(known.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(normalise(await known.text()), normalise(await unknown.text()));
  });

  it("takes about as long for an unknown address as for a wrong password (argon2 runs either way)", async () => {
    const time = async (email: string, ip: string) => {
      const browser = bench.browser(ip);
      await browser.get("/login");
      const started = performance.now();
      const res = await browser.post("/login", { _csrf: browser.lastToken!, email, password: "wrong password" });
      const ms = performance.now() - started;
      assert.equal(res.status, 401);
      return ms;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate, and spread over addresses and IPs so no limit is reached.
      known.push(await time("exists@example.org", `192.0.2.${i + 1}`));
      unknown.push(await time(`absent${i}@example.org`, `192.0.2.${i + 101}`));
      await bench.app.storage.accounts.throttle.clear(`login:email:${emailKey("exists@example.org")}`);
    }
    const ratio = median(known) / median(unknown);
    assert.ok(
      ratio > 1 / MAX_RATIO && ratio < MAX_RATIO,
      `known ${median(known).toFixed(1)} ms vs unknown ${median(unknown).toFixed(1)} ms`,
    );
  });

  it("answers sign-up for a known address like a new one, in about the same time", async () => {
    const time = async (email: string, handle: string, ip: string) => {
      const browser = bench.browser(ip);
      await browser.get("/signup");
      const started = performance.now();
      const res = await browser.post("/signup", { _csrf: browser.lastToken!, email, handle, password: PASSWORD });
      return { ms: performance.now() - started, status: res.status, html: normalise(await res.text()) };
    };
    const known: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await time("exists@example.org", `dup${i}`, `192.0.2.${i + 201}`);
      const b = await time(`fresh${i}@example.org`, `fresh${i}`, `192.0.2.${i + 211}`);
      assert.equal(a.status, b.status);
      assert.equal(a.html, b.html);
      known.push(a.ms);
      fresh.push(b.ms);
    }
    const ratio = median(known) / median(fresh);
    assert.ok(ratio > 1 / MAX_RATIO && ratio < MAX_RATIO, `known ${median(known)} ms vs new ${median(fresh)} ms`);
  });
});

/** The throttle key part for an address: a prefix of its SHA-256, as the accounts core makes it. */
function emailKey(email: string): string {
  return createHash("sha256").update(email).digest("hex").slice(0, 32);
}
