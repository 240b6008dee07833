import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DigestTopic } from "../../src/core/digests/digest-topics.js";
import {
  DEFAULT_SELECTION_LIMITS,
  freezeIssueSelection,
  selectDigestPapers,
  type DigestCandidate,
  type SubscriberSelectionInput,
} from "../../src/core/digests/select-digest-papers.js";

const NOW = new Date("2026-11-26T07:00:00Z");

function paper(id: string, fields: Partial<DigestCandidate> = {}): DigestCandidate {
  return {
    id,
    title: `Paper ${id}`,
    abstract: "An abstract.",
    authors: ["Ada Lovelace"],
    categories: ["cs.AI"],
    keywords: [],
    publishedAt: "2026-11-24T00:00:00Z",
    ...fields,
  };
}

// Ranked best first: t1..t5 trend; p1..p6 follow in the pool.
const PAPERS = [
  paper("t1"),
  paper("t2", { categories: ["cs.LG", "stat.ML"] }),
  paper("t3"),
  paper("t4"),
  paper("t5"),
  paper("p1", { categories: ["q-bio.NC"] }),
  paper("p2", { title: "Organ segmentation" }),
  paper("p3", { title: "Diffusion Transformers at scale" }),
  paper("p4", { categories: ["cs.LG"], publishedAt: "2026-10-01T00:00:00Z" }),
  paper("p5", { authors: ["José Müller", "B. Smith"] }),
  paper("p6", { categories: ["cs.LG"] }),
];
const BY_ID = new Map(PAPERS.map((p) => [p.id, p]));
const ISSUE = freezeIssueSelection(PAPERS.map((p) => p.id));

function select(overrides: Partial<SubscriberSelectionInput> = {}) {
  return selectDigestPapers({
    issue: ISSUE,
    papers: BY_ID,
    topics: [],
    alreadySent: new Set(),
    now: NOW,
    ...overrides,
  });
}

function ids(result: ReturnType<typeof select>): string[] {
  return result.kind === "send" ? result.papers.map((p) => p.paperId) : [];
}

describe("freezeIssueSelection", () => {
  test("keeps the ranking's order, drops repeats, splits trending from the pool", () => {
    const frozen = freezeIssueSelection(["a", "b", "a", "c", "d"], { trendingCount: 2, poolSize: 3 });
    assert.deepEqual(frozen, { trending: ["a", "b"], pool: ["a", "b", "c"] });
  });
});

describe("selectDigestPapers", () => {
  test("without topics: the trending papers, in trending order", () => {
    assert.deepEqual(ids(select()), ["t1", "t2", "t3", "t4", "t5"]);
  });

  test("a category topic adds matching pool papers after the trending ones, in rank order", () => {
    const result = select({ topics: [{ kind: "category", value: "cs.LG" }] });
    // p4 is cs.LG but older than the topic-pick window (14 days).
    assert.deepEqual(ids(result), ["t1", "t2", "t3", "t4", "t5", "p6"]);
    assert.ok(result.kind === "send");
    assert.deepEqual(
      result.papers[1]!.matchedTopics,
      [{ kind: "category", value: "cs.LG" }],
      "trending papers show matches too",
    );
    assert.equal(result.papers[5]!.section, "topic");
  });

  test("an archive topic matches all its categories; keywords match whole words; authors ignore accents", () => {
    const topics: DigestTopic[] = [
      { kind: "category", value: "q-bio" },
      { kind: "keyword", value: "transformer" },
      { kind: "keyword", value: "GAN" },
      { kind: "author", value: "jose muller" },
    ];
    assert.deepEqual(ids(select({ topics })).slice(5), ["p1", "p3", "p5"], "p2 'Organ' does not match GAN");
  });

  test("topic picks stop at the per-subscriber limit", () => {
    const limits = { ...DEFAULT_SELECTION_LIMITS, topicPicks: 1 };
    const topics: DigestTopic[] = [{ kind: "category", value: "cs" }];
    assert.deepEqual(ids(select({ topics, limits })), ["t1", "t2", "t3", "t4", "t5", "p2"]);
  });

  test("papers sent in earlier issues are dropped, from both sections", () => {
    const result = select({ alreadySent: new Set(["t1", "t3", "p6"]), topics: [{ kind: "category", value: "cs.LG" }] });
    assert.deepEqual(ids(result), ["t2", "t4", "t5"]);
  });

  test("fewer than the minimum left: skip instead of sending a thin digest", () => {
    const result = select({ alreadySent: new Set(["t1", "t2", "t3"]) });
    assert.deepEqual(result, { kind: "skip", reason: "too-few-papers", available: 2 });
  });

  test("a paper that disappeared since the issue was frozen is left out", () => {
    const papers = new Map(BY_ID);
    papers.delete("t2");
    assert.deepEqual(ids(select({ papers })), ["t1", "t3", "t4", "t5"]);
  });

  test("deterministic: the same input gives the same selection", () => {
    const input = { topics: [{ kind: "category", value: "cs" } as const], alreadySent: new Set(["t4"]) };
    assert.deepEqual(select(input), select(input));
  });
});
