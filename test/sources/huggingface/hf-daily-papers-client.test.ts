import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  HF_DAILY_PAGE_SIZE,
  type HfDailyPage,
  HfReplyError,
  createHfDailyPapersClient,
} from "../../../src/adapters/sources/huggingface/hf-daily-papers-client.js";
import { SourceUnavailableError, createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import {
  type Action,
  FIXTURE_DAY,
  FIXTURE_ITEMS,
  type HfFixtureServer,
  type SeenRequest,
  badDateReply,
  itemOnDay,
  itemsReply,
  startHfFixtureServer,
} from "./hf-fixture-server.js";

const servers: HfFixtureServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A client on a local server answering `actions` in turn (the last one repeats), or by a route. */
async function setUp(
  actions: Action[] | ((request: SeenRequest) => Action),
  options: { token?: string | null; retries?: number; timeoutMs?: number } = {},
) {
  let next = 0;
  const server = await startHfFixtureServer((request) =>
    typeof actions === "function" ? actions(request) : actions[Math.min(next++, actions.length - 1)]!,
  );
  servers.push(server);
  const waits: number[] = [];
  const http = createPoliteHttpClient({
    userAgent: "Paperboy/test",
    minIntervalMs: 0,
    // Generous unless a test waits for a timeout: a busy machine must not fail the others.
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    backoffMs: 1,
    maxRetryAfterMs: 60_000,
    sleep: async (ms) => void waits.push(ms),
  });
  const client = createHfDailyPapersClient({ http, apiUrl: `${server.url}/`, token: options.token ?? null });
  return { server, client, waits };
}

async function listDay(client: ReturnType<typeof createHfDailyPapersClient>, day = FIXTURE_DAY) {
  const pages: HfDailyPage[] = [];
  for await (const page of client.listDay(day)) pages.push(page);
  return pages;
}

const idsOf = (pages: HfDailyPage[]) => pages.flatMap((p) => p.entries.map((e) => e.item.paper.id));

describe("Hugging Face daily papers client", () => {
  it("asks for one day, 100 a page from page 0, with the token when configured", async () => {
    const { server, client } = await setUp([itemsReply(FIXTURE_ITEMS)], { token: "hf_test_token" });
    const pages = await listDay(client);
    assert.deepEqual(idsOf(pages), ["2409.11074", "2409.11000", "2409.10999"]);
    assert.deepEqual(
      pages[0]!.entries.map((e) => e.index),
      [0, 1, 2],
    );
    const [request] = server.requests;
    assert.equal(request!.path, "/api/daily_papers");
    assert.deepEqual(Object.fromEntries(request!.query), { date: FIXTURE_DAY, limit: "100", p: "0" });
    assert.equal(request!.headers.authorization, "Bearer hf_test_token");
    assert.equal(request!.headers["user-agent"], "Paperboy/test");
    assert.equal(server.requests.length, 1, "a short page without a Link is the last");
  });

  it("sends no Authorization header without a token", async () => {
    const { server, client } = await setUp([itemsReply([])]);
    await listDay(client);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it("an empty day ([]) is one request and no papers", async () => {
    const { server, client } = await setUp([itemsReply([])]);
    const pages = await listDay(client, "2024-09-21");
    assert.deepEqual(idsOf(pages), []);
    assert.equal(server.requests.length, 1);
  });

  it('follows a Link rel="next" header to the next page', async () => {
    const { server, client } = await setUp(({ query }) =>
      query.get("p") === "0"
        ? itemsReply(FIXTURE_ITEMS.slice(0, 2), {
            Link: `<https://huggingface.co/api/daily_papers?date=${FIXTURE_DAY}&p=1&limit=100>; rel="next"`,
          })
        : itemsReply(FIXTURE_ITEMS.slice(2)),
    );
    const pages = await listDay(client);
    assert.deepEqual(idsOf(pages), ["2409.11074", "2409.11000", "2409.10999"]);
    assert.deepEqual(
      server.requests.map((r) => r.query.get("p")),
      ["0", "1"],
    );
    assert.equal(pages[1]!.entries[0]!.index, 2, "positions continue across pages");
  });

  it("takes a full page without a Link as a sign of more, and stops at an empty one", async () => {
    const day = "2025-01-02";
    const all = Array.from({ length: HF_DAILY_PAGE_SIZE + 1 }, (_, n) => itemOnDay(day, n));
    const { server, client } = await setUp(({ query }) => {
      const p = Number(query.get("p"));
      return itemsReply(all.slice(p * HF_DAILY_PAGE_SIZE, (p + 1) * HF_DAILY_PAGE_SIZE));
    });
    assert.equal(idsOf(await listDay(client, day)).length, HF_DAILY_PAGE_SIZE + 1);
    assert.deepEqual(
      server.requests.map((r) => r.query.get("p")),
      ["0", "1"],
    );
    const exact = await setUp(({ query }) =>
      itemsReply(query.get("p") === "0" ? all.slice(0, HF_DAILY_PAGE_SIZE) : []),
    );
    assert.equal(idsOf(await listDay(exact.client, day)).length, HF_DAILY_PAGE_SIZE);
    assert.equal(exact.server.requests.length, 2, "an exactly full last page costs one empty request");
  });

  it("stops when a server ignoring p repeats its full page", async () => {
    const day = "2025-01-02";
    const full = Array.from({ length: HF_DAILY_PAGE_SIZE }, (_, n) => itemOnDay(day, n));
    const { server, client } = await setUp([itemsReply(full)]);
    assert.equal(idsOf(await listDay(client, day)).length, HF_DAILY_PAGE_SIZE);
    assert.equal(server.requests.length, 2);
  });

  it("gives up on a server that keeps sending new full pages", async () => {
    const day = "2025-01-02";
    const { server, client } = await setUp(({ query }) => {
      const p = Number(query.get("p"));
      return itemsReply(
        Array.from({ length: HF_DAILY_PAGE_SIZE }, (_, n) => itemOnDay(day, p * HF_DAILY_PAGE_SIZE + n)),
      );
    });
    await assert.rejects(listDay(client, day), /Hugging Face kept paging past 20 pages for 2025-01-02/);
    assert.equal(server.requests.length, 20);
  });

  it("reports a malformed item with its position and id, and keeps the others", async () => {
    const broken = { ...FIXTURE_ITEMS[1], paper: { ...FIXTURE_ITEMS[1]!.paper, title: 42, upvotes: -1 } };
    const { client } = await setUp([itemsReply([FIXTURE_ITEMS[0], broken, "not an item", FIXTURE_ITEMS[2]])]);
    const [page] = await listDay(client);
    assert.deepEqual(idsOf([page!]), ["2409.11074", "2409.10999"]);
    assert.deepEqual(
      page!.entries.map((e) => e.index),
      [0, 3],
    );
    assert.equal(page!.problems.length, 2);
    assert.equal(page!.problems[0]!.index, 1);
    assert.equal(page!.problems[0]!.id, "2409.11000");
    assert.match(page!.problems[0]!.reason, /paper\.title: .*; paper\.upvotes: /);
    assert.deepEqual({ ...page!.problems[1]!, reason: "" }, { index: 2, id: null, reason: "" });
  });

  it("says clearly when HF rejects the date (HTTP 400), without retrying", async () => {
    const { server, client } = await setUp([badDateReply()]);
    const error = await listDay(client, "2024-02-30").catch((e: unknown) => e);
    assert.ok(error instanceof HfReplyError);
    assert.equal(error.status, 400);
    assert.equal(error.day, "2024-02-30");
    assert.match(error.message, /Hugging Face rejected the date 2024-02-30: \{"error":"Invalid date"\}/);
    assert.equal(server.requests.length, 1);
  });

  it("waits as long as Retry-After asks on 429 and 503, then reads the day", async () => {
    const { client, waits } = await setUp([
      { status: 429, headers: { "Retry-After": "7" }, body: "Too Many Requests" },
      { status: 503, headers: { "Retry-After": "3" }, body: "Service Unavailable" },
      itemsReply(FIXTURE_ITEMS),
    ]);
    assert.equal(idsOf(await listDay(client)).length, 3);
    assert.deepEqual(waits, [7_000, 3_000]);
  });

  it("gives up with SourceUnavailableError when 503s outlast the retries", async () => {
    const { server, client } = await setUp([{ status: 503, headers: { "Retry-After": "1" } }], { retries: 2 });
    await assert.rejects(listDay(client), (e: unknown) => e instanceof SourceUnavailableError && e.status === 503);
    assert.equal(server.requests.length, 3);
  });

  it("retries a timeout and a connection reset mid-body", async () => {
    const { server, client } = await setUp(["hang", "reset", itemsReply(FIXTURE_ITEMS)], { timeoutMs: 500 });
    assert.equal(idsOf(await listDay(client)).length, 3);
    assert.equal(server.requests.length, 3);
    const dead = await setUp(["hang"], { retries: 1, timeoutMs: 200 });
    await assert.rejects(listDay(dead.client), /unreachable after 2 attempts: timed out/);
  });

  it("fails clearly on truncated JSON and on a reply that is not a list", async () => {
    const body = JSON.stringify(FIXTURE_ITEMS);
    const truncated = await setUp([{ status: 200, body: body.slice(0, body.length - 40) }]);
    const error = await listDay(truncated.client).catch((e: unknown) => e);
    assert.ok(error instanceof HfReplyError);
    assert.match(error.message, /truncated or invalid JSON for 2024-09-18 \(page 0, \d+ bytes\)/);
    const notList = await setUp([{ status: 200, body: JSON.stringify({ error: "Something changed" }) }]);
    await assert.rejects(
      listDay(notList.client),
      /sent no list of papers for 2024-09-18: \{"error":"Something changed"\}/,
    );
  });

  it("fails clearly on an unexpected status", async () => {
    const { client } = await setUp([{ status: 404, body: "Not Found" }]);
    await assert.rejects(listDay(client), /Hugging Face answered HTTP 404 for 2024-09-18: Not Found/);
  });
});
