import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createTestApp, toSourceLines } from "../helpers/test-app.js";

/** A title changed behind the app's back (no import, so no content-changed signal): what do two GETs show? */
async function titlesAroundHiddenChange(env: Record<string, string>): Promise<[string, string]> {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-cache-"));
  const file = join(dir, "paperboy.sqlite");
  const t = await createTestApp({ file, empty: true, env });
  try {
    await t.app.importer.importLines(
      toSourceLines([JSON.stringify({ id: "2606.44444", title: "Before", published: "2026-06-30" })]),
    );
    const title = async () => ((await (await t.request("/api/papers/2606.44444")).json()) as { title: string }).title;
    const first = await title();
    const db = openSqliteDatabase(file);
    db.prepare("UPDATE papers SET title = 'After' WHERE id = '2606.44444'").run();
    db.close();
    return [first, await title()];
  } finally {
    await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("response cache", () => {
  it("serves a repeated GET from the cache with fresh per-request headers", async () => {
    const t = await createTestApp();
    const first = await t.request("/api/daily_papers?limit=3", { headers: { "X-Request-Id": "one" } });
    const second = await t.request("/api/daily_papers?limit=3", { headers: { "X-Request-Id": "two" } });
    assert.equal(await second.text(), await first.text());
    assert.equal(second.headers.get("x-request-id"), "two");
    assert.equal(second.headers.get("etag"), first.headers.get("etag"));
    assert.match(second.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.equal(second.headers.get("cache-control"), "public, max-age=60");
    assert.match(second.headers.get("content-type") ?? "", /application\/json/);
  });

  it("answers 304 from the cache, and only for a matching tag", async () => {
    const t = await createTestApp();
    const page = await t.request("/");
    const tag = page.headers.get("etag")!;
    assert.equal((await t.request("/", { headers: { "If-None-Match": tag } })).status, 304);
    assert.equal((await t.request("/", { headers: { "If-None-Match": `"other", ${tag}` } })).status, 304);
    assert.equal((await t.request("/", { headers: { "If-None-Match": '"other"' } })).status, 200);
  });

  it("drops cached answers as soon as an import changes content", async () => {
    const t = await createTestApp();
    const before = (await (await t.request("/api/papers/2606.55555")).json()) as { error?: string };
    assert.ok(before.error, "not there yet");
    const stale = await t.request("/api/daily_papers?date=2026-06-30");
    assert.deepEqual(await stale.json(), []);
    await t.app.importer.importLines(
      toSourceLines([
        JSON.stringify({
          id: "2606.55555",
          title: "Late arrival",
          published: "2026-06-30",
          daily_listings: ["2026-06-30"],
        }),
      ]),
    );
    const fresh = (await (await t.request("/api/daily_papers?date=2026-06-30")).json()) as { paper: { id: string } }[];
    assert.deepEqual(
      fresh.map((i) => i.paper.id),
      ["2606.55555"],
    );
  });

  it("keeps answers for HTTP_CACHE_MS, and none with 0", async () => {
    assert.deepEqual(await titlesAroundHiddenChange({}), ["Before", "Before"], "reused within 30 s by default");
    assert.deepEqual(await titlesAroundHiddenChange({ HTTP_CACHE_MS: "0" }), ["Before", "After"], "0: every GET runs");
  });

  it("never caches errors", async () => {
    const t = await createTestApp();
    assert.equal((await t.request("/api/daily_papers?date=bad")).status, 400);
    assert.equal((await t.request("/api/daily_papers?date=bad")).status, 400);
    assert.equal((await t.request("/papers/2501.99999")).status, 404);
    assert.equal((await t.request("/papers/2501.99999")).status, 404);
  });
});
