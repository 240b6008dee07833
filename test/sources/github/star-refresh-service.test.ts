import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { createGithubRepoClient } from "../../../src/adapters/sources/github/github-repo-client.js";
import { createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import { createStarRefreshService } from "../../../src/core/ingestion/star-refresh-service.js";
import { createTestApp, toSourceLines } from "../../helpers/test-app.js";
import {
  type Action,
  type GithubFixtureServer,
  type SeenRequest,
  movedReply,
  rateLimitedReply,
  repositoryReply,
  secondaryLimitReply,
  serveRepositories,
  startGithubFixtureServer,
} from "./github-fixture-server.js";

const cleanups: (() => Promise<void>)[] = [];
after(() => Promise.all(cleanups.map((c) => c())));

/** Papers numbered from 2401.00001, each linking one of `repos`, published a year before the tests' clock. */
function paperLines(repos: readonly string[]): string[] {
  return repos.map((repo, i) =>
    JSON.stringify({
      id: `2401.${String(i + 1).padStart(5, "0")}`,
      title: `A paper with code in ${repo}`,
      abstract: "An abstract.",
      authors: ["Ada Lovelace"],
      categories: ["cs.LG"],
      published: `2025-06-${String(10 + i).padStart(2, "0")}`,
      github_repo: `https://github.com/${repo}`,
    }),
  );
}

/**
 * A hub on a SQLite file with papers linking `repos`, a local GitHub answering with
 * `route` (by default `serveRepositories(stars)`), and a star refresh on a settable clock.
 */
async function setUp(repos: readonly string[], route?: (request: SeenRequest, stars: Map<string, number>) => Action) {
  const file = join(mkdtempSync(join(tmpdir(), "paperboy-stars-")), "hub.sqlite");
  const { app } = await createTestApp({ file, empty: true });
  await app.importer.importLines(toSourceLines(paperLines(repos)));
  const stars = new Map(repos.map((r) => [r, 10]));
  const fallback = serveRepositories(stars);
  const server: GithubFixtureServer = await startGithubFixtureServer((request) =>
    route ? route(request, stars) : fallback(request),
  );
  const db = new Database(file, { readonly: true });
  cleanups.push(async () => {
    db.close();
    await server.close();
    await app.close();
  });
  const http = createPoliteHttpClient({
    userAgent: "Paperboy/test",
    minIntervalMs: 0,
    timeoutMs: 5_000,
    retries: 1,
    backoffMs: 1,
    maxRetryAfterMs: 1_000,
  });
  const clock = { now: new Date("2026-06-29T00:30:00Z") };
  const waits: number[] = [];
  const service = createStarRefreshService({
    repos: app.storage.githubRepos,
    source: createGithubRepoClient({ http, apiUrl: server.url, token: "test-token" }),
    now: () => clock.now,
    sleep: async (ms) => void waits.push(ms),
    maxThrottleWaitMs: 60_000,
  });
  return {
    app,
    server,
    stars,
    clock,
    waits,
    refresh: (limit = 100) => service.refreshStars({ limit }),
    samples: () =>
      db.prepare("SELECT repo, day, stars, prev_stars FROM github_star_samples ORDER BY repo, day").all() as {
        repo: string;
        day: string;
        stars: number;
        prev_stars: number | null;
      }[],
    pathsAsked: () => server.requests.map((r) => r.path),
  };
}

describe("star refresh", () => {
  it("records one star sample per repository per day, the latest count of the day", async () => {
    const hub = await setUp(["test-org/alpha"]);
    assert.equal((await hub.refresh()).updated, 1);
    hub.clock.now = new Date("2026-06-29T10:00:00Z");
    assert.equal((await hub.refresh()).listed, 0, "checked 9.5 h ago: not due");
    hub.stars.set("test-org/alpha", 12);
    hub.clock.now = new Date("2026-06-29T23:30:00Z");
    const late = await hub.refresh();
    assert.equal(late.updated, 1);
    assert.deepEqual(hub.samples(), [{ repo: "test-org/alpha", day: "2026-06-29", stars: 12, prev_stars: null }]);
    assert.equal(hub.server.requests.length, 2);
  });

  it("sends the stored ETag and records the stored count when GitHub answers 304", async () => {
    const hub = await setUp(["test-org/alpha"]);
    await hub.refresh();
    hub.clock.now = new Date("2026-06-30T00:30:00Z");
    const second = await hub.refresh();
    assert.deepEqual({ updated: second.updated, unchanged: second.unchanged }, { updated: 0, unchanged: 1 });
    assert.equal(hub.server.requests[0]!.headers["if-none-match"], undefined);
    assert.equal(hub.server.requests[1]!.headers["if-none-match"], '"test-org/alpha@10"');
    assert.deepEqual(
      hub.samples().map((s) => [s.day, s.stars, s.prev_stars]),
      [
        ["2026-06-29", 10, null],
        ["2026-06-30", 10, 10],
      ],
    );
    const state = await hub.app.storage.githubRepos.findRepoState("test-org/alpha");
    assert.equal(state?.checkedAt, "2026-06-30T00:30:00.000Z");
  });

  it("stops the run when the rate limit is used up, saying when it resets, and asks nothing more", async () => {
    const reset = Date.parse("2026-06-29T01:00:00Z") / 1000;
    const hub = await setUp(["test-org/a", "test-org/b", "test-org/c"], (request, stars) =>
      hub.server.requests.length === 1
        ? repositoryReply({ fullName: request.path.slice("/repos/".length), stars: 3, remaining: 0 })
        : serveRepositories(stars)(request),
    );
    const run = await hub.refresh();
    assert.equal(run.updated, 1);
    assert.equal(hub.server.requests.length, 1);
    assert.match(run.stopped?.reason ?? "", /rate limit used up \(5000 requests per hour\).*2 repositories left/);
    assert.equal(run.stopped?.resumeAt, "2022-07-19T05:36:39.000Z", "the recorded reset");

    const limited = await setUp(["test-org/a", "test-org/b"], () => rateLimitedReply(reset));
    const refused = await limited.refresh();
    assert.equal(limited.server.requests.length, 1);
    assert.equal(refused.stopped?.resumeAt, "2026-06-29T01:00:00.000Z");
    assert.match(refused.stopped?.reason ?? "", /resets at 2026-06-29T01:00:00.000Z; 2 repositories left/);
    const due = await limited.app.storage.githubRepos.listReposToRefresh("2026-06-29T00:30:00Z", 10);
    assert.equal(due.length, 2, "a refused repository is not marked checked");
  });

  it("waits out a secondary limit's Retry-After, then carries on; a longer one ends the run", async () => {
    const hub = await setUp(["test-org/alpha", "test-org/beta"], (request, stars) =>
      hub.server.requests.length === 1 ? secondaryLimitReply(403, 3) : serveRepositories(stars)(request),
    );
    const run = await hub.refresh();
    assert.deepEqual(hub.waits, [3_000]);
    assert.equal(run.updated, 2);
    assert.equal(run.stopped, null);

    const slow = await setUp(["test-org/alpha"], () => secondaryLimitReply(403, 3_600));
    const stopped = await slow.refresh();
    assert.deepEqual(slow.waits, []);
    assert.match(stopped.stopped?.reason ?? "", /secondary rate limit asked us to wait 3600 s/);
    assert.equal(stopped.stopped?.resumeAt, "2026-06-29T01:30:00.000Z");
  });

  it("records a renamed repository as moved and asks for its new name next time", async () => {
    const hub = await setUp(["old-owner/tool"], (request) => {
      if (request.path === "/repos/old-owner/tool") return movedReply(`${hub.server.url}/repositories/42`);
      return serveRepositories(new Map([["new-owner/tool", 50]]))(
        request.path === "/repositories/42" ? { ...request, path: "/repos/new-owner/tool" } : request,
      );
    });
    const run = await hub.refresh();
    assert.equal(run.moved, 1);
    assert.deepEqual(await hub.app.storage.githubRepos.findRepoState("old-owner/tool"), {
      repo: "old-owner/tool",
      etag: '"new-owner/tool@50"',
      checkedAt: "2026-06-29T00:30:00.000Z",
      status: "moved",
      movedTo: "new-owner/tool",
      stars: 50,
    });
    assert.deepEqual(hub.samples(), [{ repo: "old-owner/tool", day: "2026-06-29", stars: 50, prev_stars: null }]);

    hub.clock.now = new Date("2026-06-30T00:30:00Z");
    const next = await hub.refresh();
    assert.equal(next.unchanged, 1);
    assert.deepEqual(hub.pathsAsked(), ["/repos/old-owner/tool", "/repositories/42", "/repos/new-owner/tool"]);
    assert.equal((await hub.app.storage.githubRepos.findRepoState("old-owner/tool"))?.status, "moved");
  });

  it("marks a deleted repository missing and never asks for it again", async () => {
    const hub = await setUp(["test-org/alpha", "test-org/gone"]);
    hub.stars.delete("test-org/gone");
    const run = await hub.refresh();
    assert.deepEqual({ updated: run.updated, missing: run.missing }, { updated: 1, missing: 1 });
    assert.equal((await hub.app.storage.githubRepos.findRepoState("test-org/gone"))?.status, "missing");
    hub.clock.now = new Date("2026-06-30T00:30:00Z");
    const next = await hub.refresh();
    assert.equal(next.listed, 1);
    assert.deepEqual(
      hub.pathsAsked().filter((p) => p.endsWith("/gone")),
      ["/repos/test-org/gone"],
    );
  });

  it("reports a malformed reply and carries on with the next repository", async () => {
    const hub = await setUp(["test-org/a", "test-org/b", "test-org/c"], (request, stars) =>
      request.path === "/repos/test-org/b"
        ? repositoryReply({ body: repositoryReply().body!.slice(0, 300) })
        : serveRepositories(stars)(request),
    );
    const run = await hub.refresh();
    assert.deepEqual(
      { updated: run.updated, failed: run.failed, stopped: run.stopped },
      { updated: 2, failed: 1, stopped: null },
    );
    assert.equal(run.problems[0]!.repo, "test-org/b");
    assert.match(run.problems[0]!.problem, /not JSON/);
    assert.deepEqual(
      hub.samples().map((s) => s.repo),
      ["test-org/a", "test-org/c"],
    );
    const state = await hub.app.storage.githubRepos.findRepoState("test-org/b");
    assert.deepEqual(
      { etag: state?.etag, checkedAt: state?.checkedAt },
      { etag: null, checkedAt: "2026-06-29T00:30:00.000Z" },
    );
  });

  it("stops when GitHub is unreachable, leaving every repository due", async () => {
    const hub = await setUp(["test-org/a", "test-org/b"], () => "reset");
    const run = await hub.refresh();
    assert.match(run.stopped?.reason ?? "", /GitHub unavailable: .*unreachable after 2 attempts.*2 repositories left/);
    assert.equal(hub.server.requests.length, 2, "one repository, two attempts");
    const due = await hub.app.storage.githubRepos.listReposToRefresh("2026-06-29T00:30:00Z", 10);
    assert.equal(due.length, 2);
  });

  it("stops before the next repository once aborted, and rejects a 304 it did not ask for", async () => {
    const { app } = await createTestApp({ empty: true });
    cleanups.push(() => app.close());
    await app.importer.importLines(toSourceLines(paperLines(["test-org/a", "test-org/b"])));
    const controller = new AbortController();
    const asked: string[] = [];
    const service = createStarRefreshService({
      repos: app.storage.githubRepos,
      source: {
        async fetchRepo(repo) {
          asked.push(repo);
          controller.abort();
          return { kind: "not-modified", rateLimit: null };
        },
      },
      now: () => new Date("2026-06-29T00:30:00Z"),
      sleep: async () => {},
    });
    const run = await service.refreshStars({ limit: 10, signal: controller.signal });
    assert.equal(asked.length, 1);
    assert.deepEqual(run.problems, [{ repo: asked[0], problem: "HTTP 304 to a request we did not make conditional" }]);
    assert.deepEqual(run.stopped, { reason: "interrupted; 1 repository left for a later run", resumeAt: null });
  });
});
