import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BASE_POINTS,
  HOTNESS_HALF_LIFE_HOURS,
  POINTS_FOR_FEATURE,
  POINTS_PER_LISTING_DAY,
  computeTrendingScore,
  rankByHotness,
} from "../../src/core/ranking/hotness.js";
import { explainTrending } from "../../src/core/ranking/trending-explanation.js";
import type { TrendingSignals } from "../../src/core/ranking/trending-signals.js";

const NOW = new Date("2026-06-30T12:00:00Z");

function signals(overrides: Partial<TrendingSignals> = {}): TrendingSignals {
  return {
    paperId: "2606.00001",
    publishedAt: "2026-06-30T12:00:00.000Z",
    upvotes: 0,
    listingDays: [],
    featured: false,
    pageRanks: [],
    starsNow: null,
    starsBefore: null,
    categories: ["cs.LG"],
    githubRepo: null,
    ...overrides,
  };
}

describe("computeTrendingScore", () => {
  it("a brand-new paper without signals has the base point and no decay", () => {
    const score = computeTrendingScore(signals(), NOW);
    assert.equal(score.score, BASE_POINTS);
    assert.equal(score.hotness, BASE_POINTS);
    assert.equal(score.ageHours, 0);
  });

  it("hotness halves every half-life", () => {
    const published = new Date(NOW.getTime() - HOTNESS_HALF_LIFE_HOURS * 3_600_000).toISOString();
    const score = computeTrendingScore(signals({ publishedAt: published, upvotes: 99 }), NOW);
    assert.equal(score.score, 100);
    assert.ok(Math.abs(score.hotness - 50) < 1e-9);
  });

  it("upvotes count one point each", () => {
    assert.equal(computeTrendingScore(signals({ upvotes: 35 }), NOW).components.upvotePoints, 35);
  });

  it("star gain is measured against the sample before the window and counts logarithmically", () => {
    const score = computeTrendingScore(signals({ githubRepo: "a/b", starsNow: 1127, starsBefore: 1000 }), NOW);
    assert.equal(score.starGain, 127);
    assert.ok(Math.abs(score.components.starPoints - 8 * Math.log2(128)) < 1e-9);
    const doubled = computeTrendingScore(signals({ githubRepo: "a/b", starsNow: 1255, starsBefore: 1000 }), NOW);
    assert.ok(Math.abs(doubled.components.starPoints - score.components.starPoints - 8) < 0.1);
  });

  it("a paper published inside the star window starts from zero stars; an older one has no measurable gain", () => {
    const fresh = computeTrendingScore(
      signals({ githubRepo: "a/b", starsNow: 300, publishedAt: "2026-06-27T00:00:00Z" }),
      NOW,
    );
    assert.equal(fresh.starGain, 300);
    const old = computeTrendingScore(
      signals({ githubRepo: "a/b", starsNow: 300, publishedAt: "2024-01-01T00:00:00Z" }),
      NOW,
    );
    assert.equal(old.starGain, 0);
    assert.equal(old.components.starPoints, 0);
  });

  it("lost stars never count negatively", () => {
    const score = computeTrendingScore(signals({ githubRepo: "a/b", starsNow: 90, starsBefore: 100 }), NOW);
    assert.equal(score.components.starPoints, 0);
  });

  it("an old paper whose stars take off is aged from the star window, not from 2015", () => {
    const score = computeTrendingScore(
      signals({ publishedAt: "2015-06-09T00:00:00Z", githubRepo: "a/b", starsNow: 5000, starsBefore: 4000 }),
      NOW,
    );
    assert.equal(score.ageHours, 3.5 * 24);
    assert.ok(score.hotness > 10);
    assert.ok(score.daysSincePublished > 4000);
  });

  it("listings count only within 30 days, featured once; future signals are ignored", () => {
    const score = computeTrendingScore(
      signals({
        publishedAt: "2026-05-01T00:00:00Z",
        listingDays: ["2026-05-01", "2026-06-29", "2026-06-30", "2026-07-02"],
        featured: true,
        pageRanks: [
          { day: "2026-06-30", rank: 1 },
          { day: "2026-07-01", rank: 1 },
        ],
      }),
      NOW,
    );
    assert.equal(score.listingDaysInWindow, 2);
    assert.equal(score.components.listingPoints, 2 * POINTS_PER_LISTING_DAY);
    assert.equal(score.components.featurePoints, POINTS_FOR_FEATURE);
    assert.equal(score.components.pageRankPoints, 10);
  });
});

describe("rankByHotness", () => {
  it("orders by hotness, then score, then recency, then id", () => {
    const a = computeTrendingScore(signals({ paperId: "a", upvotes: 10 }), NOW);
    const b = computeTrendingScore(signals({ paperId: "b", upvotes: 50, publishedAt: "2026-06-20T00:00:00Z" }), NOW);
    const c = computeTrendingScore(signals({ paperId: "c", upvotes: 10 }), NOW);
    assert.deepEqual(
      rankByHotness([b, c, a]).map((s) => s.paperId),
      ["a", "c", "b"],
    );
  });
});

describe("explainTrending", () => {
  it("names each signal honestly", () => {
    const score = computeTrendingScore(
      signals({
        publishedAt: "2026-06-28T12:00:00Z",
        upvotes: 35,
        githubRepo: "a/b",
        starsNow: 1120,
        starsBefore: 1000,
        listingDays: ["2026-06-29"],
      }),
      NOW,
    );
    const ranks = [
      { day: "2026-06-29", rank: 4 },
      { day: "2026-06-30", rank: 2 },
    ];
    assert.deepEqual(explainTrending(score, ranks), [
      "+120 stars this week",
      "35 upvotes",
      "on the daily list 1 day",
      "on the HF papers page 2 days, best #2",
      "2 days old",
    ]);
  });
});
