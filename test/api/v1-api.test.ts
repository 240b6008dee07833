import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createTestApp, HOSTILE_PAPER, STARRED_PAPER } from "../helpers/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
before(async () => {
  t = await createTestApp();
});

interface TrendingBody {
  asOf: string;
  isLatestData: boolean;
  total: number;
  items: {
    rank: number;
    paper: { id: string; githubRepo: string | null; categories: string[] };
    trending: {
      score: number;
      hotness: number;
      components: Record<string, number>;
      reasons: string[];
      starGain: number | null;
    };
  }[];
}

describe("GET /api/v1/trending", () => {
  it("ranks as of today by default, with components and reasons", async () => {
    const res = await t.request("/api/v1/trending");
    assert.equal(res.status, 200);
    const body = (await res.json()) as TrendingBody;
    assert.equal(body.asOf, "2026-06-30");
    assert.equal(body.isLatestData, false);
    const starred = body.items.find((i) => i.paper.id === STARRED_PAPER.id)!;
    assert.ok(starred, "the paper whose repository gained 1,200 stars this week trends");
    assert.equal(starred.trending.starGain, 1200);
    assert.ok((starred.trending.components.starPoints ?? 0) > 0);
    assert.ok(starred.trending.reasons.includes("+1,200 stars this week"));
    const hotness = body.items.map((i) => i.trending.hotness);
    assert.deepEqual(
      hotness,
      [...hotness].sort((a, b) => b - a),
      "sorted by hotness",
    );
    assert.deepEqual(
      body.items.map((i) => i.rank),
      body.items.map((_, i) => i + 1),
    );
  });

  it("computes past dates from history: nothing after the date counts", async () => {
    const body = (await (await t.request("/api/v1/trending?date=2026-06-10&window=month")).json()) as TrendingBody;
    assert.equal(body.asOf, "2026-06-10");
    const starred = body.items.find((i) => i.paper.id === STARRED_PAPER.id);
    assert.ok(starred);
    assert.equal(starred.trending.starGain, 0, "the star surge came after June 10");
    assert.ok(!body.items.some((i) => i.paper.id === HOSTILE_PAPER.id), "published after the date");
  });

  it("filters by category and code, and pages", async () => {
    const all = (await (await t.request("/api/v1/trending?window=month")).json()) as TrendingBody;
    const withCode = (await (await t.request("/api/v1/trending?window=month&has_code=1")).json()) as TrendingBody;
    assert.ok(withCode.total < all.total);
    assert.ok(withCode.items.every((i) => i.paper.githubRepo !== null));
    const cl = (await (await t.request("/api/v1/trending?window=month&category=cs.CL")).json()) as TrendingBody;
    assert.ok(cl.items.length > 0 && cl.items.every((i) => i.paper.categories.includes("cs.CL")));
    const page2 = (await (await t.request("/api/v1/trending?window=month&limit=2&page=2")).json()) as TrendingBody;
    assert.deepEqual(
      page2.items.map((i) => i.paper.id),
      all.items.slice(2, 4).map((i) => i.paper.id),
    );
  });

  for (const query of ["date=2026-02-30", "window=year", "category=CS LG", "page=0", "limit=1000", "has_code=maybe"]) {
    it(`400 for ${query}`, async () => {
      const res = await t.request(`/api/v1/trending?${query}`);
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, /^Invalid request: /);
    });
  }
});

describe("GET /api/v1/papers/{id} and daily lists", () => {
  it("returns details with histories", async () => {
    const body = (await (await t.request(`/api/v1/papers/${STARRED_PAPER.id}`)).json()) as {
      paper: { doi: string; links: { bibtex: string } };
      starHistory: unknown[];
      listings: { listingDate: string }[];
    };
    assert.equal(body.paper.doi, STARRED_PAPER.doi);
    assert.equal(body.starHistory.length, 4);
    assert.equal(body.listings[0]!.listingDate, "2026-06-03");
    assert.equal(body.paper.links.bibtex, `http://127.0.0.1:3000/papers/${STARRED_PAPER.id}.bib`);
  });

  it("finds old-style ids with an encoded slash", async () => {
    assert.equal((await t.request("/api/v1/papers/hep-th%2F9901001")).status, 404);
    assert.equal((await t.request("/api/v1/papers/0704.0001")).status, 200);
  });

  it("serves a day with neighbours that skip empty days", async () => {
    const body = (await (await t.request("/api/v1/daily/date/2026-06-29")).json()) as {
      total: number;
      previous: { key: string } | null;
      next: { key: string } | null;
    };
    assert.ok(body.total >= 1);
    assert.ok(body.previous && body.previous.key < "2026-06-29");
    assert.equal(body.next, null);
    const latest = (await (await t.request("/api/v1/daily/latest")).json()) as { period: { key: string } };
    assert.equal(latest.period.key, "2026-06-29");
  });

  it("400 for bad periods, 404 for unknown API paths", async () => {
    assert.equal((await t.request("/api/v1/daily/week/2026-W60")).status, 400);
    assert.equal((await t.request("/api/v1/daily/year/2026")).status, 400);
    const res = await t.request("/api/v1/nope");
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /openapi\.json/);
  });

  it("publishes an OpenAPI document listing every route", async () => {
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, unknown>;
    };
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(doc.servers[0]!.url, "http://127.0.0.1:3000/api", "paths are relative to the /api server");
    for (const path of [
      "/api/v1/trending",
      "/api/v1/papers/{id}",
      "/api/v1/daily/{kind}/{key}",
      "/api/v1/daily/latest",
      "/api/daily_papers",
      "/api/papers/{id}",
    ]) {
      assert.ok(path.replace(/^\/api/, "") in doc.paths, `${path} documented`);
    }
  });
});
