import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { App } from "../../../src/app.js";
import { runIngestArxivCommand } from "../../../src/delivery/cli/ingest-arxiv-command.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import { toSourceLines } from "../../helpers/test-app.js";
import {
  type Handler,
  recordedFeed,
  rssFixture,
  startArxivFixtureServer,
  testingPage,
} from "./arxiv-fixture-server.js";
import { captureOutput, createArxivTestApp } from "./arxiv-test-io.js";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setUp(handler: Handler) {
  const server = await startArxivFixtureServer(handler);
  const app = await createArxivTestApp(server);
  cleanups.push(
    () => server.close(),
    () => app.close(),
  );
  return { server, app };
}

/** The 2016 del_maestro page (10 papers) as one complete day, one entry's id broken. */
function dayWithBrokenEntry(): string {
  return recordedFeed("legacy-2016/search_query-au-del_maestro.xml")
    .replace(/(totalResults[^>]*>)31</, "$110<")
    .replace("http://arxiv.org/abs/1303.6954v2", "http://arxiv.org/abs/1303.6954-broken");
}

/** Day 1: the recorded `testing` pages (30 papers); day 2: dayWithBrokenEntry; day 3: nothing. */
const windowHandler: Handler = ({ url }) => {
  const day = /submittedDate:\[(\d{8})/.exec(url.searchParams.get("search_query") ?? "")?.[1];
  if (day === "20250101") return { body: testingPage(Number(url.searchParams.get("start"))) };
  if (day === "20250102") return { body: dayWithBrokenEntry() };
  return { body: recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml") };
};

function queriedDays(requests: { url: URL }[]): string[] {
  return requests.map((r) => /submittedDate:\[(\d{8})/.exec(r.url.searchParams.get("search_query") ?? "")![1]!);
}

describe("paperboy ingest arxiv --from", () => {
  it("imports every paper of the window day by day, reporting the malformed entry and keeping the rest", async () => {
    const { server, app } = await setUp(windowHandler);
    const { output, captured } = captureOutput();
    const args = ["--category", "cs.LG", "--category", "cs.CL", "--from", "2025-01-01", "--to", "2025-01-03"];
    assert.equal(await runIngestArxivCommand(app, args, output), 0, captured.err);
    assert.deepEqual(queriedDays(server.requests), ["20250101", "20250101", "20250101", "20250102", "20250103"]);
    const query = server.requests[0]!.url.searchParams.get("search_query");
    assert.equal(query, "(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202501010000 TO 202501012359]");
    assert.match(captured.err, /arXiv entry 35: rejected: http:\/\/arxiv\.org\/abs\/1303\.6954-broken: id: /);
    assert.match(
      captured.out,
      /^arXiv cs\.LG, cs\.CL submitted 2025-01-01\.\.2025-01-03: 39 inserted, 0 updated, 0 unchanged, 1 rejected/,
    );
    assert.equal(await app.storage.papers.countPapers(), 39);
    assert.equal((await app.storage.papers.findPaper("1412.6529"))?.version, 2);
    assert.equal(await app.storage.checkpoints.read(checkpointKey()), null, "cleared once the window is done");
  });

  it("is idempotent: the same window again changes nothing", async () => {
    const { app } = await setUp(windowHandler);
    const args = ["--category", "cs.LG", "--from", "2025-01-01", "--to", "2025-01-02"];
    await runIngestArxivCommand(app, args, captureOutput().output);
    const { output, captured } = captureOutput();
    await runIngestArxivCommand(app, args, output);
    assert.match(captured.out, /: 0 inserted, 0 updated, 39 unchanged, 1 rejected/);
  });

  it("stops with a clear message when arXiv is unavailable and resumes at the unfinished day", async () => {
    let down = true;
    const { server, app } = await setUp((request, i) =>
      down && queriedDays([request])[0] === "20250102" ? { status: 503, body: `busy ${i}` } : windowHandler(request, i),
    );
    const args = ["--category", "cs.LG", "--category", "cs.CL", "--from", "2025-01-01", "--to", "2025-01-03"];
    const first = captureOutput();
    assert.equal(await runIngestArxivCommand(app, args, first.output), 1);
    assert.match(first.captured.err, /paperboy: 127\.0\.0\.1:\d+ answered HTTP 503/);
    assert.match(first.captured.err, /run the same command to resume/);
    assert.deepEqual(await app.storage.checkpoints.read(checkpointKey()), { nextDay: "2025-01-02" });
    assert.equal(await app.storage.papers.countPapers(), 30, "the finished day is kept");

    down = false;
    const before = server.requests.length;
    const second = captureOutput();
    assert.equal(await runIngestArxivCommand(app, args, second.output), 0);
    assert.match(second.captured.err, /resuming at 2025-01-02/);
    assert.deepEqual(queriedDays(server.requests.slice(before)), ["20250102", "20250103"]);
    assert.equal(await app.storage.papers.countPapers(), 39);
  });

  it("rejects bad options before asking arXiv", async () => {
    const { server, app } = await setUp(windowHandler);
    for (const args of [
      ["--from", "2025-02-30"],
      ["--from", "2025-01-31", "--to", "2025-01-01"],
      ["--to", "2025-01-01"],
      ["--category", "machine learning", "--from", "2025-01-01"],
    ]) {
      await assert.rejects(runIngestArxivCommand(app, args, captureOutput().output), UsageError, args.join(" "));
    }
    await assert.rejects(runIngestArxivCommand(app, ["--frm", "2025-01-01"], captureOutput().output), {
      code: "ERR_PARSE_ARGS_UNKNOWN_OPTION",
    });
    assert.equal(server.requests.length, 0);
  });
});

function checkpointKey(): string {
  return "arxiv-api:cs.CL,cs.LG:2025-01-01..2025-01-03";
}

describe("paperboy ingest arxiv (today's listing)", () => {
  /** The hand-written RSS fixtures, and the recorded 1605.08386 entry made into its v2 (the only one the API knows). */
  const listingHandler: Handler = ({ url }) => {
    if (url.pathname.startsWith("/rss/")) return { body: rssFixture(`${url.pathname.slice("/rss/".length)}.xml`) };
    const v1 = recordedFeed("recorded-2026/id_1605.08386_s0_m100_199195aa31ad.xml");
    const v2 = v1
      .replace("1605.08386v1</id>", "1605.08386v2</id>")
      .replace("<updated>2016-05-26T17:59:46Z", "<updated>2025-01-03T10:00:00Z");
    const ids = url.searchParams.get("id_list")?.split(",") ?? [];
    return {
      body: ids.includes("1605.08386") ? v2 : recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml"),
    };
  };

  async function withStoredPaper(app: App) {
    const v1 = {
      id: "2412.05555v1",
      title: "Gradient Noise Revisited",
      authors: ["Jane Doe"],
      categories: ["cs.LG"],
      published: "2024-12-09T18:00:00Z",
      comments: "9 pages",
    };
    await app.importer.importLines(toSourceLines([JSON.stringify(v1)]));
  }

  it("inserts new papers, bumps replaced ones, looks up unknown replacements, reports bad items", async () => {
    const { server, app } = await setUp(listingHandler);
    await withStoredPaper(app);
    const { output, captured } = captureOutput();
    assert.equal(await runIngestArxivCommand(app, ["--category", "cs.LG", "--category", "cs.CL"], output), 0);
    assert.deepEqual(
      server.requests.map((r) => r.url.pathname + (r.url.searchParams.get("id_list") ?? "")),
      ["/rss/cs.LG", "/rss/cs.CL", "/api/query1605.08386"],
    );
    assert.match(captured.err, /arXiv RSS cs\.LG item 5: rejected: .*"not-an-id" is not an arXiv identifier/);
    assert.match(
      captured.out,
      /^arXiv listing cs\.LG, cs\.CL: 5 announcements \(2 new, 1 cross, 1 replace, 1 replace-cross\): 4 inserted, 1 updated, 0 unchanged, 1 rejected/,
    );
    assert.equal(await app.storage.papers.countPapers(), 5);
    const bumped = (await app.storage.papers.findPaper("2412.05555"))!;
    assert.deepEqual(
      [bumped.version, bumped.title, bumped.publishedAt, bumped.comments],
      [2, "Gradient Noise Revisited (Second Edition)", "2024-12-09T18:00:00.000Z", "9 pages"],
    );
    const lookedUp = (await app.storage.papers.findPaper("1605.08386"))!;
    assert.deepEqual([lookedUp.version, lookedUp.publishedAt], [2, "2016-05-26T17:59:46.000Z"]);
    const fresh = (await app.storage.papers.findPaper("2501.01234"))!;
    assert.equal(fresh.publishedAt, "2025-01-06T05:00:00.000Z");
  });

  it("reports a replacement the API does not know, and leaves known papers alone on the next run", async () => {
    const { app } = await setUp(listingHandler);
    const first = captureOutput();
    await runIngestArxivCommand(app, ["--category", "cs.LG", "--category", "cs.CL"], first.output);
    assert.match(
      first.captured.err,
      /arXiv 2412\.05555: rejected: announced as replaced, but the API does not know it/,
    );
    assert.match(first.captured.out, /: 4 inserted, 0 updated, 0 unchanged, 2 rejected/);
    const { output, captured } = captureOutput();
    assert.equal(await runIngestArxivCommand(app, ["--category", "cs.LG", "--category", "cs.CL"], output), 0);
    assert.match(captured.out, /: 0 inserted, 0 updated, 4 unchanged, 2 rejected/);
  });

  it("uses the configured categories by default and fails clearly on a truncated feed", async () => {
    const { server, app } = await setUp(() => ({ body: rssFixture("cs.LG.xml").slice(0, 900) }));
    const { output, captured } = captureOutput();
    assert.equal(await runIngestArxivCommand(app, [], output), 1);
    assert.equal(server.requests[0]!.url.pathname, `/rss/${app.config.sources.arxivCategories[0]}`);
    assert.match(captured.err, /paperboy: arXiv sent a malformed feed for .*\/rss\/cs\.LG: malformed or truncated XML/);
    assert.equal(await app.storage.papers.countPapers(), 0);
  });
});
