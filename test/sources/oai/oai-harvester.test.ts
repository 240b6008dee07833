import assert from "node:assert/strict";
import { test } from "node:test";
import {
  OaiBadResumptionTokenError,
  type OaiHarvestDeps,
  OaiHarvestError,
  type OaiHarvestObserver,
  type OaiHarvestParams,
  harvestOai,
  oaiCheckpointKey,
} from "../../../src/adapters/sources/arxiv/oai-harvester.js";
import { SourceUnavailableError, createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import type { App } from "../../../src/app.js";
import { createTestApp } from "../../helpers/test-app.js";
import {
  type OaiAction,
  PHYSICS_DELETED,
  PHYSICS_MALFORMED,
  PHYSICS_PARAMS,
  PHYSICS_TOKENS,
  PHYSICS_VALID_IDS,
  answerPhysics,
  oaiError,
  oaiFixture,
  physicsPage,
  physicsPageOf,
  startOaiFixtureServer,
} from "./oai-fixture-server.js";

const KEY = oaiCheckpointKey(PHYSICS_PARAMS);
const ALL_PAGES = [1, 2, 3, 4, 5];

/**
 * A harvester on an empty test app and a local server. `answer` decides each reply, by
 * page of the physics sequence (null: a request outside it) and by how often that page
 * was asked for. The polite client runs with test timings; its waits are recorded, not slept.
 */
async function setUp(
  answer: (page: number | null, attempt: number, url: URL) => OaiAction = (_p, _a, url) => answerPhysics(url),
) {
  const attempts = new Map<number | null, number>();
  const server = await startOaiFixtureServer((url) => {
    const page = physicsPageOf(url);
    const attempt = (attempts.get(page) ?? 0) + 1;
    attempts.set(page, attempt);
    return answer(page, attempt, url);
  });
  const { app } = await createTestApp({ empty: true });
  const waits: number[] = [];
  const http = createPoliteHttpClient({
    userAgent: "paperboy-test",
    minIntervalMs: 0,
    timeoutMs: 300,
    retries: 2,
    backoffMs: 1,
    maxRetryAfterMs: 60_000,
    sleep: async (ms) => void waits.push(ms),
  });
  const deps: OaiHarvestDeps = {
    http,
    baseUrl: server.url,
    importer: app.importer,
    checkpoints: app.storage.checkpoints,
    now: app.now,
  };
  const pagesRequested = () => server.requests.map(physicsPageOf);
  const close = async () => {
    await server.close();
    await app.close();
  };
  return { app, deps, server, waits, pagesRequested, close };
}

function recordingObserver() {
  const seen = {
    malformed: [] as { identifier: string; reason: string }[],
    deleted: [] as string[],
    pages: [] as number[],
  };
  const observer: OaiHarvestObserver = {
    onMalformed: (m) => seen.malformed.push(m),
    onDeleted: (d) => seen.deleted.push(d.identifier),
    onPage: (p) => seen.pages.push(p.counts.pages),
  };
  return { seen, observer };
}

async function storedCount(app: App): Promise<number> {
  return app.storage.papers.countPapers();
}

test("harvests every page: papers imported, deleted and malformed records reported, checkpoint cleared", async () => {
  const h = await setUp();
  try {
    const { seen, observer } = recordingObserver();
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS, { observer });
    assert.deepEqual(summary, {
      pages: 5,
      harvested: 19,
      inserted: 19,
      updated: 0,
      unchanged: 0,
      malformed: 1,
      deleted: 2,
      resumed: false,
      responseDate: "2017-12-14T13:00:41Z",
    });
    // The first request names the harvest; the others carry only the token (an exclusive argument).
    assert.deepEqual(h.pagesRequested(), ALL_PAGES);
    assert.equal(h.server.requests[1]!.search, "?verb=ListRecords&resumptionToken=4181215%7C4");
    assert.deepEqual(seen.pages, ALL_PAGES);
    assert.deepEqual(seen.deleted, PHYSICS_DELETED);
    assert.deepEqual(
      seen.malformed.map((m) => m.identifier),
      PHYSICS_MALFORMED,
    );
    assert.match(seen.malformed[0]!.reason, /title: missing/);
    assert.equal(await storedCount(h.app), PHYSICS_VALID_IDS.length);
    const paper = await h.app.storage.papers.findPaper("1706.09418");
    assert.equal(paper?.doi, "10.1140/epjc/s10052-017-5414-4");
    assert.equal(paper?.publishedAt, "2017-06-28T00:00:00.000Z");
    assert.equal(await h.app.storage.papers.findPaper("1603.99999"), null);
    assert.equal(await h.app.storage.checkpoints.read(KEY), null);
  } finally {
    await h.close();
  }
});

