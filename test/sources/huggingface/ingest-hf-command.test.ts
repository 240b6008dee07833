import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, describe, it } from "node:test";
import { createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import { createSqliteStorage } from "../../../src/adapters/storage/sqlite/sqlite-storage.js";
import { type App, createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { runIngestHfCommand } from "../../../src/delivery/cli/ingest-hf-command.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import { createLogger } from "../../../src/lib/logger.js";
import { TEST_NOW, toSourceLines } from "../../helpers/test-app.js";
import {
  type Action,
  FIXTURE_DAY,
  FIXTURE_ITEMS,
  type HfFixtureServer,
  type SeenRequest,
  badDateReply,
  itemOnDay,
  itemsReply,
  startHfFixtureServer,
} from "./hf-fixture-server.js";

const TODAY = "2026-06-30";
const servers: HfFixtureServer[] = [];
const apps: App[] = [];
after(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await Promise.all(servers.map((s) => s.close()));
});

/** Days → what HF answers for them (a list of items, or an action); other days are empty. */
type Days = Map<string, readonly unknown[] | Action>;

function serveDays(days: Days) {
  return (request: SeenRequest): Action => {
    const day = days.get(request.query.get("date") ?? "") ?? [];
    if (!Array.isArray(day)) return day as Action;
    return itemsReply(request.query.get("p") === "0" ? day : []);
  };
}

async function setUp(days: Days, env: Record<string, string> = {}) {
  const server = await startHfFixtureServer(serveDays(days));
  servers.push(server);
  const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/paperboy-test-unused", HF_API_URL: server.url, ...env });
  const http = createPoliteHttpClient({
    userAgent: "Paperboy/test",
    minIntervalMs: 0,
    // Generous: no test here waits for a timeout, and a busy machine must not fail one.
    timeoutMs: 10_000,
    retries: 1,
    backoffMs: 1,
    maxRetryAfterMs: 60_000,
  });
  const app = createApp(config, {
    now: () => TEST_NOW,
    logger: createLogger("silent"),
    storage: createSqliteStorage(":memory:"),
    sourceHttp: { arxiv: http, huggingface: http, github: http },
  });
  apps.push(app);
  const run = async (...args: string[]) => {
    const out = capture();
    const err = capture();
    const status = await runIngestHfCommand(app, args, { out: out.stream, err: err.stream as NodeJS.WriteStream });
    return { status, stdout: out.text(), stderr: err.text() };
  };
  return { app, server, run };
}

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const dayItems = (day: string, count: number) => Array.from({ length: count }, (_, n) => itemOnDay(day, n));

describe("paperboy ingest hf", () => {
  it("imports each day of a range into daily listings with submitter, upvotes, AI fields and stars", async () => {
    const { app, server, run } = await setUp(new Map([[FIXTURE_DAY, FIXTURE_ITEMS]]));
    const result = await run("--from", "2024-09-17", "--to", "2024-09-19");
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      server.requests.map((r) => r.query.get("date")),
      ["2024-09-17", "2024-09-18", "2024-09-19"],
    );
    assert.match(result.stdout, /^2024-09-17: 0 papers listed/m);
    assert.match(result.stdout, /^2024-09-18: 3 papers listed: 3 inserted, 0 updated, 0 unchanged, 0 rejected$/m);
    assert.match(result.stdout, /hf 2024-09-17\.\.2024-09-19: 3 days, 3 papers listed: 3 inserted/);
    const paper = await app.storage.papers.findPaper("2409.11074");
    assert.equal(paper?.upvotes, 12);
    assert.equal(paper?.aiSummary, "A constructed one-sentence AI summary.");
    assert.equal(paper?.githubRepo, "example-org/romath");
    assert.equal(paper?.projectPage, "https://example.org/romath");
    assert.deepEqual(await app.storage.papers.findListings("2409.11074"), [
      {
        paperId: "2409.11074",
        listingDate: FIXTURE_DAY,
        submittedAt: "2024-09-18T00:38:41.000Z",
        submittedBy: "curator",
        featuredBy: null,
      },
    ]);
    assert.deepEqual(await app.storage.papers.findStarHistory("example-org/romath"), [
      { repo: "example-org/romath", day: TODAY, stars: 42 },
    ]);
    assert.equal(await app.storage.checkpoints.read("huggingface:daily:2024-09-17..2024-09-19"), null, "cleared");
  });

  it("fetches today only by default", async () => {
    const { server, run } = await setUp(new Map([[TODAY, dayItems(TODAY, 2)]]));
    const result = await run("--quiet");
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "", "--quiet prints nothing");
    assert.deepEqual(
      server.requests.map((r) => r.query.get("date")),
      [TODAY],
    );
  });

  it("is idempotent: the same day twice leaves everything unchanged", async () => {
    const { app, run } = await setUp(new Map([[FIXTURE_DAY, FIXTURE_ITEMS]]));
    await run("--from", FIXTURE_DAY, "--to", FIXTURE_DAY);
    const before = await app.storage.papers.findPaper("2409.11074");
    const again = await run("--from", FIXTURE_DAY, "--to", FIXTURE_DAY);
    assert.match(again.stdout, /3 papers listed: 0 inserted, 0 updated, 3 unchanged, 0 rejected/);
    assert.deepEqual(await app.storage.papers.findPaper("2409.11074"), before);
    assert.equal((await app.storage.papers.findListings("2409.11074")).length, 1);
  });

  it("adds HF's fields to a paper harvested from arXiv without losing arXiv's", async () => {
    const { app, run } = await setUp(new Map([[FIXTURE_DAY, FIXTURE_ITEMS.slice(0, 1)]]));
    const arxiv = {
      id: "2409.11074v2",
      title: "RoMath: the arXiv title",
      abstract: "The arXiv abstract.",
      authors: ["Adrian Cosma"],
      categories: ["cs.CL"],
      published: "2024-09-17T11:03:46Z",
      updated: "2024-09-20T08:00:00Z",
      comments: "14 pages",
    };
    await app.importer.importLines(toSourceLines([JSON.stringify(arxiv)]));
    assert.match((await run("--from", FIXTURE_DAY, "--to", FIXTURE_DAY)).stdout, /0 inserted, 1 updated/);
    const paper = await app.storage.papers.findPaper("2409.11074");
    assert.equal(paper?.title, "RoMath: the arXiv title");
    assert.deepEqual(paper?.categories, ["cs.CL"]);
    assert.equal(paper?.comments, "14 pages");
    assert.equal(paper?.version, 2);
    assert.equal(paper?.updatedAt, "2024-09-20T08:00:00.000Z");
    assert.equal(paper?.upvotes, 12);
    assert.equal(paper?.githubRepo, "example-org/romath");
  });

  it("reports a malformed item by its position and imports the rest", async () => {
    const broken = { ...FIXTURE_ITEMS[1], paper: { ...FIXTURE_ITEMS[1]!.paper, publishedAt: null } };
    const badId = { ...FIXTURE_ITEMS[2], paper: { ...FIXTURE_ITEMS[2]!.paper, id: "not-an-arxiv-id" } };
    const { app, run } = await setUp(new Map([[FIXTURE_DAY, [FIXTURE_ITEMS[0], broken, badId]]]));
    const result = await run("--from", FIXTURE_DAY, "--to", FIXTURE_DAY);
    assert.equal(result.status, 0);
    assert.match(result.stderr, /hf 2024-09-18 #2: rejected: 2409\.11000: paper\.publishedAt: /);
    assert.match(result.stderr, /hf 2024-09-18 #3: rejected: not-an-arxiv-id: id: "not-an-arxiv-id" is not an arXiv/);
    assert.match(result.stdout, /3 papers listed: 1 inserted, 0 updated, 0 unchanged, 2 rejected/);
    assert.equal(await app.storage.papers.countPapers(), 1);
  });

  it("stops at truncated JSON without checkpointing that day, and the same command resumes there", async () => {
    const body = JSON.stringify(dayItems("2025-01-02", 3));
    const days: Days = new Map<string, readonly unknown[] | Action>([
      ["2025-01-01", dayItems("2025-01-01", 2)],
      ["2025-01-02", { status: 200, body: body.slice(0, -25) }],
      ["2025-01-03", dayItems("2025-01-03", 1)],
    ]);
    const { app, server, run } = await setUp(days);
    const failed = await run("--from", "2025-01-01", "--to", "2025-01-03");
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /ingest hf: Hugging Face sent truncated or invalid JSON for 2025-01-02/);
    assert.match(failed.stderr, /stopped at 2025-01-02, which is not checkpointed/);
    assert.doesNotMatch(failed.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(await app.storage.checkpoints.read("huggingface:daily:2025-01-01..2025-01-03"), {
      nextDay: "2025-01-02",
    });
    assert.equal(await app.storage.papers.countPapers(), 2, "the finished day stays imported");

    days.set("2025-01-02", dayItems("2025-01-02", 3));
    server.requests.length = 0;
    const resumed = await run("--from", "2025-01-01", "--to", "2025-01-03");
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming at 2025-01-02/);
    assert.deepEqual(
      server.requests.map((r) => r.query.get("date")),
      ["2025-01-02", "2025-01-03"],
    );
    assert.equal(await app.storage.papers.countPapers(), 6);
    assert.equal(await app.storage.checkpoints.read("huggingface:daily:2025-01-01..2025-01-03"), null);
  });

  it("stops clearly on HF's 400 for a date, and --restart starts the range over", async () => {
    const days: Days = new Map<string, readonly unknown[] | Action>([
      ["2025-01-01", dayItems("2025-01-01", 1)],
      ["2025-01-02", badDateReply()],
    ]);
    const { app, server, run } = await setUp(days);
    const failed = await run("--from", "2025-01-01", "--to", "2025-01-02");
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /Hugging Face rejected the date 2025-01-02: \{"error":"Invalid date"\}/);
    assert.deepEqual(await app.storage.checkpoints.read("huggingface:daily:2025-01-01..2025-01-02"), {
      nextDay: "2025-01-02",
    });
    days.set("2025-01-02", []);
    server.requests.length = 0;
    assert.equal((await run("--from", "2025-01-01", "--to", "2025-01-02", "--restart")).status, 0);
    assert.deepEqual(
      server.requests.map((r) => r.query.get("date")),
      ["2025-01-01", "2025-01-02"],
    );
  });

  it("stops with a clear message when HF stays unavailable", async () => {
    const { run } = await setUp(new Map([[FIXTURE_DAY, { status: 503, headers: { "Retry-After": "0" } }]]));
    const result = await run("--from", FIXTURE_DAY, "--to", FIXTURE_DAY);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ingest hf: 127\.0\.0\.1:\d+ answered HTTP 503\n\s+stopped at 2024-09-18/);
  });

  it("sends HF_TOKEN as a bearer token", async () => {
    const { server, run } = await setUp(new Map(), { HF_TOKEN: "hf_configured" });
    await run("--quiet");
    assert.equal(server.requests[0]!.headers.authorization, "Bearer hf_configured");
  });

  it("rejects bad ranges", async () => {
    const { run } = await setUp(new Map());
    await assert.rejects(run("--from", "2025-02-30"), UsageError);
    await assert.rejects(
      run("--from", "2025-01-05", "--to", "2025-01-01"),
      /--from 2025-01-05 is after --to 2025-01-01/,
    );
    await assert.rejects(run("--to", "2026-07-01"), /--to 2026-07-01 is after today \(2026-06-30\)/);
    await assert.rejects(run("--days", "3"), /Unknown option/);
  });
});
