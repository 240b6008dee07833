import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type OpenStorage, paperRecord as record, useStorage } from "./contract-storage.js";

const T0 = new Date("2026-11-26T10:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const LEASE_MS = 10 * 60_000;

/** CheckpointStore, JobRunStore and GithubRepoStore: the state ingestion keeps between runs. */
export function describeIngestionStateContract(backend: string, open: OpenStorage): void {
  describe(`${backend}: checkpoints`, () => {
    it("writes, overwrites, reads and clears a source's state", async (t) => {
      const { checkpoints } = await useStorage(t, open);
      assert.equal(await checkpoints.read("oai:cs"), null);
      await checkpoints.write("oai:cs", { token: "abc", from: "2025-01-01", page: 1, done: [1, 2] });
      await checkpoints.write("oai:cs", { token: "def", from: "2025-01-01", page: 2, done: [1, 2, 3] });
      await checkpoints.write("other", ["a"]);
      assert.deepEqual(await checkpoints.read("oai:cs"), {
        token: "def",
        from: "2025-01-01",
        page: 2,
        done: [1, 2, 3],
      });
      assert.deepEqual(await checkpoints.read("other"), ["a"]);
      await checkpoints.clear("oai:cs");
      assert.equal(await checkpoints.read("oai:cs"), null);
      assert.deepEqual(await checkpoints.read("other"), ["a"]);
    });
  });

  describe(`${backend}: job runs`, () => {
    it("enqueues a slot once and hands it to exactly one of two concurrent workers", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      const created = await Promise.all([
        jobRuns.enqueue("ingest", "2026-11-26", 3, T0),
        jobRuns.enqueue("ingest", "2026-11-26", 3, T0),
      ]);
      assert.deepEqual(created.sort(), [false, true]);
      const claims = await Promise.all([
        jobRuns.claimNext(["ingest"], T0, LEASE_MS),
        jobRuns.claimNext(["ingest"], T0, LEASE_MS),
      ]);
      const won = claims.filter((c) => c !== null);
      assert.equal(won.length, 1);
      assert.deepEqual(
        { ...won[0], runId: 0 },
        { runId: 0, job: "ingest", slot: "2026-11-26", attempt: 1, maxAttempts: 3 },
      );
      assert.equal(await jobRuns.claimNext(["ingest"], minutes(1), LEASE_MS), null, "running, lease not expired");
    });

    it("claims only the jobs asked for, oldest queued first", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      await jobRuns.enqueue("b", "s2", 1, minutes(2));
      await jobRuns.enqueue("a", "s1", 1, minutes(1));
      await jobRuns.enqueue("c", "s0", 1, T0);
      assert.equal((await jobRuns.claimNext(["a", "b"], minutes(3), LEASE_MS))?.job, "a");
      assert.equal((await jobRuns.claimNext(["a", "b"], minutes(3), LEASE_MS))?.job, "b");
      assert.equal(await jobRuns.claimNext(["a", "b"], minutes(3), LEASE_MS), null);
    });

    it("records success with counts, and reports the latest run of each job", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      await jobRuns.enqueue("ingest", "d1", 3, T0);
      const run = (await jobRuns.claimNext(["ingest"], minutes(1), LEASE_MS))!;
      await jobRuns.succeed(run.runId, minutes(2), { counts: { fetched: 10, inserted: 4 } });
      await jobRuns.enqueue("ingest", "d2", 3, minutes(5));
      await jobRuns.enqueue("stars", "d1", 3, minutes(3));
      const latest = await jobRuns.listLatestRuns();
      assert.deepEqual(
        latest.map((r) => [r.job, r.slot, r.status]),
        [
          ["ingest", "d2", "queued"],
          ["stars", "d1", "queued"],
        ],
      );
      assert.deepEqual(latest[0], {
        job: "ingest",
        slot: "d2",
        status: "queued",
        attempts: 0,
        maxAttempts: 3,
        queuedAt: minutes(5).toISOString(),
        startedAt: null,
        finishedAt: null,
        retryAt: null,
        error: null,
        counts: null,
      });
      await jobRuns.claimNext(["stars"], minutes(6), LEASE_MS);
      const done = (await jobRuns.listLatestRuns()).find((r) => r.job === "stars");
      assert.equal(done?.status, "running");
      assert.equal(done?.startedAt, minutes(6).toISOString());
    });

    it("retries a failed run when its retry time comes, until attempts run out", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      await jobRuns.enqueue("ingest", "d1", 2, T0);
      const first = (await jobRuns.claimNext(["ingest"], T0, LEASE_MS))!;
      await jobRuns.fail(first.runId, minutes(1), "arXiv unreachable", minutes(5));
      assert.equal(await jobRuns.claimNext(["ingest"], minutes(4), LEASE_MS), null, "before the retry time");
      const second = (await jobRuns.claimNext(["ingest"], minutes(5), LEASE_MS))!;
      assert.equal(second.runId, first.runId);
      assert.equal(second.attempt, 2);
      await jobRuns.fail(second.runId, minutes(6), "still down", null);
      assert.equal(await jobRuns.claimNext(["ingest"], minutes(60), LEASE_MS), null, "no attempts left");
      const [failure] = await jobRuns.listLatestFailures();
      assert.deepEqual(
        [failure?.status, failure?.attempts, failure?.error, failure?.finishedAt, failure?.retryAt],
        ["failed", 2, "still down", minutes(6).toISOString(), null],
      );
    });

    it("takes over a running run whose lease expired", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      await jobRuns.enqueue("ingest", "d1", 3, T0);
      await jobRuns.claimNext(["ingest"], T0, LEASE_MS);
      assert.equal(await jobRuns.claimNext(["ingest"], minutes(9), LEASE_MS), null);
      assert.equal((await jobRuns.claimNext(["ingest"], minutes(10), LEASE_MS))?.attempt, 2);
    });

    it("keeps the last failure after a later success", async (t) => {
      const { jobRuns } = await useStorage(t, open);
      await jobRuns.enqueue("ingest", "d1", 1, T0);
      const failed = (await jobRuns.claimNext(["ingest"], T0, LEASE_MS))!;
      await jobRuns.fail(failed.runId, minutes(1), "x".repeat(5_000), null);
      await jobRuns.enqueue("ingest", "d2", 1, minutes(2));
      const ok = (await jobRuns.claimNext(["ingest"], minutes(2), LEASE_MS))!;
      await jobRuns.succeed(ok.runId, minutes(3), { counts: {} });
      const [failure] = await jobRuns.listLatestFailures();
      assert.equal(failure?.slot, "d1");
      assert.equal(failure?.error?.length, 2_000);
      assert.deepEqual((await jobRuns.listLatestRuns())[0]?.counts, {});
    });
  });

  describe(`${backend}: GitHub repositories`, () => {
    it("lists linked repositories to refresh: never checked first, then least recently checked; missing ones never", async (t) => {
      const { papers, githubRepos } = await useStorage(t, open);
      await papers.importPapers([
        record({ id: "2606.00001", github_repo: "a/old", published: "2026-06-01" }),
        record({ id: "2606.00002", github_repo: "a/new", published: "2026-06-05" }),
        record({ id: "2606.00003", github_repo: "a/checked" }),
        record({ id: "2606.00004", github_repo: "a/recent" }),
        record({ id: "2606.00005", github_repo: "a/gone" }),
        record({ id: "2606.00006", github_repo: "a/new" }),
      ]);
      const state = { etag: null, status: "ok" as const, movedTo: null, stars: 5 };
      await githubRepos.saveRepoState({ ...state, repo: "a/checked", checkedAt: "2026-06-20T00:00:00.000Z" });
      await githubRepos.saveRepoState({ ...state, repo: "a/recent", checkedAt: "2026-06-29T12:00:00.000Z" });
      await githubRepos.saveRepoState({ ...state, repo: "a/gone", checkedAt: null, status: "missing" });
      assert.deepEqual(await githubRepos.listReposToRefresh("2026-06-29T00:00:00.000Z", 10), [
        "a/new",
        "a/old",
        "a/checked",
      ]);
      assert.deepEqual(await githubRepos.listReposToRefresh("2026-06-29T00:00:00.000Z", 1), ["a/new"]);
    });

    it("saves and replaces a repository's state", async (t) => {
      const { githubRepos } = await useStorage(t, open);
      assert.equal(await githubRepos.findRepoState("a/b"), null);
      const state = {
        repo: "a/b",
        etag: 'W/"1"',
        checkedAt: "2026-06-29T00:00:00.000Z",
        status: "ok" as const,
        movedTo: null,
        stars: 10,
      };
      await githubRepos.saveRepoState(state);
      assert.deepEqual(await githubRepos.findRepoState("a/b"), state);
      const moved = { ...state, etag: null, status: "moved" as const, movedTo: "c/d", stars: null };
      await githubRepos.saveRepoState(moved);
      assert.deepEqual(await githubRepos.findRepoState("a/b"), moved);
    });

    it("records one star count per day, a later count the same day replacing it", async (t) => {
      const { papers, githubRepos } = await useStorage(t, open);
      await papers.importPapers([record({ github_repo: "a/b" })]);
      await githubRepos.recordStars("a/b", "2026-06-28", 10);
      await githubRepos.recordStars("a/b", "2026-06-29", 12);
      await githubRepos.recordStars("a/b", "2026-06-29", 15);
      assert.deepEqual(await papers.findStarHistory("a/b"), [
        { repo: "a/b", day: "2026-06-28", stars: 10 },
        { repo: "a/b", day: "2026-06-29", stars: 15 },
      ]);
      assert.equal((await papers.findPaper("2606.01234"))?.githubStars, 15);
    });
  });
}
