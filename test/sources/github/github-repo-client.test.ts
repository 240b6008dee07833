import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createGithubRepoClient } from "../../../src/adapters/sources/github/github-repo-client.js";
import { createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import {
  type Action,
  type GithubFixtureServer,
  RECORDED_ETAG,
  type SeenRequest,
  movedReply,
  notFoundReply,
  notModifiedReply,
  rateLimitedReply,
  repositoryReply,
  secondaryLimitReply,
  startGithubFixtureServer,
} from "./github-fixture-server.js";

const TOKEN = "ghp_test0000000000000000000000000000000000";
const REPO_PATH = "/repos/octokit-fixture-org/hello-world";

const servers: GithubFixtureServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A client on a local server answering `actions` in turn (the last one repeats), or by a route. */
async function setUp(
  actions: Action[] | ((request: SeenRequest, url: string) => Action),
  options: { token?: string | null; retries?: number; timeoutMs?: number } = {},
) {
  let next = 0;
  const server: GithubFixtureServer = await startGithubFixtureServer((request) =>
    typeof actions === "function" ? actions(request, server.url) : actions[Math.min(next++, actions.length - 1)]!,
  );
  servers.push(server);
  const waits: number[] = [];
  const http = createPoliteHttpClient({
    userAgent: "Paperboy/test",
    minIntervalMs: 0,
    timeoutMs: options.timeoutMs ?? 5_000,
    retries: options.retries ?? 2,
    backoffMs: 1,
    maxRetryAfterMs: 60_000,
    sleep: async (ms) => void waits.push(ms),
  });
  const client = createGithubRepoClient({ http, apiUrl: `${server.url}/`, token: options.token ?? null });
  return { server, client, waits };
}

describe("GitHub repository client", () => {
  it("reads the recorded repository and sends GitHub's headers, with the token when configured", async () => {
    const { server, client } = await setUp([repositoryReply()], { token: TOKEN });
    const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.deepEqual(result, {
      kind: "found",
      fullName: "octokit-fixture-org/hello-world",
      stars: 0,
      etag: RECORDED_ETAG,
      rateLimit: { remaining: 4962, limit: 5000, resetAt: "2022-07-19T05:36:39.000Z" },
    });
    const [request] = server.requests;
    assert.equal(request!.path, REPO_PATH);
    assert.equal(request!.headers.accept, "application/vnd.github+json");
    assert.equal(request!.headers["x-github-api-version"], "2022-11-28");
    assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(request!.headers["user-agent"]!, /^Paperboy\//);
    assert.equal(request!.headers["if-none-match"], undefined);
  });

  it("sends no Authorization without a token", async () => {
    const { server, client } = await setUp([repositoryReply()]);
    await client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it("makes the request conditional on an ETag and reads 304 as not modified", async () => {
    const { server, client } = await setUp([notModifiedReply(RECORDED_ETAG)]);
    const result = await client.fetchRepo("octokit-fixture-org/hello-world", RECORDED_ETAG);
    assert.equal(result.kind, "not-modified");
    assert.equal(server.requests[0]!.headers["if-none-match"], RECORDED_ETAG);
  });

  it("follows a rename's 301 once, to the repositories/{id} URL, keeping the token on the API host", async () => {
    const renamed = repositoryReply({ fullName: "new-owner/hello-world", stars: 7 });
    const { server, client } = await setUp(
      (request, url) => (request.path === REPO_PATH ? movedReply(`${url}/repositories/103703892`) : renamed),
      { token: TOKEN },
    );
    const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.equal(result.kind === "found" && result.fullName, "new-owner/hello-world");
    assert.deepEqual(
      server.requests.map((r) => r.path),
      [REPO_PATH, "/repositories/103703892"],
    );
    assert.equal(server.requests[1]!.headers.authorization, `Bearer ${TOKEN}`);
  });

  it("does not follow a redirect off the API host, nor a second one", async () => {
    const { server, client } = await setUp([movedReply("https://elsewhere.example/repositories/1")], { token: TOKEN });
    const offHost = await client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.equal(offHost.kind, "invalid");
    assert.match(offHost.kind === "invalid" ? offHost.problem : "", /elsewhere\.example/);
    assert.doesNotMatch(JSON.stringify(offHost), new RegExp(TOKEN));
    assert.equal(server.requests.length, 1);

    const loop = await setUp([movedReply("/repositories/1")]);
    const twice = await loop.client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.deepEqual(twice, { kind: "invalid", problem: "redirected more than once" });
    assert.equal(loop.server.requests.length, 2);
  });

  it("reads 404 as missing", async () => {
    const { client } = await setUp([notFoundReply()]);
    assert.deepEqual(await client.fetchRepo("gone/repo", null), {
      kind: "missing",
      rateLimit: { remaining: 4962, limit: 5000, resetAt: "2022-07-19T05:36:39.000Z" },
    });
  });

  it("reads a used-up primary limit with its reset time", async () => {
    const { client } = await setUp([rateLimitedReply(1_782_824_400)]);
    const result = await client.fetchRepo("a/b", null);
    assert.deepEqual(result, {
      kind: "rate-limited",
      rateLimit: { remaining: 0, limit: 5000, resetAt: "2026-06-30T13:00:00.000Z" },
    });
  });

  it("reads a secondary limit's Retry-After, and a minute when GitHub gives none", async () => {
    const withHeader = await setUp([secondaryLimitReply(403, 30)]);
    assert.deepEqual(await withHeader.client.fetchRepo("a/b", null), { kind: "throttled", retryAfterMs: 30_000 });
    const without = await setUp([secondaryLimitReply(403, null)]);
    assert.deepEqual(await without.client.fetchRepo("a/b", null), { kind: "throttled", retryAfterMs: 60_000 });
  });

  it("waits out a 429's Retry-After (the polite client retries it) and then reads the repository", async () => {
    const { client, waits, server } = await setUp([secondaryLimitReply(429, 2), repositoryReply({ stars: 5 })]);
    const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
    assert.equal(result.kind === "found" && result.stars, 5);
    assert.deepEqual(waits, [2_000]);
    assert.equal(server.requests.length, 2);
  });

  it("reports a rejected token as unavailable, without the token in the message", async () => {
    const { client } = await setUp([{ status: 401, body: JSON.stringify({ message: "Bad credentials" }) }], {
      token: TOKEN,
    });
    const result = await client.fetchRepo("a/b", null);
    assert.equal(result.kind, "unavailable");
    assert.doesNotMatch(JSON.stringify(result), /ghp_/);
  });

  it("reports a refusal of one repository that is not a rate limit", async () => {
    const blocked = { status: 403, body: JSON.stringify({ message: "Repository access blocked" }) };
    const { client } = await setUp([blocked]);
    assert.deepEqual(await client.fetchRepo("a/b", null), {
      kind: "invalid",
      problem: "HTTP 403: Repository access blocked",
    });
  });

  describe("validates the reply", () => {
    const malformed: [string, string, RegExp][] = [
      ["truncated JSON", repositoryReply().body!.slice(0, 400), /not JSON/],
      ["an array", "[]", /not a JSON object/],
      ["stars as a string", JSON.stringify({ full_name: "a/b", stargazers_count: "12" }), /stargazers_count .*"12"/],
      ["fractional stars", JSON.stringify({ full_name: "a/b", stargazers_count: 1.5 }), /stargazers_count/],
      ["negative stars", JSON.stringify({ full_name: "a/b", stargazers_count: -1 }), /stargazers_count/],
      ["no full_name", JSON.stringify({ stargazers_count: 3 }), /full_name .*missing/],
      ["a URL as full_name", JSON.stringify({ full_name: "https://github.com/a/b", stargazers_count: 3 }), /full_name/],
    ];
    for (const [name, body, problem] of malformed) {
      it(`rejects ${name}`, async () => {
        const { client } = await setUp([repositoryReply({ body })]);
        const result = await client.fetchRepo("a/b", null);
        assert.equal(result.kind, "invalid");
        assert.match(result.kind === "invalid" ? result.problem : "", problem);
      });
    }
  });

  describe("survives the network", () => {
    it("waits out 503 + Retry-After", async () => {
      const unavailable = { status: 503, headers: [["Retry-After", "3"]] as [string, string][], body: "" };
      const { client, waits } = await setUp([unavailable, repositoryReply({ stars: 9 })]);
      const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
      assert.equal(result.kind === "found" && result.stars, 9);
      assert.deepEqual(waits, [3_000]);
    });

    it("retries after a timeout", async () => {
      const { client, server } = await setUp(["hang", repositoryReply({ stars: 4 })], { timeoutMs: 500 });
      const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
      assert.equal(result.kind === "found" && result.stars, 4);
      assert.equal(server.requests.length, 2);
    });

    it("retries after a connection reset mid-body", async () => {
      const { client, server } = await setUp(["reset", repositoryReply({ stars: 6 })]);
      const result = await client.fetchRepo("octokit-fixture-org/hello-world", null);
      assert.equal(result.kind === "found" && result.stars, 6);
      assert.equal(server.requests.length, 2);
    });

    it("reports GitHub unavailable when every attempt fails", async () => {
      const { client, server } = await setUp(["reset"], { retries: 1 });
      const result = await client.fetchRepo("a/b", null);
      assert.equal(result.kind, "unavailable");
      assert.match(
        result.kind === "unavailable" ? result.problem : "",
        /GitHub unavailable: .*unreachable after 2 attempts/,
      );
      assert.equal(server.requests.length, 2);
    });
  });
});
