import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createJobRunner } from "../../src/delivery/jobs/job-runner.js";
import { SCHEDULE } from "../../src/delivery/jobs/schedule.js";
import { createLogger } from "../../src/lib/logger.js";
import {
  type HfFixtureServer,
  itemOnDay,
  itemsReply,
  startHfFixtureServer,
} from "../sources/huggingface/hf-fixture-server.js";

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("scheduled Hugging Face ingestion", () => {
  it("imports yesterday's and today's lists every hour, picking up new upvotes without duplicates", async () => {
    let upvotes = 10;
    const server: HfFixtureServer = await startHfFixtureServer((request) => {
      const day = request.query.get("date");
      const firstPage = request.query.get("p") === "0";
      if (day === "2026-11-30" && firstPage) return itemsReply([itemOnDay("2026-11-30", 1, { upvotes })]);
      if (day === "2026-11-29" && firstPage) return itemsReply([itemOnDay("2026-11-29", 2)]);
      return itemsReply([]);
    });
    const clock = { now: new Date("2026-11-30T09:05:00Z") };
    const config = loadConfig({
      PAPERBOY_DATA_DIR: "/tmp/unused",
      HF_API_URL: server.url,
      HF_REQUEST_INTERVAL_MS: "0",
      SOURCE_RETRIES: "0",
    });
    const app: App = createApp(config, {
      now: () => clock.now,
      logger: createLogger("silent"),
      storage: createSqliteStorage(":memory:"),
    });
    cleanups.push(
      () => server.close(),
      () => app.close(),
    );
    const job = SCHEDULE.find((j) => j.name === "hf-daily-papers")!;
    const runner = createJobRunner({ app, jobs: [job], schedule: true, work: true });

    await runner.tick();
    let [run] = await app.storage.jobRuns.listLatestRuns();
    assert.equal(run!.status, "succeeded", run!.error ?? "");
    assert.equal(run!.slot, "2026-11-30T09");
    assert.equal(run!.counts!.inserted, 2);
    assert.equal(await app.storage.papers.countPapers(), 2);
    const [listed] = (await app.listings.getRecentListings({ offset: 0, limit: 1 })).items;
    assert.equal(listed!.paper.upvotes, 10);

    upvotes = 25;
    clock.now = new Date("2026-11-30T10:05:00Z");
    await runner.tick();
    [run] = await app.storage.jobRuns.listLatestRuns();
    assert.equal(run!.slot, "2026-11-30T10");
    assert.equal(run!.counts!.inserted, 0, "nothing duplicated");
    assert.equal(await app.storage.papers.countPapers(), 2);
    const [again] = (await app.listings.getRecentListings({ offset: 0, limit: 1 })).items;
    assert.equal(again!.paper.upvotes, 25, "the new upvote count arrived");
  });
});
