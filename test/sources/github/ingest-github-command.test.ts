import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { App } from "../../../src/app.js";
import type { CommandOutput } from "../../../src/delivery/cli/command-output.js";
import { createAppStarRefresh, runIngestGithubCommand } from "../../../src/delivery/cli/ingest-github-command.js";
import { UsageError } from "../../../src/delivery/cli/migrate-command.js";
import { createTestApp, toSourceLines } from "../../helpers/test-app.js";
import {
  type Action,
  type SeenRequest,
  rateLimitedReply,
  serveRepositories,
  startGithubFixtureServer,
} from "./github-fixture-server.js";

const cleanups: (() => Promise<void>)[] = [];
after(() => Promise.all(cleanups.map((c) => c())));

/** A paper from 2025 (long before the tests' clock), so only star growth can make it trend. */
const OLD_PAPER_WITH_CODE = {
  id: "2503.04321",
  title: "An Old Paper Whose Repository Takes Off",
  abstract: "Code: \\url{https://github.com/star-lab/rocket}.",
  authors: ["Katherine Johnson"],
  categories: ["cs.LG"],
  published: "2025-03-05",
};
const OTHER_PAPER = { ...OLD_PAPER_WITH_CODE, id: "2503.04322", abstract: "See github.com/star-lab/booster." };

function captureOutput() {
  const captured = { out: "", err: "" };
  const output: CommandOutput = {
    out: { write: (text: string) => (captured.out += text) },
    err: { write: (text: string) => (captured.err += text), isTTY: false } as unknown as NodeJS.WriteStream,
  };
  return { output, captured };
}

/** An empty hub with the two papers, its GITHUB_API_URL on a local server answering `route`. */
async function setUp(route: (stars: Map<string, number>) => (request: SeenRequest) => Action, token?: string) {
  const stars = new Map([
    ["star-lab/rocket", 100],
    ["star-lab/booster", 40],
  ]);
  const server = await startGithubFixtureServer(route(stars));
  const { app, request } = await createTestApp({
    empty: true,
    env: {
      GITHUB_API_URL: server.url,
      GITHUB_REQUEST_INTERVAL_MS: "0",
      SOURCE_RETRIES: "0",
      SOURCE_TIMEOUT_MS: "2000",
      ...(token ? { GITHUB_TOKEN: token } : {}),
    },
  });
  await app.importer.importLines(toSourceLines([OLD_PAPER_WITH_CODE, OTHER_PAPER].map((p) => JSON.stringify(p))));
  cleanups.push(async () => {
    await server.close();
    await app.close();
  });
  return { app, server, stars, request };
}

async function trendingItem(request: (path: string) => Response | Promise<Response>, id: string, query = "") {
  const body = (await (await request(`/api/v1/trending?window=week${query}`)).json()) as {
    asOf: string;
    items: { paper: { id: string }; trending: { starGain: number | null; reasons: string[] } }[];
  };
  return { asOf: body.asOf, item: body.items.find((i) => i.paper.id === id) };
}

describe("paperboy ingest github", () => {
  it("refreshes the linked repositories and prints a summary", async () => {
    const { app, server } = await setUp(serveRepositories, "ghp_secret_for_test");
    const { output, captured } = captureOutput();
    assert.equal(await runIngestGithubCommand(app, ["--limit", "10"], output), 0);
    assert.match(captured.out, /^github: 2 repositories due: 2 updated, 0 unchanged, 0 moved, 0 missing, 0 failed \(/);
    assert.equal(captured.err, "");
    assert.equal(server.requests[0]!.headers.authorization, "Bearer ghp_secret_for_test");
    assert.doesNotMatch(captured.out + captured.err, /ghp_secret/);
    const { output: again, captured: second } = captureOutput();
    assert.equal(await runIngestGithubCommand(app, [], again), 0);
    assert.match(second.out, /no repository due/);
  });

  it("exits 1 on a used-up rate limit, saying when it resets and how to raise it", async () => {
    const reset = Date.parse("2026-06-30T13:00:00Z") / 1000;
    const { app } = await setUp(() => () => rateLimitedReply(reset));
    const { output, captured } = captureOutput();
    assert.equal(await runIngestGithubCommand(app, [], output), 1);
    assert.match(captured.err, /stopped early: GitHub rate limit used up .*resets at 2026-06-30T13:00:00.000Z/);
    assert.match(captured.err, /set GITHUB_TOKEN/);
  });

  it("rejects a bad --limit and unknown options", async () => {
    const { app } = await setUp(serveRepositories);
    await assert.rejects(runIngestGithubCommand(app, ["--limit", "0"]), UsageError);
    await assert.rejects(runIngestGithubCommand(app, ["--limit", "many"]), UsageError);
    await assert.rejects(runIngestGithubCommand(app, ["--since", "x"]), { code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" });
  });

  it("shows the week's star gain on GET /api/v1/trending after refreshes a week apart", async () => {
    const { app, stars, request } = await setUp(serveRepositories);
    const refreshOn = (iso: string) =>
      createAppStarRefresh(app as App, { now: () => new Date(iso) }).refreshStars({ limit: 10 });

    const before = await trendingItem(request, OLD_PAPER_WITH_CODE.id, "&date=2026-06-30");
    assert.equal(before.item, undefined, "no signal yet");
    // The star window is 7 days: the first sample opens it, the second (the app's today) closes it.
    assert.equal((await refreshOn("2026-06-23T06:00:00Z")).updated, 2);
    stars.set("star-lab/rocket", 250);
    const second = await refreshOn("2026-06-30T06:00:00Z");
    assert.deepEqual({ updated: second.updated, unchanged: second.unchanged }, { updated: 1, unchanged: 1 });

    const { asOf, item } = await trendingItem(request, OLD_PAPER_WITH_CODE.id);
    assert.equal(asOf, "2026-06-30");
    assert.equal(item?.trending.starGain, 150);
    assert.ok(item?.trending.reasons.includes("+150 stars this week"), JSON.stringify(item?.trending.reasons));
    assert.equal((await trendingItem(request, OTHER_PAPER.id)).item, undefined, "no gain, not trending");
  });
});
