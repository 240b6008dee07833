import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  type ArxivApiPage,
  ArxivQueryError,
  buildSubmissionQuery,
  createArxivApiClient,
} from "../../../src/adapters/sources/arxiv/arxiv-api-client.js";
import { MalformedFeedError } from "../../../src/adapters/sources/arxiv/atom-entry-parser.js";
import {
  type PoliteHttpOptions,
  SourceUnavailableError,
  createPoliteHttpClient,
} from "../../../src/adapters/sources/polite-http-client.js";
import { createSourceHttpClients } from "../../../src/adapters/sources/source-http-clients.js";
import { loadConfig } from "../../../src/config.js";
import {
  type Handler,
  recordedFeed,
  replayRecorded,
  startArxivFixtureServer,
  testingPage,
} from "./arxiv-fixture-server.js";

const servers: { close(): Promise<void> }[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function serve(handler?: Handler) {
  const server = await startArxivFixtureServer(handler);
  servers.push(server);
  return server;
}

/** A polite client with test-sized intervals; `sleeps` records every pause it asked for. */
function politeClient(overrides: Partial<PoliteHttpOptions> = {}) {
  const sleeps: number[] = [];
  const http = createPoliteHttpClient({
    userAgent: "Paperboy/test",
    minIntervalMs: 0,
    timeoutMs: 2_000,
    retries: 2,
    backoffMs: 1,
    maxRetryAfterMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { http, sleeps };
}

async function collect(pages: AsyncIterable<ArxivApiPage>): Promise<ArxivApiPage[]> {
  const all: ArxivApiPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const WINDOW = { categories: ["cs.LG", "cs.CL"], from: "2025-01-01", to: "2025-01-31" };

/** Answers the recorded `testing` series by `start`; `empty(start, n)` decides when to answer an empty page instead. */
function pagingHandler(empty: (start: number, seen: number) => boolean = () => false): Handler {
  const seen = new Map<number, number>();
  return ({ url }) => {
    const start = Number(url.searchParams.get("start"));
    const n = (seen.get(start) ?? 0) + 1;
    seen.set(start, n);
    const body = testingPage(start);
    return { body: empty(start, n) ? body.replace(/<entry>[\s\S]*<\/entry>/, "") : body };
  };
}

describe("arXiv API client: queries", () => {
  it("asks for ids in chunks of at most 100", async () => {
    const server = await serve();
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    const ids = Array.from({ length: 150 }, (_, i) => `2501.${String(i).padStart(5, "0")}`);
    await collect(api.fetchByIds(ids));
    assert.equal(server.requests.length, 2);
    const [first, second] = server.requests.map((r) => r.url.searchParams);
    assert.equal(first!.get("id_list")!.split(",").length, 100);
    assert.equal(second!.get("id_list")!.split(",").length, 50);
    assert.equal(second!.get("id_list")!.split(",")[0], "2501.00100");
    assert.deepEqual([first!.get("start"), first!.get("max_results"), second!.get("max_results")], ["0", "100", "50"]);
    assert.equal(server.requests[0]!.url.pathname, "/api/query");
  });

  it("fetches old-style and versioned ids as recorded, and an unknown id as an empty page", async () => {
    const server = await serve();
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    for (const [id, expected] of [
      ["astro-ph/0601001", "http://arxiv.org/abs/astro-ph/0601001v1"],
      ["quant-ph/0201082v1", "http://arxiv.org/abs/quant-ph/0201082v1"],
      ["2104.12255v1", "http://arxiv.org/abs/2104.12255v1"],
    ] as const) {
      const [page] = await collect(api.fetchByIds([id]));
      assert.deepEqual(
        page!.entries.map((e) => e.id),
        [expected],
        id,
      );
    }
    const [missing] = await collect(api.fetchByIds(["0000.0000"]));
    assert.deepEqual([missing!.entries.length, missing!.totalResults, missing!.missing], [0, 0, 0]);
  });

  it("reports arXiv's rejection of a malformed id (HTTP 400 and an error entry)", async () => {
    const server = await serve();
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    await assert.rejects(collect(api.fetchByIds(["abc"])), (error: Error) => {
      assert.ok(error instanceof ArxivQueryError);
      assert.match(error.message, /incorrect id format for abc/);
      return true;
    });
  });

  it("builds the category and submission-date query", () => {
    assert.equal(
      buildSubmissionQuery(WINDOW),
      "(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202501010000 TO 202501312359]",
    );
    assert.equal(
      buildSubmissionQuery({ categories: ["cs.LG"], from: "2025-01-01", to: "2025-01-01" }),
      "cat:cs.LG AND submittedDate:[202501010000 TO 202501012359]",
    );
  });

  it("pages through a search by submission date up to opensearch:totalResults", async () => {
    const server = await serve(pagingHandler());
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl, pageSize: 10 });
    const pages = await collect(api.searchBySubmissionDate(WINDOW));
    assert.deepEqual(
      pages.map((p) => [p.start, p.entries.length, p.totalResults]),
      [
        [0, 10, 30],
        [10, 10, 30],
        [20, 10, 30],
      ],
    );
    const params = server.requests[0]!.url.searchParams;
    assert.equal(params.get("search_query"), buildSubmissionQuery(WINDOW));
    assert.deepEqual(
      [params.get("sortBy"), params.get("sortOrder"), params.get("max_results")],
      ["submittedDate", "ascending", "10"],
    );
    assert.deepEqual(
      server.requests.map((r) => r.url.searchParams.get("start")),
      ["0", "10", "20"],
    );
  });

  it("asks again, after a pause, for a page that came back empty before the end", async () => {
    const server = await serve(pagingHandler((start, seen) => start === 10 && seen === 1));
    const sleeps: number[] = [];
    const api = createArxivApiClient({
      http: politeClient().http,
      baseUrl: server.apiUrl,
      pageSize: 10,
      emptyPageBackoffMs: 7,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const pages = await collect(api.searchBySubmissionDate(WINDOW));
    assert.equal(pages.flatMap((p) => p.entries).length, 30);
    assert.deepEqual(
      server.requests.map((r) => r.url.searchParams.get("start")),
      ["0", "10", "10", "20"],
    );
    assert.deepEqual(sleeps, [7]);
    assert.ok(pages.every((p) => p.missing === 0));
  });

  it("concludes after a few empty answers and says how many results are missing", async () => {
    const server = await serve(pagingHandler((start) => start === 20));
    const sleeps: number[] = [];
    const api = createArxivApiClient({
      http: politeClient().http,
      baseUrl: server.apiUrl,
      pageSize: 10,
      emptyPageRetries: 2,
      emptyPageBackoffMs: 5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const pages = await collect(api.searchBySubmissionDate(WINDOW));
    assert.equal(pages.flatMap((p) => p.entries).length, 20);
    assert.equal(pages.at(-1)!.missing, 10);
    assert.equal(server.requests.length, 2 + 3);
    assert.deepEqual(sleeps, [5, 10]);
  });

  it("refuses a query larger than arXiv serves instead of silently stopping at 30,000", async () => {
    const server = await serve(() => ({ body: testingPage(0).replace(">30<", ">45000<") }));
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl, pageSize: 10 });
    await assert.rejects(collect(api.searchBySubmissionDate(WINDOW)), /matches 45000 papers.*shorter date window/);
  });
});

describe("arXiv API client: politeness and failures", () => {
  it("keeps the configured interval between requests (injected clock, production 3 s)", async () => {
    const server = await serve(pagingHandler());
    let clock = 1_000_000;
    const starts: number[] = [];
    const http = createPoliteHttpClient({
      userAgent: "Paperboy/test",
      minIntervalMs: 3_000,
      timeoutMs: 2_000,
      retries: 0,
      backoffMs: 1,
      maxRetryAfterMs: 1_000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      fetch: (input, init) => {
        starts.push(clock);
        clock += 120; // each response takes 120 ms
        return fetch(input, init);
      },
    });
    const api = createArxivApiClient({ http, baseUrl: server.apiUrl, pageSize: 10 });
    await collect(api.searchBySubmissionDate(WINDOW));
    assert.equal(starts.length, 3);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    assert.ok(
      gaps.every((g) => g >= 3_000),
      `gaps ${gaps.join(", ")} ms`,
    );
  });

  it("keeps the interval in real time too, measured where each request leaves", async () => {
    const server = await serve(pagingHandler());
    const starts: number[] = [];
    const http = createPoliteHttpClient({
      userAgent: "Paperboy/test",
      minIntervalMs: 20,
      timeoutMs: 2_000,
      retries: 0,
      backoffMs: 1,
      maxRetryAfterMs: 1_000,
      fetch: (input, init) => {
        starts.push(performance.now());
        return fetch(input, init);
      },
    });
    const api = createArxivApiClient({ http, baseUrl: server.apiUrl, pageSize: 10 });
    await collect(api.searchBySubmissionDate(WINDOW));
    assert.equal(starts.length, 3);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    // The client paces with Date.now(), whose 1 ms steps can make a 20 ms wait measure 19.x ms here.
    // (Arrival times at the server are not used: connection set-up shifts them by a few ms either way.)
    assert.ok(
      gaps.every((g) => g >= 19),
      `gaps ${gaps.map((g) => g.toFixed(1)).join(", ")} ms`,
    );
  });

  it("honours 503 with Retry-After, then succeeds", async () => {
    const server = await serve((request, i) =>
      i === 0 ? { status: 503, headers: { "Retry-After": "4" }, body: "busy" } : replayRecorded(request),
    );
    const { http, sleeps } = politeClient();
    const api = createArxivApiClient({ http, baseUrl: server.apiUrl });
    const [page] = await collect(api.fetchByIds(["astro-ph/0601001"]));
    assert.equal(page!.entries.length, 1);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(sleeps, [4_000], "waited what Retry-After asked");
  });

  it("gives up with SourceUnavailableError when 503s continue", async () => {
    const server = await serve(() => ({ status: 503, body: "busy" }));
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    await assert.rejects(collect(api.fetchByIds(["astro-ph/0601001"])), SourceUnavailableError);
    assert.equal(server.requests.length, 3, "first try and 2 retries");
  });

  it("retries a request that timed out", async () => {
    const server = await serve((request, i) => (i === 0 ? "hang" : replayRecorded(request)));
    const api = createArxivApiClient({ http: politeClient({ timeoutMs: 150 }).http, baseUrl: server.apiUrl });
    const [page] = await collect(api.fetchByIds(["astro-ph/0601001"]));
    assert.equal(page!.entries[0]!.id, "http://arxiv.org/abs/astro-ph/0601001v1");
    assert.equal(server.requests.length, 2);
  });

  it("retries a connection reset mid-body", async () => {
    const server = await serve((request, i) => (i === 0 ? "reset" : replayRecorded(request)));
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    const [page] = await collect(api.fetchByIds(["astro-ph/0601001"]));
    assert.equal(page!.entries.length, 1);
    assert.equal(server.requests.length, 2);
  });

  it("fails clearly on a truncated XML body, yielding nothing from it", async () => {
    const full = recordedFeed("recorded-2026/q_testing_s0_m10_bc5a6c384fe9.xml");
    const server = await serve(() => ({ body: full.slice(0, Math.floor(full.length * 0.6)) }));
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl, pageSize: 10 });
    const pages: ArxivApiPage[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of api.searchBySubmissionDate(WINDOW)) pages.push(page);
      })(),
      (error: Error) => {
        assert.ok(error instanceof MalformedFeedError);
        assert.match(
          error.message,
          /^arXiv sent a malformed feed for http:\/\/127\.0\.0\.1:\d+\/api\/query\?search_query=/,
        );
        return true;
      },
    );
    assert.equal(pages.length, 0);
  });

  it("treats an unexpected status as the source being unavailable", async () => {
    const server = await serve(() => ({ status: 403, body: "<html>Forbidden</html>" }));
    const api = createArxivApiClient({ http: politeClient().http, baseUrl: server.apiUrl });
    await assert.rejects(collect(api.fetchByIds(["2104.12255"])), /answered HTTP 403/);
  });

  it("sends a User-Agent naming Paperboy and the configured contact address", async () => {
    const server = await serve();
    for (const contact of ["ops@papers.example.org", undefined]) {
      const config = loadConfig({
        ARXIV_REQUEST_INTERVAL_MS: "0",
        ...(contact ? { PAPERBOY_CONTACT_EMAIL: contact } : {}),
      });
      const { arxiv } = createSourceHttpClients(config.sources, "0.1.0");
      await collect(createArxivApiClient({ http: arxiv, baseUrl: server.apiUrl }).fetchByIds(["2104.12255v1"]));
    }
    const [withContact, without] = server.requests.map((r) => r.headers["user-agent"] ?? "");
    assert.match(withContact!, /^Paperboy\/0\.1\.0 \(.*mailto:ops@papers\.example\.org\)$/);
    assert.match(without!, /^Paperboy\/0\.1\.0 /);
    assert.ok(!without!.includes("mailto:"));
  });
});
