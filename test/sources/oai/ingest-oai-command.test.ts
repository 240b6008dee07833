import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { oaiCheckpointKey } from "../../../src/adapters/sources/arxiv/oai-harvester.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import { runIngestOaiCommand } from "../../../src/delivery/cli/ingest-oai-command.js";
import { createTestApp } from "../../helpers/test-app.js";
import {
  type OaiFixtureServer,
  PHYSICS_PARAMS,
  answerPhysics,
  physicsPage,
  physicsPageOf,
  startOaiFixtureServer,
} from "./oai-fixture-server.js";

const ARGS = ["--set", "physics", "--from", "2014-01-01"];
let server: OaiFixtureServer;
let truncatePage3 = false;

before(async () => {
  server = await startOaiFixtureServer((url) =>
    truncatePage3 && physicsPageOf(url) === 3 ? { body: physicsPage(3).slice(0, 3_000) } : answerPhysics(url),
  );
});

after(() => server.close());

function captureOutput() {
  const text = { out: "", err: "" };
  const output = {
    out: { write: (s: string) => (text.out += s) },
    err: { write: (s: string) => (text.err += s), isTTY: false } as unknown as NodeJS.WriteStream,
  };
  return { text, output };
}

async function appOnFixtureServer() {
  const { app } = await createTestApp({
    empty: true,
    env: { ARXIV_OAI_URL: server.url, ARXIV_REQUEST_INTERVAL_MS: "0", SOURCE_RETRIES: "0" },
  });
  return app;
}

test("ingest oai harvests the set, lists malformed and deleted records, and sums up", async () => {
  const app = await appOnFixtureServer();
  try {
    const { text, output } = captureOutput();
    assert.equal(await runIngestOaiCommand(app, ARGS, output), 0);
    assert.match(text.err, /oai:arXiv\.org:1603\.99999: malformed, skipped: title: missing/);
    assert.match(text.err, /oai:arXiv\.org:1705\.01234: deleted in the repository on 2017-12-14/);
    assert.match(text.err, /oai:arXiv\.org:1611\.05678: deleted in the repository/);
    assert.match(
      text.out,
      /^oai arXiv physics 2014-01-01\.\.: 19 inserted, 0 updated, 0 unchanged, 1 malformed, 2 deleted \(5 pages in [\d.]+ s\); next incremental harvest: --from 2017-12-14\n$/,
    );
    assert.equal(await app.storage.papers.countPapers(), 19);
  } finally {
    await app.close();
  }
});

test("a failed harvest exits 1 with the reason; the same command resumes, --restart starts over", async () => {
  const app = await appOnFixtureServer();
  try {
    truncatePage3 = true;
    const failed = captureOutput();
    assert.equal(await runIngestOaiCommand(app, ARGS, failed.output), 1);
    assert.match(
      failed.text.err,
      /paperboy: page 3 .*truncated OAI-PMH response.*the same command resumes at this page/,
    );
    assert.notEqual(await app.storage.checkpoints.read(oaiCheckpointKey(PHYSICS_PARAMS)), null);

    truncatePage3 = false;
    const resumed = captureOutput();
    assert.equal(await runIngestOaiCommand(app, [...ARGS, "--quiet"], resumed.output), 0);
    assert.equal(resumed.text.out, "", "--quiet prints nothing");
    assert.equal(await app.storage.papers.countPapers(), 19);

    truncatePage3 = true;
    assert.equal(await runIngestOaiCommand(app, ARGS, captureOutput().output), 1);
    truncatePage3 = false;
    const again = captureOutput();
    assert.equal(await runIngestOaiCommand(app, [...ARGS, "--restart"], again.output), 0);
    assert.doesNotMatch(again.text.err, /resuming/);
    assert.match(again.text.out, /0 inserted, 0 updated, 19 unchanged/);

    truncatePage3 = true;
    await runIngestOaiCommand(app, ARGS, captureOutput().output);
    truncatePage3 = false;
    const third = captureOutput();
    assert.equal(await runIngestOaiCommand(app, ARGS, third.output), 0);
    assert.match(third.text.err, /^resuming after page 2 \(7 records so far\)\n/);
    assert.match(third.text.out, /\(5 pages, resumed in/);
  } finally {
    truncatePage3 = false;
    await app.close();
  }
});

test("bad usage is refused before anything is fetched", async () => {
  const app = await appOnFixtureServer();
  const requestsBefore = server.requests.length;
  try {
    const usage: [string[], RegExp][] = [
      [["--from", "2025-01-01"], /needs --set/],
      [["--set", "cs"], /needs --from/],
      [["--set", "cs", "--from", "2025-02-30"], /dates like 2025-01-31/],
      [["--set", "cs", "--from", "2025-01-01", "--until", "yesterday"], /dates like 2025-01-31/],
      [
        ["--set", "cs", "--from", "2025-02-01", "--until", "2025-01-01"],
        /--until 2025-01-01 is before --from 2025-02-01/,
      ],
      [["--set", "cs", "--from", "2025-01-01", "--prefix", "oai_dc"], /--prefix oai_dc: expected arXiv or arXivRaw/],
      [["--set", "cs&verb=Identify", "--from", "2025-01-01"], /expected an arXiv set/],
    ];
    for (const [args, message] of usage) {
      await assert.rejects(runIngestOaiCommand(app, args, captureOutput().output), (error: Error) => {
        assert.ok(error instanceof UsageError, `${args.join(" ")}: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
    }
    await assert.rejects(runIngestOaiCommand(app, [...ARGS, "--category", "cs"], captureOutput().output), {
      code: "ERR_PARSE_ARGS_UNKNOWN_OPTION",
    });
    assert.equal(server.requests.length, requestsBefore);
  } finally {
    await app.close();
  }
});
