import { RELAXED_NOTE } from "../../src/core/search/search-service.js";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { HOSTILE_PAPER, STARRED_PAPER, createTestApp } from "../helpers/test-app.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
before(async () => {
  t = await createTestApp();
});

interface Segment {
  text: string;
  match: boolean;
}

interface SearchBody {
  q: string;
  mode: string;
  sort: string;
  page: number;
  limit: number;
  total: number;
  totalExact: boolean;
  hits: {
    paper: { id: string; title: string; publishedAt: string; links: { html: string }; categories: string[] };
    score: number;
    matchedBy: string[];
    highlight: { title: Segment[]; abstract: Segment[] } | null;
  }[];
  facets: {
    categories: { value: string; count: number }[];
    years: { value: string; count: number }[];
    countedMatches: number;
    exact: boolean;
  } | null;
  warnings: string[];
  fallback: string | null;
  tookMs: number;
}

/** A paper of the fixture whose title says "World Models". */
const WORLD_MODELS_PAPER = "2606.20545";

async function search(query: string): Promise<SearchBody> {
  const res = await t.request(`/api/v1/search?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as SearchBody;
}

async function expectBadRequest(path: string, message?: RegExp): Promise<string> {
  const res = await t.request(path);
  assert.equal(res.status, 400, `${path} → ${res.status}`);
  const { error } = (await res.json()) as { error: string };
  assert.ok(error.length > 10, `a useful message: ${error}`);
  if (message) assert.match(error, message);
  return error;
}

describe("GET /api/v1/search", () => {
  it("finds papers by their words, presented like the rest of the native API", async () => {
    const body = await search("q=world%20models");
    assert.equal(body.q, "world models");
    assert.equal(body.mode, t.app.search.status().defaultMode);
    assert.equal(body.sort, "relevance");
    assert.equal(body.page, 1);
    assert.equal(body.limit, 20);
    assert.ok(body.total >= 1 && body.totalExact);
    const [best] = body.hits;
    assert.equal(best!.paper.id, WORLD_MODELS_PAPER);
    assert.equal(best!.paper.links.html, `http://127.0.0.1:3000/papers/${WORLD_MODELS_PAPER}`);
    assert.ok(typeof best!.score === "number" && best!.score > 0);
    assert.ok(best!.matchedBy.includes("keyword"));
    assert.equal(best!.highlight, null, "highlights only when asked for");
    assert.equal(body.facets, null, "facets only when asked for");
    // The small fixture has fewer than 10 papers with both words, so papers with either are ranked too.
    assert.deepEqual(body.warnings, [RELAXED_NOTE]);
    assert.equal(body.fallback, null);
    assert.ok(body.tookMs >= 0);
  });

  it("highlights the matched words in the title and an abstract passage", async () => {
    const body = await search("q=world%20models&highlight=true");
    const { paper, highlight } = body.hits[0]!;
    assert.ok(highlight);
    assert.equal(highlight.title.map((s) => s.text).join(""), paper.title, "segments join to the title");
    assert.deepEqual(
      highlight.title.filter((s) => s.match).map((s) => s.text.toLowerCase()),
      ["world", "models"],
    );
    assert.ok(highlight.abstract.some((s) => s.match));
  });

  it("counts the matches by category and year when asked", async () => {
    const body = await search("q=cat:cs.CL&facets=1");
    assert.ok(body.facets);
    const counted = body.facets.categories.reduce((sum, c) => sum + c.count, 0);
    assert.equal(counted, body.total, "every match has one primary category");
    assert.ok(body.facets.years.some((y) => y.value === "2026"));
    assert.equal(body.sort, "date", "a search of filters only is newest first");
    assert.ok(body.hits.every((h) => h.paper.categories.some((c) => c.toLowerCase() === "cs.cl")));
  });

  it("pages with page and limit", async () => {
    const two = await search("q=cat:cs&limit=2&mode=keyword");
    const second = await search("q=cat:cs&limit=1&page=2&mode=keyword");
    assert.equal(second.page, 2);
    assert.equal(second.hits[0]!.paper.id, two.hits[1]!.paper.id);
    assert.equal(second.total, two.total);
  });

  it("matches the last word as a prefix for search-as-you-type", async () => {
    assert.equal((await search("q=sprout&mode=keyword")).total, 0);
    const typed = await search("q=sprout&prefix=true&limit=6&mode=keyword&highlight=true");
    assert.deepEqual(
      typed.hits.map((h) => h.paper.id),
      ["2606.18381"],
    );
  });

  it("sorts by date, and explains a fallback when meaning-based search cannot run", async () => {
    const byDate = await search("q=learning&sort=date");
    const dates = byDate.hits.map((h) => h.paper.publishedAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
    if (t.app.search.status().semantic !== "ready") {
      const semantic = await search("q=learning&mode=semantic");
      assert.equal(semantic.mode, "keyword");
      assert.match(semantic.fallback ?? "", /meaning/);
    }
  });

  it("explains repaired input in warnings", async () => {
    const body = await search(`q=${encodeURIComponent('"world models')}`);
    assert.ok(body.warnings.length > 0);
    assert.equal(body.hits[0]!.paper.id, WORLD_MODELS_PAPER);
  });

  it("returns a hostile title as data, unchanged", async () => {
    const body = await search("q=quotes%20apos&highlight=true");
    const hit = body.hits.find((h) => h.paper.id === HOSTILE_PAPER.id);
    assert.ok(hit);
    assert.equal(hit.paper.title, HOSTILE_PAPER.title);
    assert.equal(hit.highlight!.title.map((s) => s.text).join(""), HOSTILE_PAPER.title);
  });

  it("400 with the reason for a search that means nothing", async () => {
    await expectBadRequest("/api/v1/search?q=", /empty/);
    await expectBadRequest("/api/v1/search?q=%20%20", /empty/);
    await expectBadRequest(`/api/v1/search?q=${encodeURIComponent('"" --- OR')}`, /no words or filters/);
  });

  const badParameters: [string, RegExp][] = [
    ["", /^Invalid request: q: required/],
    [`q=${"a".repeat(10_001)}`, /^Invalid request: q: at most 10,000 characters/],
    ["q=x&limit=0", /limit/],
    ["q=x&limit=101", /limit/],
    ["q=x&limit=ten", /limit/],
    ["q=x&page=0", /page/],
    ["q=x&mode=fuzzy", /mode/],
    ["q=x&sort=best", /sort/],
    ["q=x&prefix=maybe", /prefix/],
    ["q=x&facets=2", /facets/],
    ["q=x&highlight=please", /highlight/],
  ];
  for (const [query, message] of badParameters) {
    it(`400 for ${query.slice(0, 30) || "no q"}`, async () => {
      await expectBadRequest(`/api/v1/search?${query}`, message);
    });
  }

  it("never answers 500 for odd input", async () => {
    const odd = ['"', "NEAR(", "*", "👍🙂", "title:x", "a OR", "-gan", "x*^:()", "\u202e\u0000", "a".repeat(10_000)];
    for (const q of odd) {
      for (const extra of ["", "&prefix=1&highlight=1&facets=1", "&sort=trending", "&mode=hybrid"]) {
        const res = await t.request(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
        assert.ok(
          res.status === 200 || res.status === 400,
          `${JSON.stringify(q.slice(0, 20))}${extra} → ${res.status}`,
        );
        assert.ok(((await res.json()) as object) !== null);
      }
    }
  });
});