test("each checkpoint is written after its page is committed and names the next page", async () => {
  const h = await setUp();
  try {
    const events: string[] = [];
    const deps: OaiHarvestDeps = {
      ...h.deps,
      importer: {
        async importBatches(batches) {
          const summary = await h.app.importer.importBatches(batches);
          events.push(`commit ${await storedCount(h.app)}`);
          return summary;
        },
      },
      checkpoints: {
        read: (key) => h.deps.checkpoints.read(key),
        async write(key, state) {
          const s = state as { resumptionToken: string; counts: { pages: number; harvested: number } };
          events.push(`checkpoint ${s.resumptionToken} after page ${s.counts.pages} (${s.counts.harvested})`);
          await h.deps.checkpoints.write(key, state);
        },
        async clear(key) {
          events.push("clear");
          await h.deps.checkpoints.clear(key);
        },
      },
    };
    await harvestOai(deps, PHYSICS_PARAMS);
    assert.deepEqual(events, [
      "commit 4",
      "checkpoint 4181215|4 after page 1 (4)",
      "commit 7",
      "checkpoint 4181215|8 after page 2 (7)",
      "commit 11",
      "checkpoint 4181215|13 after page 3 (11)",
      "commit 15",
      "checkpoint 4181215|17 after page 4 (15)",
      "commit 19",
      "clear",
    ]);
  } finally {
    await h.close();
  }
});

test("running a finished harvest again imports nothing new", async () => {
  const h = await setUp();
  try {
    await harvestOai(h.deps, PHYSICS_PARAMS);
    const again = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.resumed], [0, 0, 19, false]);
    assert.equal(await storedCount(h.app), 19);
  } finally {
    await h.close();
  }
});

test("a 503 with Retry-After is waited out, then the page is fetched", async () => {
  const h = await setUp((page, attempt, url) =>
    page === 2 && attempt === 1
      ? { status: 503, headers: { "Retry-After": "7" }, body: "Retry after 7 seconds" }
      : answerPhysics(url),
  );
  try {
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual(h.waits, [7_000]);
    assert.deepEqual(h.pagesRequested(), [1, 2, 2, 3, 4, 5]);
    assert.equal(summary.harvested, 19);
  } finally {
    await h.close();
  }
});

test("a request that times out is retried", async () => {
  const h = await setUp((page, attempt, url) => (page === 3 && attempt === 1 ? { kind: "hang" } : answerPhysics(url)));
  try {
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual(h.pagesRequested(), [1, 2, 3, 3, 4, 5]);
    assert.equal(summary.harvested, 19);
    assert.equal(await storedCount(h.app), 19);
  } finally {
    await h.close();
  }
});

test("a connection reset in the middle of a page is retried", async () => {
  const h = await setUp((page, attempt, url) =>
    page === 4 && attempt === 1 ? { kind: "reset", body: physicsPage(4) } : answerPhysics(url),
  );
  try {
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual(h.pagesRequested(), [1, 2, 3, 4, 4, 5]);
    assert.equal(summary.harvested, 19);
  } finally {
    await h.close();
  }
});

test("a page that keeps failing stops the harvest; the pages before it are kept and it resumes there", async () => {
  let failing = true;
  const h = await setUp((page, _attempt, url) =>
    page === 3 && failing ? { kind: "reset", body: physicsPage(3) } : answerPhysics(url),
  );
  try {
    await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), SourceUnavailableError);
    assert.deepEqual(h.pagesRequested(), [1, 2, 3, 3, 3]);
    const checkpoint = (await h.app.storage.checkpoints.read(KEY)) as { resumptionToken: string; counts: object };
    assert.equal(checkpoint.resumptionToken, PHYSICS_TOKENS[1]);
    assert.equal(await storedCount(h.app), 7);
    failing = false;
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual(h.pagesRequested().slice(5), [3, 4, 5]);
    assert.deepEqual([summary.resumed, summary.pages, summary.harvested, summary.inserted], [true, 5, 19, 19]);
    assert.equal(await storedCount(h.app), 19);
  } finally {
    await h.close();
  }
});

test("a truncated page is a clear error, and the checkpoint stays at the last good page", async () => {
  let truncating = true;
  const h = await setUp((page, _attempt, url) =>
    page === 3 && truncating ? { body: physicsPage(3).slice(0, 5_000) } : answerPhysics(url),
  );
  try {
    await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), (error: Error) => {
      assert.ok(error instanceof OaiHarvestError);
      assert.match(error.message, /^page 3 \(.*resumptionToken=4181215%7C8\): truncated OAI-PMH response/);
      assert.match(error.message, /the same command resumes at this page/);
      return true;
    });
    const checkpoint = (await h.app.storage.checkpoints.read(KEY)) as { resumptionToken: string };
    assert.equal(checkpoint.resumptionToken, PHYSICS_TOKENS[1]);
    assert.equal(await storedCount(h.app), 7, "nothing of the truncated page was imported");
    truncating = false;
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual([summary.pages, summary.harvested, summary.malformed, summary.deleted], [5, 19, 1, 2]);
  } finally {
    await h.close();
  }
});

