/**
 * The digest benchmark (issue 6): one daily issue for N subscribers (a third with topics)
 * prepared, rendered, DKIM-signed (RSA-2048), sent to a loopback SMTP sink in a separate
 * process and recorded in the outbox. Three processes: this one seeds the database, the
 * sender (digest-sender-process.ts) does the work and reports its own peak RSS, the sink
 * (digest-sink-process.ts) counts what arrives. Targets: ≥ 5,000 digests/min end to end,
 * sender peak RSS ≤ 300 MB. Reported, never a CI gate.
 * Part of `npm run bench` (`--digest-only`, `--no-digest`); alone:
 * `node --import tsx bench/digest-bench.ts [--subscribers 10000]`.
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
export const DIGEST_TARGET_PER_MINUTE = 5_000;
export const DIGEST_TARGET_RSS_MB = 300;
const SINK = fileURLToPath(new URL("./digest-sink-process.ts", import.meta.url));
const SENDER = fileURLToPath(new URL("./digest-sender-process.ts", import.meta.url));

export interface DigestBenchResults {
  readonly subscribers: number;
  readonly deliveries: number;
  readonly sent: number;
  readonly received: number;
  readonly deferred: number;
  readonly uncertain: number;
  readonly preparedS: number;
  readonly totalS: number;
  readonly perMinute: number;
  readonly senderPeakRssMb: number;
  /** The sender's CPU seconds (user + system), start-up included. */
  readonly senderCpuS: number;
  /** Digests per minute of the sender's CPU time: what one free core would do. */
  readonly perCpuMinute: number;
}

function spawnLines(script: string, args: readonly string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off("line", onLine);
        resolve(line.slice(prefix.length));
      };
      lines.on("line", onLine);
      child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before "${prefix.trim()}"`)));
    });
  return { child, next };
}

async function startSink() {
  const sink = spawnLines(SINK, []);
  const port = Number(await sink.next("port "));
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: async () => (sink.child.stdin.write("count\n"), Number(await sink.next("count "))),
    stop: () => sink.child.stdin.end("stop\n"),
  };
}

/** A database with the fixture papers and `subscribers` confirmed daily subscriptions. */
async function seedDatabase(file: string, subscribers: number): Promise<void> {
  const app = await createDigestTestApp({ file, now: () => NOW });
  await app.digests.service.ensureLists();
  await app.close();
  const db = openSqliteDatabase(file);
  db.transaction(() => {
    for (let i = 0; i < subscribers; i++) {
      const topics = i % 3 === 0 ? [{ kind: "category" as const, value: "cs" }] : [];
      addTestSubscriber(db, `reader${i}@example.net`, "confirmed", "daily", topics);
    }
  })();
  db.close();
}

export async function benchDigests(subscribers: number): Promise<DigestBenchResults> {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-digest-bench-"));
  const keyFile = join(dir, "dkim.pem");
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(keyFile, pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  const file = join(dir, "paperboy.sqlite");
  await seedDatabase(file, subscribers);
  const sink = await startSink();
  try {
    const sender = spawnLines(SENDER, [file, sink.url, keyFile, NOW.toISOString()]);
    const result = JSON.parse(await sender.next("result ")) as {
      deliveries: number;
      counts: Record<string, number>;
      preparedMs: number;
      totalMs: number;
      peakRssBytes: number;
      cpuS: number;
    };
    const sent = result.counts.sent ?? 0;
    return {
      subscribers,
      deliveries: result.deliveries,
      sent,
      received: await sink.count(),
      deferred: result.counts.deferred ?? 0,
      uncertain: result.counts.uncertain ?? 0,
      preparedS: result.preparedMs / 1000,
      totalS: result.totalMs / 1000,
      perMinute: (sent / result.totalMs) * 60_000,
      senderPeakRssMb: result.peakRssBytes / 1024 / 1024,
      senderCpuS: result.cpuS,
      perCpuMinute: (sent / result.cpuS) * 60,
    };
  } finally {
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatDigestReport(r: DigestBenchResults): string {
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  return [
    `Email digests: ${r.subscribers} subscribers, one daily issue, DKIM RSA-2048, sink in a separate process`,
    `  prepared           ${r.deliveries} deliveries in ${r.preparedS.toFixed(1)} s`,
    `  sent / received    ${r.sent} / ${r.received} (deferred ${r.deferred}, uncertain ${r.uncertain})`,
    `  end to end         ${r.totalS.toFixed(1)} s = ${Math.round(r.perMinute)} digests/min ` +
      `(target ≥ ${DIGEST_TARGET_PER_MINUTE}: ${mark(r.perMinute >= DIGEST_TARGET_PER_MINUTE)})`,
    `  sender CPU         ${r.senderCpuS.toFixed(1)} s = ${Math.round(r.perCpuMinute)} digests per CPU-minute ` +
      `(wall-clock figures drop when other work shares the cores)`,
    `  peak RSS (sender)  ${r.senderPeakRssMb.toFixed(0)} MB ` +
      `(target ≤ ${DIGEST_TARGET_RSS_MB}: ${mark(r.senderPeakRssMb <= DIGEST_TARGET_RSS_MB)})`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { subscribers: { type: "string", default: "10000" } } });
  console.log(formatDigestReport(await benchDigests(Number(values.subscribers))));
}
