// The manage page and the previews, reached the way a subscriber reaches them: confirm the
// subscription, follow the manage link, edit topics, preview, unsubscribe from the page.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Hono } from "hono";
import type { App } from "../../src/app.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import type { HttpEnv } from "../../src/delivery/http/http-env.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
let dir: string;
let app: App;
let http: Hono<HttpEnv>;
let db: SqliteDatabase;
let sink: SmtpSink;
let managePath: string;
let cookie: string;

async function postForm(path: string, fields: Record<string, string>) {
  const page = await http.request(path, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return http.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

describe("subscription pages", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-manage-"));
    sink = await startSmtpSink();
    const file = join(dir, "paperboy.sqlite");
    app = await createDigestTestApp({ file, now: () => NOW, env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" } });
    http = createHttpApp(app);
    db = openSqliteDatabase(file);
    const form = new URLSearchParams({ email: "page@example.net", frequency: "daily", categories: "cs.CL" });
    const signup = await http.request("/subscribe", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    assert.equal(signup.status, 200, "the page's form needs no CSRF token");
    assert.match(await signup.text(), /Check your inbox/);
    const [mail] = await sink.waitForMessages(1);
    const confirmPath = /https:\/\/papers\.example\.org(\/confirm\/\S+)/.exec(mail!.text!)![1]!;
    const page = await http.request(confirmPath);
    cookie = (page.headers.get("set-cookie") ?? "").split(";")[0]!;
    const confirmed = await postForm(confirmPath, {});
    managePath = /href="(\/subscriptions\/manage\/[^"]+)"/.exec(await confirmed.text())![1]!;
  });
  after(async () => {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const topics = () =>
    db
      .prepare<[], { kind: string; value: string }>("SELECT kind, value FROM digest_subscription_topics ORDER BY kind")
      .all()
      .map((t) => `${t.kind}:${t.value}`);

  test("the form's topics were stored; the manage page lists the subscription", async () => {
    assert.deepEqual(topics(), ["category:cs.CL"]);
    const page = await http.request(managePath, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Daily trending papers/);
  });

  test("topics are saved from the manage page; bad ones get a 400 with the reason", async () => {
    const html = await (await http.request(managePath, { headers: { cookie } })).text();
    const subscription = /name="subscription" value="([^"]+)"/.exec(html)![1]!;
    const saved = await postForm(managePath, {
      subscription,
      action: "topics",
      categories: "cs.LG",
      keywords: "agents",
    });
    assert.equal(saved.status, 200);
    assert.deepEqual(topics(), ["category:cs.LG", "keyword:agents"]);
    const bad = await postForm(managePath, { subscription, action: "topics", categories: "not a category!" });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /arXiv category/);
  });

  test("the subscriber's preview renders their digest under a script-free policy", async () => {
    const html = await (await http.request(managePath, { headers: { cookie } })).text();
    const previewPath = /href="(\/subscriptions\/manage\/[^"]+\/preview\/[^"]+)"/.exec(html)![1]!;
    const preview = await http.request(previewPath);
    assert.equal(preview.status, 200);
    assert.match(preview.headers.get("content-security-policy")!, /default-src 'none'/);
    const body = await preview.text();
    assert.match(body, /1 Example Street/);
    assert.ok(!/<script/i.test(body));
  });

  test("the admin preview is hidden from others; a broken manage link is a 404", async () => {
    assert.equal((await http.request("/admin/digests/daily/preview")).status, 404);
    assert.equal((await http.request("/subscriptions/manage/v1.k1.garbage.garbage")).status, 404);
  });

  test("unsubscribing from the manage page", async () => {
    const html = await (await http.request(managePath, { headers: { cookie } })).text();
    const subscription = /name="subscription" value="([^"]+)"/.exec(html)![1]!;
    const done = await postForm(managePath, { subscription, action: "unsubscribe" });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Status: unsubscribed/);
  });
});
