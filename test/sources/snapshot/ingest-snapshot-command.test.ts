import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { runIngestSnapshotCommand } from "../../../src/delivery/cli/ingest-snapshot-command.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import { createTestApp, fixtureLines } from "../../helpers/test-app.js";

const SAMPLE = fixtureLines("arxiv-kaggle/arxiv-metadata-oai-snapshot.sample-200.jsonl");

/** A stream that records what was written; a TTY when asked, to draw the progress bar. */
function captureStream(isTTY = false) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  if (isTTY) Object.assign(stream, { isTTY: true, columns: 200 });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), "paperboy-snapshot-")), name);
  writeFileSync(file, content);
  return file;
}

async function ingest(args: string[], options: { tty?: boolean } = {}) {
  const { app } = await createTestApp({ empty: true });
  const out = captureStream();
  const err = captureStream(options.tty);
  const run = async (runArgs = args) => ({
    status: await runIngestSnapshotCommand(app, runArgs, { out: out.stream, err: err.stream }),
    stdout: out.text(),
    stderr: err.text(),
  });
  return { app, run };
}

describe("paperboy ingest snapshot", () => {
  it("imports the real 200-line sample and prints a summary", async () => {
    const file = writeTemp("arxiv-metadata-oai-snapshot.json", SAMPLE.join("\n") + "\n");
    const { app, run } = await ingest([file]);
    const result = await run();
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stdout,
      /200 inserted, 0 updated, 0 unchanged, 0 rejected \(200 lines in [\d.]+ s, \d+ papers\/s\)/,
    );
    assert.equal(await app.storage.papers.countPapers(), 200);
    const stored = await app.storage.papers.findPaper("0704.0001");
    assert.equal(stored?.journalRef, "Phys.Rev.D76:013009,2007");
    assert.equal(stored?.publishedAt, "2007-04-02T19:18:42.000Z");
    assert.equal(stored?.version, 2);
    await app.close();
  });

  it("reports each malformed line by its number and imports the rest; --strict exits 2", async () => {
    const lines = [
      SAMPLE[0],
      "{not json",
      SAMPLE[1],
      "",
      JSON.stringify({ ...JSON.parse(SAMPLE[2]!), id: "bogus" }),
      JSON.stringify({ ...JSON.parse(SAMPLE[3]!), versions: [{ version: "v1", created: "yesterday-ish" }] }),
      SAMPLE[4],
    ];
    const file = writeTemp("snapshot.json", lines.join("\n") + "\n");
    const { app, run } = await ingest([file]);
    const result = await run();
    assert.equal(result.status, 0, "rejected lines are not fatal without --strict");
    assert.match(result.stderr, /snapshot\.json:2: rejected: not valid JSON/);
    assert.match(result.stderr, /snapshot\.json:5: rejected: id: "bogus" is not an arXiv identifier/);
    assert.match(result.stderr, /snapshot\.json:6: rejected: published: not an ISO date/);
    assert.doesNotMatch(result.stderr, /snapshot\.json:(1|3|4|7):/);
    assert.match(result.stdout, /3 inserted, 0 updated, 0 unchanged, 3 rejected \(7 lines/);
    assert.equal(await app.storage.papers.countPapers(), 3);
    assert.equal((await run([file, "--strict", "--quiet"])).status, 2);
    await app.close();
  });

  it("reads a gzipped snapshot, and a second import of it changes nothing", async () => {
    const file = writeTemp("arxiv-metadata-oai-snapshot.json.gz", gzipSync(SAMPLE.join("\n")));
    const { app, run } = await ingest([file]);
    assert.match((await run()).stdout, /200 inserted, 0 updated, 0 unchanged, 0 rejected/);
    const second = await run();
    assert.match(second.stdout.split("\n")[1]!, /0 inserted, 0 updated, 200 unchanged, 0 rejected/);
    assert.equal(await app.storage.papers.countPapers(), 200);
    await app.close();
  });

  it("keeps a newer version when an older snapshot of the paper is imported after it", async () => {
    const newer = JSON.parse(SAMPLE[0]!) as { versions: unknown[]; title: string };
    const older = { ...newer, versions: newer.versions.slice(0, 1), title: "An older title" };
    const file = writeTemp("snapshot.json", `${JSON.stringify(newer)}\n${JSON.stringify(older)}\n`);
    const { app, run } = await ingest([file]);
    assert.match((await run()).stdout, /1 inserted, 0 updated, 1 unchanged/);
    const paper = await app.storage.papers.findPaper("0704.0001");
    assert.equal(paper?.version, 2);
    assert.equal(paper?.title, newer.title.replace(/\s+/g, " "));
    await app.close();
  });

  it("draws a progress bar with rate and ETA on a TTY, and nothing with --quiet", async () => {
    const file = writeTemp("snapshot.json", SAMPLE.join("\n"));
    const { app, run } = await ingest([file], { tty: true });
    assert.match((await run()).stderr, /snapshot \[#+\] 100\.0% · [\d.]+k? papers\/s · ETA /);
    const quiet = await run([file, "--quiet"]);
    assert.equal(quiet.stdout.split("\n").length, 2, "no second summary line with --quiet");
    await app.close();
  });

  it("says clearly when a file is missing or its gzip stream is truncated, keeping the lines before the damage", async () => {
    const { app, run } = await ingest([]);
    const missing = await run(["/nonexistent/snapshot.json"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /snapshot\.json: no such file/);
    // Enough text that gzip emits whole lines before the cut.
    const many = Array.from({ length: 20 }, () => SAMPLE).flat();
    const whole = gzipSync(many.join("\n"));
    const truncated = writeTemp("cut.json.gz", whole.subarray(0, Math.floor(whole.length / 2)));
    const cut = await run([truncated, "--quiet"]);
    assert.equal(cut.status, 1);
    assert.match(cut.stderr, /cut\.json\.gz: the gzip stream is corrupt or truncated/);
    assert.ok((await app.storage.papers.countPapers()) > 0, "lines before the damage were imported");
    await app.close();
  });

  it("rejects bad usage", async () => {
    const { app, run } = await ingest([]);
    await assert.rejects(run([]), UsageError);
    await assert.rejects(run(["file.json", "--no-such-flag"]), /Unknown option/);
    await app.close();
  });
});
