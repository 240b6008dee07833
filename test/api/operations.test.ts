import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import { createLogger } from "../../src/lib/logger.js";
import { createTestApp } from "../helpers/test-app.js";

describe("operations endpoints and HTTP behaviour", () => {
  it("healthz and readyz", async () => {
    const t = await createTestApp({ empty: true });
    assert.deepEqual(await (await t.request("/healthz")).json(), { status: "ok" });
    const ready = await t.request("/readyz");
    assert.equal(ready.status, 200);
    assert.equal(ready.headers.get("cache-control"), "no-store");
    await t.app.close();
    const closed = await t.request("/readyz");
    assert.equal(closed.status, 503, "a closed database is not ready");
  });

  it("exposes Prometheus metrics with per-route latency", async () => {
    const t = await createTestApp();
    await t.request("/api/v1/trending");
    await t.request("/api/papers/0704.0001");
    const text = await (await t.request("/metrics")).text();
    assert.match(
      text,
      /paperboy_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/v1\/trending",status="200"\}/,
    );
    assert.match(text, /route="\/api\/papers\/:id"/);
    assert.match(text, /# TYPE paperboy_imported_papers_total counter/);
  });

  it("answers 304 to a revalidation with the ETag", async () => {
    const t = await createTestApp();
    const first = await t.request("/api/v1/trending");
    const tag = first.headers.get("etag");
    assert.ok(tag);
    assert.equal(first.headers.get("cache-control"), "public, max-age=60");
    const second = await t.request("/api/v1/trending", { headers: { "If-None-Match": tag } });
    assert.equal(second.status, 304);
    assert.equal(await second.text(), "");
  });

  it("rate-limits the API per client with 429 and Retry-After", async () => {
    const t = await createTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: "5" } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await t.request("/api/daily_papers?limit=1");
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    assert.ok(Number(last!.headers.get("retry-after")) >= 1);
    assert.match(((await last!.json()) as { error: string }).error, /5 per minute/);
    assert.equal((await t.request("/healthz")).status, 200, "only the API is limited");
  });

  it("lets API requests through when the rate limit's buckets cannot be reached, and logs it", async () => {
    const lines: string[] = [];
    const logger = createLogger("warn", { write: (line: string) => lines.push(line) });
    const storage = createSqliteStorage(":memory:");
    const app = createApp(
      loadConfig({ PAPERBOY_DATA_DIR: "/tmp/paperboy-test-unused", API_RATE_LIMIT_PER_MINUTE: "1" }),
      {
        logger,
        storage: {
          ...storage,
          rateBuckets: {
            take: async () => {
              throw new Error("connection terminated unexpectedly");
            },
          },
        },
      },
    );
    const http = createHttpApp(app);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await http.request("/api/daily_papers?limit=1")).status);
    assert.deepEqual(statuses, [200, 200, 200], "no 500, no 429: the limit sheds load, it guards nothing");
    assert.ok(
      lines.some((line) => line.includes("API rate limit unavailable")),
      "the failure is logged",
    );
    await app.close();
  });

  it("sets security headers and a request id on every response", async () => {
    const t = await createTestApp({ empty: true });
    const res = await t.request("/healthz", { headers: { "X-Request-Id": "trace-123" } });
    assert.equal(res.headers.get("x-request-id"), "trace-123");
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'.*frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    const generated = await t.request("/healthz", { headers: { "X-Request-Id": "bad id with spaces <script>" } });
    assert.match(generated.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  });

  it("never leaks a stack trace: an unexpected error is a 500 with the request id", async () => {
    const t = await createTestApp();
    t.app.papers.getPaperDetails = async () => {
      throw new Error("secret internal detail at /work/main/src/x.ts:12");
    };
    const res = await t.request("/api/v1/papers/0704.0001");
    assert.equal(res.status, 500);
    const body = (await res.json()) as { error: string; requestId: string };
    assert.doesNotMatch(JSON.stringify(body), /secret|\.ts:/);
    assert.ok(body.requestId);
  });
});
