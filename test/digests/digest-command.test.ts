// `paperboy digest send --list daily` with --dry-run, --out and --to, against a real SMTP sink.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { App } from "../../src/app.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { runDigestCommand } from "../../src/delivery/cli/digest-command.js";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink.js";
import { addTestSubscriber, createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
let dir: string;
let app: App;
let db: SqliteDatabase;
let sink: SmtpSink;

async function run(args: string[]): Promise<{ status: number; out: string }> {
  let out = "";
  const err = { write: (text: string) => ((out += text), true) } as unknown as NodeJS.WriteStream;
  const status = await runDigestCommand(app, ["send", ...args], { out: { write: (t: string) => (out += t) }, err });
  return { status, out };
}

const outboxRows = () => db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM digest_deliveries").get()!.n;

describe("paperboy digest send", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-digest-cli-"));
    sink = await startSmtpSink();
    const file = join(dir, "paperboy.sqlite");
    app = await createDigestTestApp({ file, now: () => NOW, env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" } });
    await app.digests.service.ensureLists();
    db = openSqliteDatabase(file);
    addTestSubscriber(db, "one@example.net", "confirmed");
    addTestSubscriber(db, "two@example.net", "confirmed", "daily", [{ kind: "keyword", value: "language" }]);
    addTestSubscriber(db, "pending@example.net", "pending");
  });
  after(async () => {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("--dry-run counts and changes nothing", async () => {
    const { status, out } = await run(["--list", "daily", "--dry-run"]);
    assert.equal(status, 0);
    assert.match(out, /daily 2026-06-28: \d+ trending papers, 2 subscribers, 2 would get a digest, 0 skipped/);
    assert.equal(outboxRows(), 0);
    assert.equal(sink.messages.length, 0);
  });

  test("--out writes .eml, .html and .txt per subscriber and sends nothing", async () => {
    const out = join(dir, "out");
    const result = await run(["--list", "daily", "--out", out]);
    assert.equal(result.status, 0);
    const files = readdirSync(out).sort();
    assert.equal(files.length, 6);
    const eml = readFileSync(
      join(
        out,
        files.find((f) => f.endsWith(".eml"))!,
      ),
      "utf8",
    );
    assert.match(eml, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    assert.ok(!files.some((f) => f.includes("@")), "no address in file names");
    assert.equal(outboxRows(), 0);
    assert.equal(sink.messages.length, 0);
  });

  test("--to sends one preview to the address, outside the outbox", async () => {
    const { status } = await run(["--list", "daily", "--to", "editor@example.org"]);
    assert.equal(status, 0);
    const [mail] = await sink.waitForMessages(1);
    assert.deepEqual(mail!.envelopeTo, ["editor@example.org"]);
    assert.match(mail!.subject!, /^\[preview\]/);
    assert.equal(outboxRows(), 0);
  });

  test("bad flags are a usage error with the reason", async () => {
    await assert.rejects(run(["--list", "hourly"]), /--list takes daily or weekly/);
    await assert.rejects(run(["--list", "daily", "--to", "nope"]), /--to takes an email address/);
  });

  test("without flags it prepares the issue and sends it once", async () => {
    const first = await run(["--list", "daily"]);
    assert.equal(first.status, 0);
    assert.match(first.out, /2 deliveries added/);
    const again = await run(["--list", "daily"]);
    assert.match(again.out, /0 deliveries added/);
    const digests = sink.messages.filter((m) => !m.subject!.startsWith("[preview]"));
    assert.deepEqual(digests.map((m) => m.envelopeTo[0]).sort(), ["one@example.net", "two@example.net"]);
  });
});

describe("paperboy digest send --list", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-digest-cli-list-"));
    sink = await startSmtpSink();
    const file = join(dir, "paperboy.sqlite");
    app = await createDigestTestApp({ file, now: () => NOW, env: { SMTP_URL: sink.url, DIGEST_DAILY_WEEKENDS: "1" } });
    await app.digests.service.ensureLists();
    db = openSqliteDatabase(file);
    addTestSubscriber(db, "daily@example.net", "confirmed", "daily");
    addTestSubscriber(db, "weekly@example.net", "confirmed", "weekly");
  });
  after(async () => {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const statusOf = (email: string) =>
    db.prepare<[string], { status: string }>("SELECT status FROM digest_deliveries WHERE to_email = ?").get(email)
      ?.status;

  test("sends only that list's due issue, even when another list's is due too", async () => {
    // Both issues are due on this Sunday (the weekly one since Monday): the jobs prepare both.
    const prepared = await app.digests.service.prepareDueIssues();
    assert.equal(prepared.deliveries, 2);
    const daily = await run(["--list", "daily"]);
    assert.equal(daily.status, 0);
    await sink.waitForMessages(1);
    assert.deepEqual(
      sink.messages.map((m) => m.envelopeTo[0]),
      ["daily@example.net"],
    );
    assert.equal(statusOf("weekly@example.net"), "queued", "the weekly issue waits for its own run");
    const weekly = await run(["--list", "weekly"]);
    assert.equal(weekly.status, 0);
    assert.deepEqual(sink.messages.map((m) => m.envelopeTo[0]).sort(), ["daily@example.net", "weekly@example.net"]);
    assert.equal(statusOf("weekly@example.net"), "sent");
  });
});
