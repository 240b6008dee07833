// The sender of the digest bench, in its own process so its peak RSS is the sender's alone
// (the parent seeds the database; the sink is a third process). It prepares the due daily
// issue and sends its outbox exactly as the `digest-prepare` and `digest-send` jobs do,
// then prints one line: `result {json}`.
// Usage: node --import tsx digest-sender-process.ts DB_FILE SMTP_URL DKIM_KEY_FILE NOW_ISO
import { createDigestTestApp } from "../test/digests/helpers/digest-test-app.js";

const [file, smtpUrl, keyFile, nowIso] = process.argv.slice(2) as [string, string, string, string];
const now = new Date(nowIso);
const app = await createDigestTestApp({
  file,
  now: () => now,
  importPapers: false,
  env: {
    SMTP_URL: smtpUrl,
    DIGEST_DAILY_WEEKENDS: "1",
    DKIM_DOMAIN: "papers.example.org",
    DKIM_SELECTOR: "bench",
    DKIM_PRIVATE_KEY_FILE: keyFile,
  },
});
const started = performance.now();
const prepared = await app.digests.service.prepareDueIssues();
const preparedMs = performance.now() - started;
const counts = await app.digests.service.sendDue({ workerId: "bench" });
const totalMs = performance.now() - started;
await app.close();
const usage = process.resourceUsage();
const peakRssBytes = usage.maxRSS * 1024;
// CPU seconds of the whole process (start-up included): a figure the shared machine's load bends less.
const cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
const result = { deliveries: prepared.deliveries, counts, preparedMs, totalMs, peakRssBytes, cpuS };
process.stdout.write(`result ${JSON.stringify(result)}\n`);
