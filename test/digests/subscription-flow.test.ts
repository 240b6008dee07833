// Subscribing end to end, in-process HTTP and a real SMTP sink: the API answers 202 for any
// address; the confirmation link's GET confirms nothing, its button's POST does; the digest
// that follows carries a List-Unsubscribe URL whose one-click POST (no cookie, no CSRF token,
// urlencoded or multipart) unsubscribes at once; every step lands in the consent log.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Hono } from "hono";
import type { App } from "../../src/app.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { CONSENT_TEXT_VERSION } from "../../src/core/digests/subscription-service.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import type { HttpEnv } from "../../src/delivery/http/http-env.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
const BASE = "https://papers.example.org";

let dir: string;
let app: App;
let http: Hono<HttpEnv>;
let db: SqliteDatabase;
let sink: SmtpSink;

const subscribe = (body: unknown) =>
  http.request("/api/v1/subscriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

function statusOf(email: string): string | undefined {
  return db
    .prepare<[string], { status: string }>(
      "SELECT s.status FROM digest_subscriptions s JOIN digest_subscribers u ON u.id = s.subscriber_id WHERE u.email = ?",
    )
    .get(email)?.status;
}

function mailsTo(email: string) {
  return sink.messages.filter((m) => m.envelopeTo.includes(email));
}

/** The page's CSRF cookie and form token, as a browser would send them back. */
async function readForm(path: string): Promise<{ cookie: string; token: string; html: string }> {
  const response = await http.request(path);
  const html = await response.text();
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return { cookie, token, html };
}

describe("subscription flow", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-subscribe-"));
    sink = await startSmtpSink();
    app = await createDigestTestApp({
      file: join(dir, "paperboy.sqlite"),
      now: () => NOW,
      env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" },
    });
    http = createHttpApp(app);
    db = openSqliteDatabase(join(dir, "paperboy.sqlite"));
  });
  after(async () => {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("invalid input is a 400 with the reason, never a 500", async () => {
    const response = await subscribe({ email: "not-an-address", frequency: "hourly" });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string };
    assert.match(body.error, /email/);
    assert.match(body.error, /frequency/);
  });

  test("double opt-in: 202, a mail, GET confirms nothing, the button's POST confirms", async () => {
    const response = await subscribe({
      email: "reader@example.net",
      frequency: "daily",
      topics: { categories: ["cs.LG"] },
    });
    assert.equal(response.status, 202);
    const [mail] = await sink.waitForMessages(1);
    const link = /https:\/\/papers\.example\.org(\/confirm\/\S+)/.exec(mail!.text!)![1]!;
    assert.ok(!link.includes("reader") && !link.includes("@"), "no address in the URL");
    assert.equal(statusOf("reader@example.net"), "pending");

    const page = await readForm(link);
    assert.match(page.html, /Confirm subscription/);
    assert.equal(statusOf("reader@example.net"), "pending", "GET does not confirm");

    const confirmed = await http.request(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: page.cookie },
      body: new URLSearchParams({ _csrf: page.token }).toString(),
    });
    assert.equal(confirmed.status, 200);
    assert.equal(statusOf("reader@example.net"), "confirmed");
  });

  test("the same answer for a known address, and no second mail to it", async () => {
    const before = sink.messages.length;
    const response = await subscribe({ email: "reader@example.net", frequency: "daily" });
    assert.equal(response.status, 202);
    const fresh = await subscribe({ email: "someone-new@example.net", frequency: "daily" });
    assert.deepEqual(await response.json(), await fresh.json());
    await sink.waitForMessages(before + 1);
    assert.equal(mailsTo("reader@example.net").length, 1);
  });

  test("confirmation mails to one address are rate-limited", async () => {
    for (let i = 0; i < 6; i++) assert.equal((await subscribe({ email: "flood@example.net" })).status, 202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(mailsTo("flood@example.net").length, 3);
  });

  test("one-click unsubscribe taken from the digest's List-Unsubscribe header", async () => {
    await app.digests.service.prepareDueIssues();
    await app.digests.service.sendDue({ workerId: "test" });
    const digest = mailsTo("reader@example.net").find((m) => m.rawHeaders.has("list-unsubscribe"))!;
    assert.ok(digest, "the confirmed subscriber got the digest");
    const url = /^<(.+)>$/.exec(digest.rawHeaders.get("list-unsubscribe")![0]!)![1]!;
    const path = url.slice(BASE.length);

    assert.equal((await http.request(path)).status, 200);
    assert.equal(statusOf("reader@example.net"), "confirmed", "GET only shows the button");

    const oneClick = await http.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(oneClick.status, 200);
    assert.equal(oneClick.headers.get("location"), null);
    assert.equal(statusOf("reader@example.net"), "unsubscribed");

    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const again = await http.request(path, { method: "POST", body: form });
    assert.equal(again.status, 200, "multipart works and a repeat is harmless");

    const tampered = await http.request(`${path.slice(0, -3)}abc`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(tampered.status, 404);
  });

  test("the consent log holds each step with the wording version", () => {
    const events = db
      .prepare<[], { kind: string; source: string; consent_text_version: string | null }>(
        `SELECT e.kind, e.source, e.consent_text_version FROM digest_consent_events e
         JOIN digest_subscribers u ON u.id = e.subscriber_id WHERE u.email = 'reader@example.net' ORDER BY e.id`,
      )
      .all()
      .map((e) => `${e.kind}:${e.source}:${e.consent_text_version}`);
    assert.deepEqual(events, [
      `signup:api:${CONSENT_TEXT_VERSION}`,
      "confirm_sent:mail:null",
      `confirm:confirm-page:${CONSENT_TEXT_VERSION}`,
      `one_click:list-unsubscribe-post:${CONSENT_TEXT_VERSION}`,
    ]);
  });
});
