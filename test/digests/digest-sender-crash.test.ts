// The sender process killed with SIGKILL mid-run, then restarted: no address gets two
// mails, and every delivery ends sent or uncertain (sent + uncertain = audience). The sink
// runs in this process; the sender is a child process on a shared database file.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { DELIVERY_LEASE_MS } from "../../src/core/digests/digest-sender-service.js";
import { startSmtpSink } from "../helpers/smtp-sink.js";
import { addTestSubscriber, createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
const AUDIENCE = 300;
/** The child is killed once this many mails have arrived. */
const KILL_AFTER = 60;
const CHILD = fileURLToPath(new URL("./helpers/digest-send-child.ts", import.meta.url));

function startSender(file: string, smtpUrl: string, now: Date): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CHILD, file, smtpUrl, now.toISOString()], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

test("a sender killed with SIGKILL and restarted sends nobody two mails", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-crash-"));
  const file = join(dir, "paperboy.sqlite");
  const sink = await startSmtpSink();
  const app = await createDigestTestApp({ file, now: () => NOW, env: { DIGEST_DAILY_WEEKENDS: "1" } });
  const db = openSqliteDatabase(file);
  try {
    const [daily] = await app.digests.service.ensureLists();
    for (let i = 0; i < AUDIENCE; i++) addTestSubscriber(db, `reader${i}@example.net`, "confirmed");
    const prepared = await app.digests.service.prepareDueIssue(daily!);
    assert.equal(prepared?.added, AUDIENCE);

    const first = startSender(file, sink.url, new Date(NOW.getTime() + 60_000));
    await sink.waitForMessages(KILL_AFTER, 30_000);
    first.kill("SIGKILL");
    await once(first, "exit");
    const atKill = sink.messages.length;
    assert.ok(atKill < AUDIENCE, `the sender was killed mid-run (${atKill} of ${AUDIENCE} arrived)`);

    // Restarted after the dead sender's lease ran out: its in-flight rows become uncertain.
    const second = startSender(file, sink.url, new Date(NOW.getTime() + 60_000 + DELIVERY_LEASE_MS + 60_000));
    const [code] = await once(second, "exit");
    assert.equal(code, 0);

    const perAddress = new Map<string, number>();
    for (const m of sink.messages) for (const to of m.envelopeTo) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    assert.deepEqual(
      [...perAddress.values()].filter((n) => n > 1),
      [],
      "no address received two mails",
    );
    const counts = Object.fromEntries(
      db
        .prepare<[], { status: string; n: number }>(
          "SELECT status, COUNT(*) AS n FROM digest_deliveries GROUP BY status",
        )
        .all()
        .map((r) => [r.status, r.n]),
    );
    assert.equal((counts.sent ?? 0) + (counts.uncertain ?? 0), AUDIENCE, JSON.stringify(counts));
    assert.ok((counts.sent ?? 0) > 0 && (counts.sent ?? 0) <= sink.messages.length);
    // Every sent row's mail arrived; an uncertain row's mail may or may not have.
    const sentRows = db
      .prepare<[], { to_email: string }>("SELECT to_email FROM digest_deliveries WHERE status = 'sent'")
      .all();
    for (const row of sentRows) assert.equal(perAddress.get(row.to_email), 1);
  } finally {
    db.close();
    await app.close();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
