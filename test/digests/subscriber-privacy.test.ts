// Export and erasure by emailed link, through HTTP and a real SMTP sink: the request (from the
// manage page, or the form for people who lost their mail) mails a one-purpose link; its GET
// shows a button and changes nothing; its POST downloads the data or erases it. An erased
// address that bounced stays suppressed by its keyed hash, and a new sign-up of it gets no mail.
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
import { startSmtpSink, type SinkMessage, type SmtpSink } from "../helpers/smtp-sink.js";
import { createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
let dir: string;
let app: App;
let http: Hono<HttpEnv>;
let db: SqliteDatabase;
let sink: SmtpSink;
let cookie = "";
const managePaths = new Map<string, string>();

async function get(path: string): Promise<{ status: number; html: string }> {
  const response = await http.request(path, { headers: { cookie } });
  const setCookie = response.headers.get("set-cookie");
  if (setCookie) cookie = setCookie.split(";")[0]!;
  return { status: response.status, html: await response.text() };
}

/** Posts a form the way a browser does after loading `page` (its CSRF token and cookie). */
async function submit(page: string, action: string, fields: Record<string, string> = {}) {
  const { html } = await get(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  return http.request(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
}

const mailsTo = (email: string, subject: RegExp) =>
  sink.messages.filter((m) => m.envelopeTo.includes(email) && subject.test(m.subject ?? ""));
const linkIn = (mail: SinkMessage, path: string) =>
  new RegExp(`https://papers\\.example\\.org(${path}\\S+)`).exec(mail.text!)![1]!;

async function waitForMail(email: string, subject: RegExp, count = 1): Promise<SinkMessage> {
  for (let i = 0; i < 100 && mailsTo(email, subject).length < count; i++) await new Promise((r) => setTimeout(r, 20));
  const mails = mailsTo(email, subject);
  assert.ok(mails.length >= count, `expected ${count} mail(s) "${subject}" to ${email}`);
  return mails.at(-1)!;
}

async function subscribeAndConfirm(email: string): Promise<void> {
  const form = new URLSearchParams({ email, frequency: "daily", categories: "cs.CL" });
  await http.request("/subscribe", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const confirmPath = linkIn(await waitForMail(email, /Confirm/), "/confirm/");
  const confirmed = await submit(confirmPath, confirmPath);
  managePaths.set(email, /href="(\/subscriptions\/manage\/[^"]+)"/.exec(await confirmed.text())![1]!);
}

const countRows = (sql: string, ...params: unknown[]) => db.prepare<unknown[], { n: number }>(sql).get(...params)!.n;

describe("export and erasure by emailed link", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-privacy-"));
    sink = await startSmtpSink();
    const file = join(dir, "paperboy.sqlite");
    app = await createDigestTestApp({ file, now: () => NOW, env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" } });
    http = createHttpApp(app);
    db = openSqliteDatabase(file);
    await subscribeAndConfirm("alice@example.net");
    await subscribeAndConfirm("bob@example.net");
    // One digest each; bob's address is refused (550 5.1.1): bounced and suppressed.
    sink.setFaults([{ stage: "rcpt", recipient: /^bob@/, times: 1, code: 550, message: "5.1.1 No such user" }]);
    await app.digests.service.prepareDueIssues();
    await app.digests.service.sendDue({ workerId: "test" });
  });
  after(async () => {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the export link from the manage page: GET changes nothing, POST downloads everything held", async () => {
    const manage = managePaths.get("alice@example.net")!;
    const asked = await submit(manage, `${manage}/privacy`, { action: "export" });
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /Check your inbox/);
    const exportPath = linkIn(await waitForMail("alice@example.net", /download link/), "/subscriptions/export/");
    assert.ok(!exportPath.includes("alice"), "no address in the link");

    const page = await get(exportPath);
    assert.equal(page.status, 200);
    assert.match(page.html, /Download my data/);
    assert.equal(countRows("SELECT count(*) AS n FROM digest_consent_events WHERE kind = 'export'"), 0);

    const erasedByExportLink = await submit(exportPath, exportPath.replace("/export/", "/erase/"));
    assert.equal(erasedByExportLink.status, 404, "an export link cannot erase");

    const download = await submit(exportPath, exportPath);
    assert.equal(download.status, 200);
    assert.match(download.headers.get("content-disposition")!, /attachment/);
    assert.equal(download.headers.get("cache-control"), "private, no-store");
    const data = (await download.json()) as {
      subscriber: { email: string };
      subscriptions: { list: string; status: string; topics: { kind: string; value: string }[] }[];
      consentLog: { kind: string; at: string }[];
      deliveries: { list: string; status: string; sentAt: string | null; papers: string[] }[];
      suppression: { suppressed: boolean };
    };
    assert.equal(data.subscriber.email, "alice@example.net");
    assert.deepEqual(
      data.subscriptions.map((s) => [s.list, s.status, s.topics]),
      [["daily", "confirmed", [{ kind: "category", value: "cs.CL" }]]],
    );
    assert.deepEqual(
      data.consentLog.map((e) => e.kind),
      ["signup", "confirm_sent", "confirm", "export"],
    );
    assert.equal(data.deliveries.length, 1);
    assert.equal(data.deliveries[0]!.status, "sent");
    assert.equal(data.deliveries[0]!.sentAt, NOW.toISOString());
    assert.ok(data.deliveries[0]!.papers.length > 0);
    assert.equal(data.suppression.suppressed, false);
  });

  test("the form for a lost mail: one answer for known and unknown addresses, rate-limited", async () => {
    const before = sink.messages.length;
    const ask = async (email: string) =>
      (await submit("/subscriptions/privacy", "/subscriptions/privacy", { email, action: "export" })).text();
    const known = await ask("alice@example.net");
    const unknown = await ask("nobody@example.net");
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");
    assert.equal(strip(known), strip(unknown), "the same page either way");
    await waitForMail("alice@example.net", /download link/, 2);
    assert.equal(mailsTo("nobody@example.net", /./).length, 0);
    for (let i = 0; i < 4; i++) await ask("alice@example.net");
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(mailsTo("alice@example.net", /download link/).length, 3, "3 links per address, then a pause");
    assert.ok(sink.messages.length - before <= 2);
    const bad = await submit("/subscriptions/privacy", "/subscriptions/privacy", { email: "not-an-address" });
    assert.equal(bad.status, 400);
  });

  test("erasure of a bounced address: data gone, suppression kept as a hash, a new sign-up gets no mail", async () => {
    const email = "bob@example.net";
    const hmac = db
      .prepare<[string], { email_hmac: string }>("SELECT email_hmac FROM digest_subscribers WHERE email = ?")
      .get(email)!.email_hmac;
    assert.equal(countRows("SELECT count(*) AS n FROM mail_suppressions WHERE email_hmac = ?", hmac), 1);
    const manage = managePaths.get(email)!;
    await submit(manage, `${manage}/privacy`, { action: "erase" });
    const erasePath = linkIn(await waitForMail(email, /Erase your data/), "/subscriptions/erase/");
    const page = await get(erasePath);
    assert.match(page.html, /Erase my data/);
    assert.equal(
      countRows("SELECT count(*) AS n FROM digest_subscribers WHERE email = ?", email),
      1,
      "GET erases nothing",
    );

    const erased = await submit(erasePath, erasePath);
    assert.equal(erased.status, 200);
    assert.match(await erased.text(), /Your data is erased/);
    for (const table of [
      "digest_subscribers",
      "digest_subscriptions",
      "digest_deliveries",
      "mail_events",
      "digest_consent_events",
    ]) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
      assert.ok(!dump.includes(email), `${table} holds no trace of the address`);
    }
    assert.equal(countRows("SELECT count(*) AS n FROM digest_subscription_topics"), 1, "only alice's topic is left");
    assert.equal(countRows("SELECT count(*) AS n FROM mail_suppressions WHERE email_hmac = ?", hmac), 1);
    const erase = db
      .prepare<[], { ip: string | null; details: string }>(
        "SELECT ip, details FROM digest_consent_events WHERE kind = 'erase'",
      )
      .all();
    assert.equal(erase.length, 1);
    assert.equal(erase[0]!.ip, null);
    assert.equal(
      (await submit("/subscriptions/privacy", erasePath)).status,
      404,
      "the link does nothing a second time",
    );
    assert.equal((await get(managePaths.get(email)!)).status, 404, "the manage link names nobody now");

    const mailsBefore = sink.messages.length;
    await http.request("/subscribe", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, frequency: "daily" }).toString(),
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sink.messages.length, mailsBefore, "a suppressed address gets no confirmation mail");
    const audience = await app.storage.digests.listAudience(1, 0, 100);
    assert.ok(!audience.some((m) => m.email === email));
  });
});
