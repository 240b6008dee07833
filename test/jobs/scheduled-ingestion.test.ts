import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createJobRunner } from "../../src/delivery/jobs/job-runner.js";
import { SCHEDULE } from "../../src/delivery/jobs/schedule.js";
import {
  recordedFeed,
  rssFixture,
  startArxivFixtureServer,
  type Handler,
} from "../sources/arxiv/arxiv-fixture-server.js";
import { createArxivTestApp } from "../sources/arxiv/arxiv-test-io.js";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function setUp(handler: Handler, now: Date) {
  const server = await startArxivFixtureServer(handler);
  const app = await createArxivTestApp(server);
  cleanups.push(
    () => server.close(),
    () => app.close(),
  );
  const clock = { now };
  const timed = { ...app, now: () => clock.now };
  const arxivJob = SCHEDULE.find((j) => j.name === "arxiv-new-papers")!;
  const runner = createJobRunner({ app: timed, jobs: [arxivJob], schedule: true, work: true });
  return { server, app, clock, runner };
}

/** The listing fixtures for cs.LG and cs.CL, an empty day for the other followed categories, no API lookups. */
const serveListing: Handler = ({ url }) => {
  const category = url.pathname.split("/").at(-1)!;
  if (category === "cs.LG" || category === "cs.CL") return { body: rssFixture(`${category}.xml`) };
  if (url.pathname.startsWith("/rss/")) return { body: rssFixture("cs.LG.xml").replace(/<item>[\s\S]*<\/item>/, "") };
  return { body: recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml") };
};

describe("scheduled arXiv ingestion", () => {
  it("imports the day's announcements once per slot, with counts in the job status", async () => {
    const { app, runner, server } = await setUp(serveListing, new Date("2026-11-30T02:30:00Z"));
    await runner.tick();
    await runner.tick();
    const [run] = await app.storage.jobRuns.listLatestRuns();
    assert.equal(run!.job, "arxiv-new-papers");
    assert.equal(run!.slot, "2026-11-30");
    assert.equal(run!.status, "succeeded", run!.error ?? "");
    assert.ok(run!.counts!.inserted! > 0, JSON.stringify(run!.counts));
    assert.equal(await app.storage.papers.countPapers(), run!.counts!.inserted);
    const feedRequests = server.requests.filter((r) => r.url.pathname.startsWith("/rss")).length;
    assert.ok(feedRequests > 0 && feedRequests <= app.config.sources.arxivCategories.length, "one slot, one pass");
  });

  it("on the weekend the due slot is still Friday's: nothing new runs", async () => {
    const { app, runner, clock } = await setUp(serveListing, new Date("2026-11-27T03:00:00Z"));
    await runner.tick();
    clock.now = new Date("2026-11-29T12:00:00Z");
    await runner.tick();
    const runs = await app.storage.jobRuns.listLatestRuns();
    assert.equal(runs[0]!.slot, "2026-11-27");
  });

  it("a source outage fails the run with the reason and schedules a retry", async () => {
    const { app, runner } = await setUp(
      () => ({ status: 503, headers: { "Retry-After": "1" } }),
      new Date("2026-11-30T02:30:00Z"),
    );
    await runner.tick();
    const [run] = await app.storage.jobRuns.listLatestRuns();
    assert.equal(run!.status, "failed");
    assert.match(run!.error ?? "", /503/);
    assert.equal(run!.retryAt, "2026-11-30T02:40:00.000Z");
  });
});