describe("GET /api/v1/papers/{id}/similar", () => {
  it("lists the closest other papers, closest first", async () => {
    const res = await t.request(`/api/v1/papers/${WORLD_MODELS_PAPER}/similar?limit=3`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      paper: { id: string };
      similar: { paper: { id: string; links: { html: string } }; similarity: number }[];
    };
    assert.equal(body.paper.id, WORLD_MODELS_PAPER);
    assert.ok(body.similar.length >= 1 && body.similar.length <= 3);
    assert.ok(
      body.similar.every((s) => s.paper.id !== WORLD_MODELS_PAPER),
      "not itself",
    );
    const similarities = body.similar.map((s) => s.similarity);
    assert.deepEqual(
      similarities,
      [...similarities].sort((a, b) => b - a),
    );
    assert.match(body.similar[0]!.paper.links.html, /^http:\/\/127\.0\.0\.1:3000\/papers\//);
  });

  it("404 for a paper not in the hub, 400 for bad ids and limits", async () => {
    const unknown = await t.request("/api/v1/papers/2601.00001/similar");
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /2601\.00001/);
    assert.equal((await t.request("/api/v1/papers/hep-th%2F9901001/similar")).status, 404);
    await expectBadRequest("/api/v1/papers/not-an-id/similar");
    await expectBadRequest(`/api/v1/papers/${STARRED_PAPER.id}/similar?limit=0`, /limit/);
    await expectBadRequest(`/api/v1/papers/${STARRED_PAPER.id}/similar?limit=51`, /limit/);
  });
});

