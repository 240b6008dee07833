import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { fixtureLines } from "../helpers/test-app.js";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../sample-data/papers.jsonl.gz", import.meta.url).pathname;

function paperboy(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { ...process.env, PAPERBOY_DATA_DIR: dataDir, LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function countPapers(dataDir: string): number {
  const db = new Database(join(dataDir, "paperboy.sqlite"), { readonly: true });
  const n = (db.prepare("SELECT count(*) AS n FROM papers").get() as { n: number }).n;
  db.close();
  return n;
}

describe("paperboy import", () => {
  const good = fixtureLines("papers-small.jsonl");

  it("reports each malformed line by number and imports the rest", () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-import-"));
    const lines = [
      good[0],
      "{not json",
      good[1],
      "",
      JSON.stringify({ id: "bogus", title: "x", published: "2024-01-01" }),
      good[2],
    ];
    const file = join(dir, "papers.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const run = paperboy(dir, "import", file);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /papers\.jsonl:2: rejected: not valid JSON/);
    assert.match(run.stderr, /papers\.jsonl:5: rejected: id: "bogus" is not an arXiv identifier/);
    assert.match(run.stdout, /3 inserted, 0 updated, 0 unchanged, 2 rejected \(6 lines/);
    assert.equal(countPapers(dir), 3);
    assert.equal(paperboy(dir, "import", "--strict", file).status, 2, "--strict fails on rejected lines");
  });

  it("reads gzip and is idempotent", () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-import-"));
    const file = join(dir, "papers.jsonl.gz");
    writeFileSync(file, gzipSync(good.join("\n")));
    assert.match(
      paperboy(dir, "import", file).stdout,
      new RegExp(`${good.length} inserted, 0 updated, 0 unchanged, 0 rejected`),
    );
    assert.match(
      paperboy(dir, "import", file).stdout,
      new RegExp(`0 inserted, 0 updated, ${good.length} unchanged, 0 rejected`),
    );
    assert.equal(countPapers(dir), good.length);
  });

  it("says clearly when a file is missing or its gzip stream is truncated", () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-import-"));
    const missing = paperboy(dir, "import", join(dir, "nope.jsonl"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.jsonl: no such file/);
    const truncated = join(dir, "truncated.jsonl.gz");
    const whole = readFileSync(SAMPLE);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 3)));
    const run = paperboy(dir, "import", truncated);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /gzip stream is corrupt or truncated/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    const readable = gunzipSync(whole.subarray(0, Math.floor(whole.length / 3)), {
      finishFlush: constants.Z_SYNC_FLUSH,
    })
      .toString("utf8")
      .split("\n")
      .slice(0, -1); // the last line is cut in the middle
    assert.ok(readable.length > 1000);
    assert.equal(countPapers(dir), readable.length, "every complete line before the damage was imported");
  });

  it("resumes after being killed mid-import, without duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-import-"));
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "import", "--quiet", SAMPLE], {
      env: { ...process.env, PAPERBOY_DATA_DIR: dir, LOG_LEVEL: "silent" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Kill as soon as the first batch is committed.
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = setInterval(() => {
        let count = 0;
        try {
          count = countPapers(dir);
        } catch {
          // the database or its tables are not created yet
        }
        if (count > 0) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve();
        } else if (Date.now() > deadline || child.exitCode !== null) {
          clearInterval(poll);
          child.kill("SIGKILL");
          reject(new Error(`the import never committed a batch: ${stderr}`));
        }
      }, 10);
    });
    await new Promise((resolve) => child.once("exit", resolve));
    const partial = countPapers(dir);
    const rerun = paperboy(dir, "import", SAMPLE);
    assert.equal(rerun.status, 0, rerun.stderr);
    const [, inserted, , unchanged] = /(\d+) inserted, (\d+) updated, (\d+) unchanged/.exec(rerun.stdout)!.map(Number);
    assert.ok(partial < 14_700, `killed before the end (${partial})`);
    assert.equal(countPapers(dir), partial + inserted!);
    assert.ok(unchanged! >= partial, "what was committed before the kill is found unchanged");
  });

  it("prints usage for unknown commands and missing arguments", () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-import-"));
    const unknown = paperboy(dir, "frobnicate");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /unknown command "frobnicate"[\s\S]*Usage: paperboy/);
    assert.match(paperboy(dir, "import").stderr, /import needs at least one FILE/);
    const badEnv = spawnSync(process.execPath, ["--import", "tsx", MAIN, "migrate"], {
      env: { ...process.env, PORT: "http", LOG_LEVEL: "loud", PAPERBOY_DATA_DIR: dir },
      encoding: "utf8",
    });
    assert.equal(badEnv.status, 1);
    assert.match(badEnv.stderr, /PORT="http": expected a whole number[\s\S]*LOG_LEVEL="loud": expected one of/);
  });
});
