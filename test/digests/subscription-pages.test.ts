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

  test("frequency changes from the manage page, daily to weekly and back, each in the consent log", async () => {
    const listOf = () =>
      db
        .prepare<[], { slug: string; status: string }>(
          "SELECT l.slug, s.status FROM digest_subscriptions s JOIN digest_lists l ON l.id = s.list_id ORDER BY s.id",
        )
        .all()
        .map((r) => `${r.slug}:${r.status}`);
    const html = await (await http.request(managePath, { headers: { cookie } })).text();
    assert.match(html, /<option value="daily" selected="">daily<\/option>/);
    const subscription = /name="subscription" value="([^"]+)"/.exec(html)![1]!;
    const weekly = await postForm(managePath, { subscription, action: "frequency", frequency: "weekly" });
    assert.equal(weekly.status, 200);
    assert.match(await weekly.text(), /Weekly trending papers/);
    assert.deepEqual(listOf(), ["weekly:confirmed"], "the same subscription, still confirmed, on the other list");
    assert.deepEqual(topics(), ["category:cs.LG", "keyword:agents"], "topics kept");
    const daily = await postForm(managePath, { subscription, action: "frequency", frequency: "daily" });
    assert.equal(daily.status, 200);
    assert.deepEqual(listOf(), ["daily:confirmed"]);
    const events = db
      .prepare<[], { details: string }>(
        "SELECT details FROM digest_consent_events WHERE kind = 'prefs' AND details LIKE '%frequency%' ORDER BY id",
      )
      .all()
      .map((e) => JSON.parse(e.details) as { frequency: { from: string; to: string } });
    assert.deepEqual(
      events.map((e) => `${e.frequency.from}>${e.frequency.to}`),
      ["daily>weekly", "weekly>daily"],
    );
    const bad = await postForm(managePath, { subscription, action: "frequency", frequency: "hourly" });
    assert.equal(bad.status, 400);
    // A weekly subscription of the same address that bounced earlier is never reopened this way.
    db.prepare(
      `INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at)
       SELECT 'BOUNCEDWEEKLY000000001', subscriber_id, (SELECT id FROM digest_lists WHERE slug = 'weekly'), 'bounced', created_at, created_at
       FROM digest_subscriptions LIMIT 1`,
    ).run();
    const refused = await postForm(managePath, { subscription, action: "frequency", frequency: "weekly" });
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), /has stopped/);
    db.prepare("DELETE FROM digest_subscriptions WHERE public_id = 'BOUNCEDWEEKLY000000001'").run();
  });

  test("unsubscribing from the manage page", async () => {
    const html = await (await http.request(managePath, { headers: { cookie } })).text();
    const subscription = /name="subscription" value="([^"]+)"/.exec(html)![1]!;
    const done = await postForm(managePath, { subscription, action: "unsubscribe" });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Status: unsubscribed/);
  });
});
