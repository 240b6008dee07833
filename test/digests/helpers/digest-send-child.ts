// A sender process for the crash test: `paperboy digest send --list daily` (the CLI command's
// code) on the given database file, sending to the given SMTP URL, with a fixed clock.
// Usage: node --import tsx digest-send-child.ts DB_FILE SMTP_URL NOW_ISO
import { runDigestCommand } from "../../../src/delivery/cli/digest-command.js";
import { createDigestTestApp } from "./digest-test-app.js";

const [file, smtpUrl, nowIso] = process.argv.slice(2) as [string, string, string];
const now = new Date(nowIso);
const app = await createDigestTestApp({
  file,
  now: () => now,
  importPapers: false,
  env: { SMTP_URL: smtpUrl, DIGEST_DAILY_WEEKENDS: "1" },
});
const status = await runDigestCommand(app, ["send", "--list", "daily"]);
await app.close();
process.exitCode = status;
