// Digest settings: every problem reported at once, and a fresh install's link key kept in the database.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createDigestTestApp } from "./helpers/digest-test-app.js";

const NOW = new Date("2026-06-28T08:00:00Z");

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

test("defaults: stored link key, no DKIM, 07:00 UTC, VERP on the From domain", () => {
  const { digests } = loadConfig({ MAIL_FROM: "Hub <news@papers.example.org>" });
  assert.equal(digests.linkKeys, null);
  assert.equal(digests.dkim, null);
  assert.equal(digests.bounceDomain, "papers.example.org");
  assert.equal(digests.messageIdDomain, "papers.example.org");
  assert.deepEqual([digests.dailySendAtMinute, digests.weeklyWeekday, digests.dailyWeekends], [420, 1, false]);
});

test("key lists: newest first, ids kept; short secrets and half-set DKIM are problems, all listed", () => {
  const keys = loadConfig({ DIGEST_SECRET: `k2:${"b".repeat(32)},k1:${"a".repeat(32)}` }).digests.linkKeys!;
  assert.deepEqual(
    keys.map((k) => k.id),
    ["k2", "k1"],
  );
  const problems = problemsOf({ DIGEST_SECRET: "short", DKIM_DOMAIN: "papers.example.org", DIGEST_DAILY_AT: "7am" });
  assert.equal(problems.length, 3);
  assert.match(problems.join("\n"), /DIGEST_SECRET: every secret needs at least 32/);
  assert.match(problems.join("\n"), /DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE go together/);
  assert.match(problems.join("\n"), /DIGEST_DAILY_AT="7am"/);
  assert.ok(!problems.join("\n").includes("short"), "a secret is never echoed");
  assert.match(
    problemsOf({ DKIM_DOMAIN: "a.org", DKIM_SELECTOR: "s1", DKIM_PRIVATE_KEY_FILE: "/nope.pem" })[0]!,
    /ENOENT/,
  );
});

test("a fresh install signs with a key it stores, so links survive a restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-digest-key-"));
  const file = join(dir, "paperboy.sqlite");
  const env = { DIGEST_SECRET: "" };
  try {
    const first = await createDigestTestApp({ file, now: () => NOW, env, importPapers: false });
    const token = (await first.digests.linkTokens()).sign({ purpose: "unsubscribe", subject: "A".repeat(22) }, NOW);
    assert.match(token, /^v1\.db1\./);
    await first.close();
    const second = await createDigestTestApp({ file, now: () => NOW, env, importPapers: false });
    assert.equal((await second.digests.linkTokens()).verify(token, "unsubscribe", NOW).valid, true);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("MAIL_INBOUND_LISTEN: off by default; host:port or [IPv6]:port; needs VERP", () => {
  assert.equal(loadConfig({}).digests.inboundListen, null);
  const from = { MAIL_FROM: "Hub <news@papers.example.org>" };
  assert.deepEqual(loadConfig({ ...from, MAIL_INBOUND_LISTEN: "127.0.0.1:2526" }).digests.inboundListen, {
    host: "127.0.0.1",
    port: 2526,
  });
  assert.deepEqual(loadConfig({ ...from, MAIL_INBOUND_LISTEN: "[::1]:25" }).digests.inboundListen, {
    host: "::1",
    port: 25,
  });
  assert.match(problemsOf({ ...from, MAIL_INBOUND_LISTEN: "2526" }).join("\n"), /MAIL_INBOUND_LISTEN="2526"/);
  assert.match(problemsOf({ ...from, MAIL_INBOUND_LISTEN: "0.0.0.0:70000" }).join("\n"), /host:port/);
  assert.match(
    problemsOf({ ...from, MAIL_VERP: "off", MAIL_INBOUND_LISTEN: "0.0.0.0:25" }).join("\n"),
    /needs VERP on/,
  );
});
