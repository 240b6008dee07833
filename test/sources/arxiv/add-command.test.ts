import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { runAddCommand } from "../../../src/delivery/cli/add-command.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import {
  type Handler,
  combinedFeed,
  recordedFeed,
  replayRecorded,
  startArxivFixtureServer,
} from "./arxiv-fixture-server.js";
import { captureOutput, createArxivTestApp } from "./arxiv-test-io.js";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setUp(handler: Handler = replayRecorded) {
  const server = await startArxivFixtureServer(handler);
  const app = await createArxivTestApp(server);
  cleanups.push(
    () => server.close(),
    () => app.close(),
  );
  return { server, app };
}

/** The recorded 2104.12255v1 answer rewritten as arXiv would answer once v2 replaced it. */
const V2_FEED = recordedFeed("recorded-2026/id_2104.12255v1_s0_m100_6ae69987ffe1.xml")
  .replace("2104.12255v1</id>", "2104.12255v2</id>")
  .replace("<title>0</title>", "<title>0: The Funniest Number in Cryptography</title>")
  .replace("<updated>2021-04-20T16:07:14Z", "<updated>2021-05-02T09:00:00Z");

describe("paperboy add", () => {
  it("adds papers by id and URL, in one request, and says what happened to each", async () => {
    const { server, app } = await setUp(({ url }) => ({
      body: combinedFeed(url.searchParams.get("id_list")!.split(",")),
    }));
    const { output, captured } = captureOutput();
    const status = await runAddCommand(
      app,
      ["arXiv:2104.12255v1", "https://arxiv.org/abs/astro-ph/0601001", "quant-ph/0201082v1"],
      output,
    );
    assert.equal(status, 0, captured.err);
    assert.equal(server.requests.length, 1);
    assert.equal(
      server.requests[0]!.url.searchParams.get("id_list"),
      "2104.12255v1,astro-ph/0601001,quant-ph/0201082v1",
    );
    assert.equal(
      captured.out,
      "2104.12255v1: added (v1)\nastro-ph/0601001: added (v1)\nquant-ph/0201082v1: added (v1)\n",
    );
    assert.equal((await app.storage.papers.findPaper("astro-ph/0601001"))?.journalRef, "ActaAstron.56:1-50,2006");
  });

  it("says unchanged the second time, and updated (not duplicated) when a new version appears", async () => {
    let served = "v1";
    const { app } = await setUp((request) => (served === "v2" ? { body: V2_FEED } : replayRecorded(request)));
    const run = async (id: string) => {
      const { output, captured } = captureOutput();
      const status = await runAddCommand(app, [id], output);
      return { status, out: captured.out };
    };
    assert.deepEqual(await run("2104.12255v1"), { status: 0, out: "2104.12255v1: added (v1)\n" });
    assert.deepEqual(await run("2104.12255v1"), { status: 0, out: "2104.12255v1: unchanged (v1)\n" });
    served = "v2";
    assert.deepEqual(await run("2104.12255"), { status: 0, out: "2104.12255: updated (v2)\n" });
    assert.equal(await app.storage.papers.countPapers(), 1);
    const paper = (await app.storage.papers.findPaper("2104.12255"))!;
    assert.deepEqual(
      [paper.version, paper.title, paper.publishedAt, paper.updatedAt],
      [2, "0: The Funniest Number in Cryptography", "2021-04-20T16:07:14.000Z", "2021-05-02T09:00:00.000Z"],
    );
  });

  it("says when arXiv does not know an id, and exits 1", async () => {
    const { app } = await setUp();
    const { output, captured } = captureOutput();
    assert.equal(await runAddCommand(app, ["2912.99999"], output), 1);
    assert.equal(captured.out, "2912.99999: not found on arXiv\n");
    assert.equal(await app.storage.papers.countPapers(), 0);
  });

  it("reports arXiv's own rejection of an id clearly", async () => {
    // parseArxivId accepts what arXiv may still refuse; the recorded refusal of "abc" stands in for it.
    const { app } = await setUp(() => ({
      status: 400,
      body: recordedFeed("recorded-2026/id_abc_s0_m100_b79c8dcf6bc3.xml"),
    }));
    const { output, captured } = captureOutput();
    assert.equal(await runAddCommand(app, ["2501.01234"], output), 1);
    assert.match(captured.err, /^paperboy: nothing was added: arXiv rejected the request: incorrect id format for abc/);
  });

  it("says clearly when arXiv is unreachable", async () => {
    const { server, app } = await setUp();
    await server.close();
    const { output, captured } = captureOutput();
    assert.equal(await runAddCommand(app, ["2104.12255"], output), 1);
    assert.match(
      captured.err,
      /^paperboy: arXiv is unreachable, nothing was added: 127\.0\.0\.1:\d+ unreachable after 1 attempts: ECONNREFUSED/,
    );
    assert.equal(captured.out, "");
  });

  it("refuses ids that are not arXiv ids before asking arXiv", async () => {
    const { server, app } = await setUp();
    await assert.rejects(
      runAddCommand(app, ["abc", "2104.12255", "0000.0000"], captureOutput().output),
      (error: Error) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /"abc" is not an arXiv identifier/);
        assert.match(error.message, /"0000\.0000" is not an arXiv identifier/);
        return true;
      },
    );
    await assert.rejects(runAddCommand(app, [], captureOutput().output), UsageError);
    assert.equal(server.requests.length, 0);
  });
});