test("noRecordsMatch is an empty harvest, not a failure", async () => {
  const h = await setUp(() => ({ body: oaiFixture("constructed/error-no-records-match.xml") }));
  try {
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS);
    assert.deepEqual([summary.pages, summary.harvested, summary.deleted, summary.malformed], [0, 0, 0, 0]);
    assert.equal(summary.responseDate, "2017-12-14T13:10:00Z");
    assert.equal(await h.app.storage.checkpoints.read(KEY), null);
  } finally {
    await h.close();
  }
});

test("an expired token is a clear error suggesting --restart; the restart then succeeds", async () => {
  let tokensExpired = false;
  let truncating = true;
  const h = await setUp((page, _attempt, url) => {
    if (tokensExpired && url.searchParams.has("resumptionToken")) {
      return { body: oaiFixture("constructed/error-bad-resumption-token.xml") };
    }
    return page === 3 && truncating ? { body: physicsPage(3).slice(0, 100) } : answerPhysics(url);
  });
  try {
    await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), OaiHarvestError);
    tokensExpired = true;
    truncating = false;
    await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), (error: Error) => {
      assert.ok(error instanceof OaiBadResumptionTokenError);
      assert.match(error.message, /rejected the saved resumption token "4181215\|8" \(badResumptionToken: /);
      assert.match(error.message, /--restart/);
      return true;
    });
    assert.notEqual(await h.app.storage.checkpoints.read(KEY), null, "the checkpoint is kept for the user to decide");
    tokensExpired = false;
    const summary = await harvestOai(h.deps, PHYSICS_PARAMS, { restart: true });
    assert.deepEqual([summary.resumed, summary.pages, summary.harvested, summary.inserted], [false, 5, 19, 12]);
  } finally {
    await h.close();
  }
});

test("other OAI errors, other HTTP statuses and redirects end the harvest with what happened", async () => {
  const cases: [OaiAction, RegExp][] = [
    [{ body: oaiError("badArgument", "Illegal set") }, /OAI-PMH error: badArgument: Illegal set/],
    [{ status: 400, body: oaiError("badArgument", "Illegal set") }, /OAI-PMH error: badArgument/],
    [{ status: 404, body: "Not Found" }, /answered HTTP 404$/],
    [
      { status: 301, headers: { Location: "https://oaipmh.arxiv.org/oai" } },
      /HTTP 301 \(moved to https:\/\/oaipmh\.arxiv\.org\/oai\): set ARXIV_OAI_URL/,
    ],
  ];
  for (const [action, message] of cases) {
    const h = await setUp(() => action);
    try {
      await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), message);
    } finally {
      await h.close();
    }
  }
});

test("a repository that sends the same token again is stopped instead of looping", async () => {
  const h = await setUp(() => ({ body: physicsPage(1) }));
  try {
    await assert.rejects(harvestOai(h.deps, PHYSICS_PARAMS), /sent the token "4181215\|4" again/);
    assert.equal(h.server.requests.length, 2);
  } finally {
    await h.close();
  }
});

test("a checkpoint this version cannot read asks for --restart", async () => {
  const h = await setUp();
  try {
    await h.app.storage.checkpoints.write(KEY, { token: "something else" });
    await assert.rejects(
      harvestOai(h.deps, PHYSICS_PARAMS),
      /is not one this version can resume; run again with --restart/,
    );
    assert.equal((await harvestOai(h.deps, PHYSICS_PARAMS, { restart: true })).harvested, 19);
  } finally {
    await h.close();
  }
});

test("arXivRaw: version history, published from v1, updated from the last version", async () => {
  const params: OaiHarvestParams = {
    set: "physics",
    from: "2014-01-01",
    until: "2017-12-31",
    metadataPrefix: "arXivRaw",
  };
  const h = await setUp(() => ({ body: oaiFixture("constructed/list-records-arxivraw.xml") }));
  try {
    const summary = await harvestOai(h.deps, params);
    assert.equal(
      h.server.requests[0]!.search,
      "?verb=ListRecords&metadataPrefix=arXivRaw&set=physics&from=2014-01-01&until=2017-12-31",
    );
    assert.deepEqual([summary.pages, summary.harvested, summary.deleted], [1, 3, 1]);
    const paper = await h.app.storage.papers.findPaper("1706.05371");
    assert.equal(paper?.version, 3);
    assert.equal(paper?.publishedAt, "2017-06-16T17:24:09.000Z");
    assert.equal(paper?.updatedAt, "2017-12-12T18:37:15.000Z");
    assert.equal(paper?.authors.length, 13);
    assert.equal(paper?.authors[12], "Mani Tripathi");
  } finally {
    await h.close();
  }
});
