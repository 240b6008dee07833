import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { oaiCheckpointKey } from "../../../src/adapters/sources/arxiv/oai-harvester.js";
import {
  type OaiAction,
  type OaiFixtureServer,
  PHYSICS_PAGE_COUNT,
  PHYSICS_PARAMS,
  PHYSICS_TOKENS,
  PHYSICS_VALID_IDS,
  answerPhysics,
  physicsPage,
  physicsPageOf,
  startOaiFixtureServer,
} from "./oai-fixture-server.js";

/**
 * The resumability promise, tested the hard way: the harvest runs as a real process
 * (oai-harvest-runner.ts) and is SIGKILLed at four different points of one harvest —
 * after a page is committed but before its checkpoint, in the middle of downloading a
 * page, right after a checkpoint, and while a request is in flight — then started again
 * each time. At the end every record of every page is stored exactly once, the counts
 * cover the whole list, and the checkpoint is gone.
 */
const REPO_ROOT = new URL("../../../", import.meta.url).pathname;
const RUNNER = "test/sources/oai/oai-harvest-runner.ts";
const KEY = oaiCheckpointKey(PHYSICS_PARAMS);

interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Pages this run asked for, in order. */
  readonly pages: (number | null)[];
}

let dataDir: string;
let server: OaiFixtureServer;
/** How the server answers a page; a test swaps this to kill the runner at a point of its choosing. */
let answerPage: (page: number | null, url: URL) => OaiAction = (_page, url) => answerPhysics(url);
let child: ChildProcess | null = null;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "paperboy-oai-resume-"));
  server = await startOaiFixtureServer((url) => answerPage(physicsPageOf(url), url));
});

after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function runHarvest(kill?: string): Promise<RunResult> {
  const firstRequest = server.requests.length;
  const env = { ...process.env, OAI_RUNNER_DATA_DIR: dataDir, OAI_RUNNER_URL: server.url, OAI_RUNNER_KILL: kill ?? "" };
  const args = ["--import", "tsx", "--import", "./test/helpers/no-network.ts", RUNNER];
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    proc.on("close", (code, signal) => {
      child = null;
      const pages = server.requests.slice(firstRequest).map(physicsPageOf);
      resolve({ code, signal, stdout, stderr, pages });
    });
  });
}

function killRunner(): void {
  child?.kill("SIGKILL");
}

function openDatabase() {
  return new Database(join(dataDir, "paperboy.sqlite"), { readonly: true });
}

function readCheckpoint(): { resumptionToken: string; counts: Record<string, number> } | null {
  const db = openDatabase();
  try {
    const row = db.prepare("SELECT state FROM ingest_checkpoints WHERE source = ?").get(KEY) as
      { state: string } | undefined;
    return row ? JSON.parse(row.state) : null;
  } finally {
    db.close();
  }
}

function storedIds(): string[] {
  const db = openDatabase();
  try {
    return (db.prepare("SELECT id FROM papers ORDER BY id").all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

function assertKilled(run: RunResult): void {
  assert.equal(run.signal, "SIGKILL", `the runner should have been killed; it exited ${run.code}: ${run.stderr}`);
}

test("a harvest killed at four points resumes each time and ends with every record stored once", async () => {
  // 1. Page 1 committed, killed before its checkpoint: nothing to resume from, page 1 is in.
  const first = await runHarvest("after-import:1");
  assertKilled(first);
  assert.deepEqual(first.pages, [1]);
  assert.equal(readCheckpoint(), null);
  assert.deepEqual(storedIds(), PHYSICS_VALID_IDS.slice(0, 4).sort());

  // 2. Starts over (page 1 again, unchanged), then is killed halfway through downloading page 3.
  answerPage = (page, url) =>
    page === 3 ? { kind: "stall", body: physicsPage(3), onStalled: killRunner } : answerPhysics(url);
  const second = await runHarvest();
  assertKilled(second);
  assert.deepEqual(second.pages, [1, 2, 3]);
  assert.equal(readCheckpoint()?.resumptionToken, PHYSICS_TOKENS[1], "the checkpoint asks for page 3");
  assert.equal(readCheckpoint()?.counts.pages, 2);

  // 3. Resumes at page 3 and is killed right after checkpointing it.
  answerPage = (_page, url) => answerPhysics(url);
  const third = await runHarvest("after-checkpoint:1");
  assertKilled(third);
  assert.deepEqual(third.pages, [3], "resumed at page 3, not page 1");
  assert.equal(readCheckpoint()?.resumptionToken, PHYSICS_TOKENS[2]);

  // 4. Resumes at page 4; killed as its request for page 5 arrives.
  answerPage = (page, url) => {
    if (page !== 5) return answerPhysics(url);
    killRunner();
    return { kind: "hang" };
  };
  const fourth = await runHarvest();
  assertKilled(fourth);
  assert.deepEqual(fourth.pages, [4, 5]);
  assert.equal(readCheckpoint()?.resumptionToken, PHYSICS_TOKENS[3]);

  // 5. Resumes at page 5 and completes.
  answerPage = (_page, url) => answerPhysics(url);
  const fifth = await runHarvest();
  assert.equal(fifth.code, 0, fifth.stderr);
  assert.deepEqual(fifth.pages, [5]);
  const summary = JSON.parse(fifth.stdout);
  assert.equal(summary.resumed, true);
  assert.equal(summary.pages, PHYSICS_PAGE_COUNT);
  assert.equal(summary.harvested, PHYSICS_VALID_IDS.length);
  assert.equal(summary.inserted + summary.updated + summary.unchanged, PHYSICS_VALID_IDS.length);
  assert.equal(summary.malformed, 1);
  assert.equal(summary.deleted, 2);
  assert.equal(summary.responseDate, "2017-12-14T13:00:41Z");

  assert.deepEqual(storedIds(), [...PHYSICS_VALID_IDS].sort(), "every valid record, each once");
  assert.equal(readCheckpoint(), null, "a finished harvest leaves no checkpoint");
});

test("running a finished harvest again imports nothing new", async () => {
  const again = await runHarvest();
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(
    again.pages,
    Array.from({ length: PHYSICS_PAGE_COUNT }, (_, i) => i + 1),
  );
  const summary = JSON.parse(again.stdout);
  assert.equal(summary.resumed, false);
  assert.equal(summary.inserted, 0);
  assert.equal(summary.updated, 0);
  assert.equal(summary.unchanged, PHYSICS_VALID_IDS.length);
  assert.deepEqual(storedIds(), [...PHYSICS_VALID_IDS].sort());
  assert.equal(readCheckpoint(), null);
});
