import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTestApp } from "../helpers/test-app.js";

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

describe("/admin/jobs", () => {
  it("is off without PAPERBOY_ADMIN_TOKEN", async () => {
    const t = await createTestApp({ empty: true });
    const res = await t.request("/admin/jobs");
    assert.equal(res.status, 404);
    assert.match(await res.text(), /set PAPERBOY_ADMIN_TOKEN/);
  });

  it("asks for the admin password and refuses a wrong one", async () => {
    const t = await createTestApp({ empty: true, env: { PAPERBOY_ADMIN_TOKEN: "s3cret-token" } });
    const anonymous = await t.request("/admin/jobs");
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Basic realm="Paperboy admin"/);
    assert.equal((await t.request("/admin/jobs", { headers: basic("admin", "wrong") })).status, 401);
    assert.equal((await t.request("/admin/jobs", { headers: basic("root", "s3cret-token") })).status, 401);
  });

  it("lists each job's last run, counts and last error, escaped", async () => {
    const t = await createTestApp({ empty: true, env: { PAPERBOY_ADMIN_TOKEN: "s3cret-token" } });
    const runs = t.app.storage.jobRuns;
    const now = new Date("2026-06-30T12:00:00Z");
    await runs.enqueue("trending-recompute", "2026-06-30T11:50", 2, now);
    const claimed = await runs.claimNext(["trending-recompute"], now, 60_000);
    await runs.fail(claimed!.runId, now, "boom <script>alert(1)</script>", null);
    const res = await t.request("/admin/jobs", { headers: basic("admin", "s3cret-token") });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const html = await res.text();
    assert.match(html, /trending-recompute/);
    assert.match(html, /every 10 min/);
    assert.match(html, /2026-06-30T11:50: failed \(attempt 1\/2\)/);
    assert.match(html, /boom &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script>alert/);
  });
});
