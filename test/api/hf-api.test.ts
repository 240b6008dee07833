import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createTestApp, HOSTILE_PAPER, STARRED_PAPER } from "../helpers/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
before(async () => {
  t = await createTestApp();
});

interface DailyItem {
  paper: {
    id: string;
    authors: { _id: string; name: string; hidden: boolean }[];
    publishedAt: string;
    upvotes: number;
    summary: string;
    title: string;
    discussionId: string;
    githubRepo?: string;
    githubStars?: number;
    submittedOnDailyAt?: string;
  };
  publishedAt: string;
  title: string;
  summary: string;
  thumbnail: string;
  numComments: number;
  isAuthorParticipating: boolean;
  submittedBy: { _id: string; name: string; fullname: string; avatarUrl: string; isPro: boolean; type: string };
}

describe("GET /api/daily_papers (Hugging Face-compatible)", () => {
  it("returns a day's items with HF's field names and nesting", async () => {
    const res = await t.request("/api/daily_papers?date=2026-06-03");
    assert.equal(res.status, 200);
    const items = (await res.json()) as DailyItem[];
    assert.deepEqual(
      items.map((i) => i.paper.id),
      [STARRED_PAPER.id],
    );
    const [item] = items;
    assert.equal(item!.title, STARRED_PAPER.title);
    assert.equal(item!.publishedAt, "2026-06-03T00:00:00.000Z", "top-level publishedAt is the listing time");
    assert.equal(item!.paper.publishedAt, "2026-06-02T17:59:59.000Z", "paper.publishedAt is the arXiv time");
    assert.deepEqual(
      item!.paper.authors.map((a) => a.name),
      STARRED_PAPER.authors,
    );
    assert.match(item!.paper.authors[0]!._id, /^[0-9a-f]{24}$/);
    assert.equal(item!.paper.upvotes, 42);
    assert.equal(item!.paper.githubRepo, "https://github.com/test-org/star-repo");
    assert.equal(item!.paper.githubStars, 2000);
    assert.equal(item!.submittedBy.name, "alice");
    assert.equal(item!.numComments, 0);
    assert.equal(item!.isAuthorParticipating, false);
    assert.match(item!.paper.discussionId, /^[0-9a-f]{24}$/);
  });

  it("pages with p and limit and announces the next page in a Link header", async () => {
    const first = await t.request("/api/daily_papers?limit=2");
    const firstItems = (await first.json()) as DailyItem[];
    assert.equal(firstItems.length, 2);
    const link = first.headers.get("link");
    assert.match(link ?? "", /^<http:\/\/127\.0\.0\.1:3000\/api\/daily_papers\?limit=2&p=1>; rel="next"$/);
    const second = (await (await t.request("/api/daily_papers?limit=2&p=1")).json()) as DailyItem[];
    assert.equal(second.length, 2);
    assert.equal(new Set([...firstItems, ...second].map((i) => i.paper.id)).size, 4);
    assert.ok(firstItems[0]!.publishedAt >= second[0]!.publishedAt, "newest listings first");
  });

  it("has no next link on the last page and answers [] past the end", async () => {
    const res = await t.request("/api/daily_papers?p=100");
    assert.deepEqual(await res.json(), []);
    assert.equal(res.headers.get("link"), null);
  });

  it("serves weeks and months, sorted by trending when asked", async () => {
    const week = (await (await t.request("/api/daily_papers?week=2026-W27&sort=trending")).json()) as DailyItem[];
    assert.ok(week.some((i) => i.paper.id === HOSTILE_PAPER.id));
    const month = (await (await t.request("/api/daily_papers?month=2026-06")).json()) as DailyItem[];
    assert.ok(month.length >= week.length);
  });

  it("filters by submitter", async () => {
    const items = (await (await t.request("/api/daily_papers?submitter=alice")).json()) as DailyItem[];
    assert.deepEqual(
      items.map((i) => i.paper.id),
      [STARRED_PAPER.id],
    );
  });

  for (const query of [
    "date=2025-02-30",
    "date=yesterday",
    "week=2021-W53",
    "month=2025-13",
    "limit=0",
    "limit=101",
    "p=-1",
    "sort=hot",
    "date=2026-06-03&month=2026-06",
  ]) {
    it(`answers 400 with a message for ${query}`, async () => {
      const res = await t.request(`/api/daily_papers?${query}`);
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: string };
      assert.ok(body.error.length > 10, body.error);
      assert.doesNotMatch(body.error, /at .*\.ts:\d+/);
    });
  }
});

describe("GET /api/papers/{id}", () => {
  it("returns the flat paper with submittedOnDailyAt", async () => {
    const res = await t.request(`/api/papers/${STARRED_PAPER.id}`);
    assert.equal(res.status, 200);
    const paper = (await res.json()) as Record<string, unknown>;
    assert.equal(paper.id, STARRED_PAPER.id);
    assert.equal(paper.title, STARRED_PAPER.title);
    assert.equal(paper.submittedOnDailyAt, "2026-06-03T00:00:00.000Z");
    assert.equal((paper.submittedOnDailyBy as { user: string }).user, "alice");
    assert.deepEqual(paper.linkedModels, []);
    assert.equal("paper" in paper, false);
  });

  it("normalises versioned ids and answers 404 for unknown, 400 for invalid", async () => {
    assert.equal((await t.request(`/api/papers/${STARRED_PAPER.id}v3`)).status, 200);
    const missing = await t.request("/api/papers/2101.00001");
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: string }).error, /not found/);
    assert.equal((await t.request("/api/papers/not-an-id")).status, 400);
  });
});
