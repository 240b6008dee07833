import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { JobDefinition } from "../../src/delivery/jobs/job-definition.js";
import { createJobRunner } from "../../src/delivery/jobs/job-runner.js";
import { createLogger } from "../../src/lib/logger.js";

/** Two apps on one database file: two processes' worth of schedulers and workers. */
function createApps(count: number, clock: { now: Date }): App[] {
  const file = join(mkdtempSync(join(tmpdir(), "paperboy-jobs-")), "hub.sqlite");
  const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/unused", LOG_LEVEL: "silent" });
  return Array.from({ length: count }, () =>
    createApp(config, { now: () => clock.now, logger: createLogger("silent"), storage: createSqliteStorage(file) }),
  );
}

function countingJob(overrides: Partial<JobDefinition> & { calls: string[] }): JobDefinition {
  return {
    name: "count",
    description: "counts its runs",
    cadence: { kind: "hourly", atMinute: 0 },
    maxAttempts: 3,
    retryBackoffMs: 60_000,
    leaseMs: 60_000,
    async run({ slot, attempt }) {
      overrides.calls.push(`${slot}#${attempt}`);
      return { runs: overrides.calls.length };
    },
    ...overrides,
  };
}

describe("job runner", () => {
  it("runs a slot once however many schedulers and workers tick", async () => {
    const clock = { now: new Date("2026-11-26T10:30:00Z") };
    const calls: string[] = [];
    const job = countingJob({ calls });
    const runners = createApps(2, clock).map((app) =>
      createJobRunner({ app, jobs: [job], schedule: true, work: true }),
    );
    await Promise.all([runners[0]!.tick(), runners[1]!.tick(), runners[0]!.tick()]);
    assert.deepEqual(calls, ["2026-11-26T10#1"]);
    clock.now = new Date("2026-11-26T11:00:00Z");
    await Promise.all(runners.map((r) => r.tick()));
    assert.deepEqual(calls, ["2026-11-26T10#1", "2026-11-26T11#1"]);
  });

  it("retries a failing job with exponential backoff, then gives up and records the error", async () => {
    const clock = { now: new Date("2026-11-26T10:30:00Z") };
    const calls: string[] = [];
    const job = countingJob({
      calls,
      async run({ slot, attempt }) {
        calls.push(`${slot}#${attempt}`);
        throw new Error(`arXiv unreachable (attempt ${attempt})`);
      },
    });
    const [app] = createApps(1, clock);
    const runner = createJobRunner({ app: app!, jobs: [job], schedule: true, work: true });
    await runner.tick();
    let [run] = await app!.storage.jobRuns.listLatestRuns();
    assert.equal(run!.status, "failed");
    assert.equal(run!.retryAt, "2026-11-26T10:31:00.000Z", "first retry after the backoff");
    clock.now = new Date("2026-11-26T10:30:59Z");
    await runner.tick();
    assert.equal(calls.length, 1, "not before the retry time");
    clock.now = new Date("2026-11-26T10:31:00Z");
    await runner.tick();
    [run] = await app!.storage.jobRuns.listLatestRuns();
    assert.equal(run!.retryAt, "2026-11-26T10:33:00.000Z", "the backoff doubles");
    clock.now = new Date("2026-11-26T10:40:00Z");
    await runner.tick();
    await runner.tick();
    assert.deepEqual(calls, ["2026-11-26T10#1", "2026-11-26T10#2", "2026-11-26T10#3"]);
    [run] = await app!.storage.jobRuns.listLatestRuns();
    assert.equal(run!.status, "failed");
    assert.equal(run!.retryAt, null, "no attempts left");
    assert.equal(run!.error, "arXiv unreachable (attempt 3)");
  });

  it("takes over a run whose worker died (lease expired), and not before", async () => {
    const clock = { now: new Date("2026-11-26T10:30:00Z") };
    const calls: string[] = [];
    const job = countingJob({ calls });
    const [a, b] = createApps(2, clock);
    await a!.storage.jobRuns.enqueue("count", "2026-11-26T10", 3, clock.now);
    const claimed = await a!.storage.jobRuns.claimNext(["count"], clock.now, 60_000);
    assert.ok(claimed, "process A claimed the run, then died without finishing");
    const worker = createJobRunner({ app: b!, jobs: [job], schedule: false, work: true });
    await worker.tick();
    assert.deepEqual(calls, [], "the lease still holds");
    clock.now = new Date("2026-11-26T10:31:00Z");
    await worker.tick();
    assert.deepEqual(calls, ["2026-11-26T10#2"]);
  });

  it("scheduler-only and worker-only processes split the work", async () => {
    const clock = { now: new Date("2026-11-26T10:30:00Z") };
    const calls: string[] = [];
    const job = countingJob({ calls });
    const [s, w] = createApps(2, clock);
    await createJobRunner({ app: w!, jobs: [job], schedule: false, work: true }).tick();
    assert.deepEqual(calls, [], "a worker alone enqueues nothing");
    await createJobRunner({ app: s!, jobs: [job], schedule: true, work: false }).tick();
    assert.deepEqual(calls, [], "a scheduler alone runs nothing");
    await createJobRunner({ app: w!, jobs: [job], schedule: false, work: true }).tick();
    assert.deepEqual(calls, ["2026-11-26T10#1"]);
  });
});