describe("the OpenAPI document", () => {
  it("describes search, similar papers and HF's search", async () => {
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ["/v1/search", "/v1/papers/{id}/similar", "/papers/search"]) {
      assert.ok(path in doc.paths, `${path} documented`);
    }
    assert.deepEqual(doc.paths["/v1/search"]!.get.parameters.map((p) => p.name).sort(), [
      "facets",
      "highlight",
      "limit",
      "mode",
      "page",
      "prefix",
      "q",
      "sort",
    ]);
    for (const schema of ["SearchResponse", "SearchHit", "TextSegment", "SearchFacets", "SimilarPapers"]) {
      assert.ok(schema in doc.components.schemas, `${schema} schema`);
    }
  });
});

describe("GET /api/papers/search (Hugging Face-compatible)", () => {
  interface HfSearchItem {
    paper: {
      id: string;
      authors: { _id: string; name: string; hidden: boolean }[];
      publishedAt: string;
      title: string;
      summary: string;
      upvotes: number;
      discussionId: string;
      githubRepo?: string;
    };
    title: string;
    summary: string;
    thumbnail: string;
    numComments: number;
    isAuthorParticipating: boolean;
  }

  it("answers an array of { paper, numComments, isAuthorParticipating } with HF's field names", async () => {
    const res = await t.request("/api/papers/search?q=star%20growth");
    assert.equal(res.status, 200);
    const items = (await res.json()) as HfSearchItem[];
    const item = items.find((i) => i.paper.id === STARRED_PAPER.id);
    assert.ok(item);
    assert.equal(item.paper.title, STARRED_PAPER.title);
    assert.equal(item.paper.summary, STARRED_PAPER.abstract);
    assert.equal(item.paper.publishedAt, "2026-06-02T17:59:59.000Z");
    assert.equal(item.paper.upvotes, 42);
    assert.deepEqual(
      item.paper.authors.map((a) => a.name),
      STARRED_PAPER.authors,
    );
    assert.match(item.paper.authors[0]!._id, /^[0-9a-f]{24}$/);
    assert.match(item.paper.discussionId, /^[0-9a-f]{24}$/);
    assert.equal(item.paper.githubRepo, "https://github.com/test-org/star-repo");
    assert.equal(item.numComments, 0);
    assert.equal(item.isAuthorParticipating, false);
    assert.equal(item.title, STARRED_PAPER.title);
    assert.equal(item.thumbnail, `http://127.0.0.1:3000/papers/${STARRED_PAPER.id}/thumbnail.svg`);
  });

  it("honours limit, up to HF's 120", async () => {
    const all = (await (await t.request("/api/papers/search?q=cat:cs&limit=120")).json()) as HfSearchItem[];
    assert.ok(all.length > 2);
    const one = (await (await t.request("/api/papers/search?q=cat:cs&limit=1")).json()) as HfSearchItem[];
    assert.deepEqual(
      one.map((i) => i.paper.id),
      [all[0]!.paper.id],
    );
  });

  it("400 for a missing, empty or too long q and for bad limits; paper info still answers", async () => {
    await expectBadRequest("/api/papers/search", /q: required/);
    await expectBadRequest("/api/papers/search?q=", /empty/);
    await expectBadRequest(`/api/papers/search?q=${"a".repeat(251)}`, /at most 250 characters/);
    await expectBadRequest("/api/papers/search?q=x&limit=0", /limit/);
    await expectBadRequest("/api/papers/search?q=x&limit=121", /limit/);
    assert.equal((await t.request(`/api/papers/search?q=${"a".repeat(250)}`)).status, 200);
    assert.equal((await t.request(`/api/papers/${STARRED_PAPER.id}`)).status, 200);
  });
});
