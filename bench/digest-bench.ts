/**
 * `node --import tsx bench/digest-bench.ts [--subscribers 10000]`: one daily issue for N
 * subscribers (a third with topics) prepared, rendered, DKIM-signed, sent to a loopback SMTP
 * sink in a separate process and recorded in the outbox. Reports digests per minute end to
 * end (preparation included) and this process's peak RSS. Targets (issue 6): ≥ 5,000/min,
 * ≤ 300 MB. Not part of CI.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openSqliteDatabase } from "../src/adapters/storage/sqlite/sqlite-database.js";
import { addTestSubscriber, createDigestTestApp } from "../test/digests/helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");
const TARGET_PER_MINUTE = 5_000;
const TARGET_RSS_MB = 300;
const SINK = fileURLToPath(new URL("./digest-sink-process.ts", import.meta.url));

async function startSink() {
  const child = spawn(process.execPath, ["--import", "tsx", SINK], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const next = (prefix: string) =>
    new Promise<number>((resolve) => {
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off("line", onLine);
        resolve(Number(line.slice(prefix.length)));
      };
      lines.on("line", onLine);
    });
  const port = await next("port ");
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => (child.stdin.write("count\n"), next("count ")),
    stop: () => child.stdin.end("stop\n"),
  };
}

const { values } = parseArgs({ options: { subscribers: { type: "string", default: "10000" } } });
const subscribers = Number(values.subscribers);
const dir = mkdtempSync(join(tmpdir(), "paperboy-digest-bench-"));
const keyFile = join(dir, "dkim.pem");
const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
writeFileSync(keyFile, pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
const sink = await startSink();
const file = join(dir, "paperboy.sqlite");
const app = await createDigestTestApp({
  file,
  now: () => NOW,
  env: {
    SMTP_URL: sink.url,
    DIGEST_DAILY_WEEKENDS: "1",
    DKIM_DOMAIN: "papers.example.org",
    DKIM_SELECTOR: "bench",
    DKIM_PRIVATE_KEY_FILE: keyFile,
  },
});
try {
  await app.digests.service.ensureLists();
  const db = openSqliteDatabase(file);
  db.transaction(() => {
    for (let i = 0; i < subscribers; i++) {
      const topics = i % 3 === 0 ? [{ kind: "category" as const, value: "cs" }] : [];
      addTestSubscriber(db, `reader${i}@example.net`, "confirmed", "daily", topics);
    }
  })();
  db.close();
  const started = performance.now();
  const prepared = await app.digests.service.prepareDueIssues();
  const preparedMs = performance.now() - started;
  const counts = await app.digests.service.sendDue({ workerId: "bench" });
  const totalMs = performance.now() - started;
  const received = await sink.count();
  const perMinute = (counts.sent! / totalMs) * 60_000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`subscribers        ${subscribers}`);
  console.log(`prepared           ${prepared.deliveries} deliveries in ${(preparedMs / 1000).toFixed(1)} s`);
  console.log(
    `sent / received    ${counts.sent} / ${received} (deferred ${counts.deferred}, uncertain ${counts.uncertain})`,
  );
  console.log(
    `end to end         ${(totalMs / 1000).toFixed(1)} s = ${Math.round(perMinute)} digests/min (target ≥ ${TARGET_PER_MINUTE})`,
  );
  console.log(`peak RSS (sender)  ${rssMb.toFixed(0)} MB (target ≤ ${TARGET_RSS_MB})`);
} finally {
  await app.close();
  sink.stop();
  rmSync(dir, { recursive: true, force: true });
}
