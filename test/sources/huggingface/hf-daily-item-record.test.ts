import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type HfDailyItem,
  HfDailyItemSchema,
  toHfImportRecord,
} from "../../../src/adapters/sources/huggingface/hf-daily-item-record.js";
import { readPaperRecord } from "../../../src/core/papers/paper-record.js";
import type { Paper } from "../../../src/core/papers/paper.js";
import { FIXTURE_DAY, FIXTURE_ITEMS } from "./hf-fixture-server.js";

const TODAY = "2026-06-30";

function item(i: number, changes: { paper?: Record<string, unknown>; [key: string]: unknown } = {}): HfDailyItem {
  const base = FIXTURE_ITEMS[i]!;
  return HfDailyItemSchema.parse({ ...base, ...changes, paper: { ...base.paper, ...changes.paper } });
}

function read(value: HfDailyItem, stored: Paper | null = null, day = FIXTURE_DAY) {
  return readPaperRecord(toHfImportRecord(value, day, stored), TODAY);
}

/** A paper as an arXiv harvest stores it. */
const STORED: Paper = {
  id: "2409.11074",
  version: 2,
  title: "RoMath: the arXiv title",
  abstract: "The arXiv abstract.",
  authors: ["Adrian Cosma", "Second Author"],
  categories: ["cs.CL", "cs.AI"],
  publishedAt: "2024-09-17T11:03:46.000Z",
  updatedAt: "2024-09-20T08:00:00.000Z",
  comments: "14 pages",
  doi: "10.1000/romath",
  journalRef: "Constructed Journal 1 (2024)",
  githubRepo: null,
  projectPage: null,
  aiSummary: null,
  aiKeywords: [],
  upvotes: 3,
  githubStars: null,
};

describe("toHfImportRecord", () => {
  it("maps a full daily item: paper, listing with submitter, upvotes, AI fields, links, stars dated today", () => {
    const { paper, listings, stars, pageRanks } = read(item(0));
    assert.deepEqual(paper, {
      id: "2409.11074",
      version: 1,
      title: "RoMath: constructed fixture title",
      abstract: "Constructed fixture abstract for RoMath. It spans two lines.",
      authors: ["Adrian Cosma", "Constructed Author Two"],
      categories: [],
      publishedAt: "2024-09-17T11:03:46.000Z",
      updatedAt: "2024-09-17T11:03:46.000Z",
      comments: null,
      doi: null,
      journalRef: null,
      githubRepo: "example-org/romath",
      projectPage: "https://example.org/romath",
      aiSummary: "A constructed one-sentence AI summary.",
      aiKeywords: ["mathematical reasoning", "Romanian"],
      upvotes: 12,
    });
    assert.deepEqual(listings, [
      { date: "2024-09-18", submittedAt: "2024-09-18T00:38:41.000Z", submittedBy: "curator", featuredBy: null },
    ]);
    // HF's githubStars is the count when asked, so it is dated today, not on the listing day.
    assert.deepEqual(stars, [{ day: TODAY, stars: 42 }]);
    assert.deepEqual(pageRanks, []);
  });

  it("drops numComments: the hub has nowhere to keep it yet", () => {
    assert.equal("numComments" in toHfImportRecord(item(0), FIXTURE_DAY, null), false);
    assert.equal(JSON.stringify(toHfImportRecord(item(0), FIXTURE_DAY, null)).includes('omments":3'), false);
  });

  it("reads the submitter from the older `user` key, and from submittedOnDailyBy when submittedBy is absent", () => {
    assert.equal(read(item(1)).listings[0]!.submittedBy, "older-key-submitter");
    const fromPaper = item(0, { submittedBy: undefined });
    assert.equal(read(fromPaper).listings[0]!.submittedBy, "curator");
    const nobody = item(2, { submittedBy: null });
    assert.equal(read(nobody).listings[0]!.submittedBy, null);
  });

  it("lists the item on its own Daily Papers day, falling back to the requested day", () => {
    const snapped = item(1, { publishedAt: "2024-09-13T09:00:00.000Z" });
    assert.deepEqual(
      read(snapped, null, "2024-09-14").listings.map((l) => l.date),
      ["2024-09-13"],
    );
    const undated = item(2, { publishedAt: undefined, paper: { submittedOnDailyAt: null } });
    assert.deepEqual(read(undated, null, "2024-09-18").listings[0], {
      date: "2024-09-18",
      submittedAt: "2024-09-18T00:00:00.000Z",
      submittedBy: "curator",
      featuredBy: null,
    });
    const fromDaily = item(2, { publishedAt: "not a date" });
    assert.equal(read(fromDaily).listings[0]!.submittedAt, "2024-09-18T03:00:00.000Z");
  });

  it("leaves out a repository that is not on GitHub (and its stars) and an empty project page, keeping the paper", () => {
    const { paper, stars } = read(item(2));
    assert.equal(paper.githubRepo, null);
    assert.equal(paper.projectPage, null);
    assert.deepEqual(stars, []);
    assert.equal(read(item(0, { paper: { projectPage: "javascript:alert(1)" } })).paper.projectPage, null);
  });

  it("keeps what arXiv knows of a stored paper and adds what HF owns", () => {
    const { paper } = read(item(0), STORED);
    const { githubStars: _derived, ...storedInput } = STORED;
    assert.deepEqual(paper, {
      ...storedInput,
      githubRepo: "example-org/romath",
      projectPage: "https://example.org/romath",
      aiSummary: "A constructed one-sentence AI summary.",
      aiKeywords: ["mathematical reasoning", "Romanian"],
      upvotes: 12,
    });
  });

  it("keeps a stored repository and AI fields when HF has none", () => {
    const stored = { ...STORED, githubRepo: "owner/stored", aiSummary: "Stored summary", aiKeywords: ["kept"] };
    const { paper, stars } = read(item(1, { paper: { id: "2409.11074" } }), stored);
    assert.equal(paper.githubRepo, "owner/stored");
    assert.equal(paper.aiSummary, "Stored summary");
    assert.deepEqual(paper.aiKeywords, ["kept"]);
    assert.deepEqual(stars, [], "no star count without HF's repository");
  });
});

describe("HfDailyItemSchema", () => {
  it("accepts the constructed fixture items", () => {
    for (const value of FIXTURE_ITEMS) assert.equal(HfDailyItemSchema.safeParse(value).success, true);
  });

  it("rejects items without a paper id, title or date, or with impossible counts", () => {
    const base = FIXTURE_ITEMS[0]!;
    for (const paper of [
      { ...base.paper, id: undefined },
      { ...base.paper, title: "" },
      { ...base.paper, publishedAt: 20240917 },
      { ...base.paper, upvotes: -1 },
      { ...base.paper, githubStars: 1.5 },
      { ...base.paper, authors: [{ name: null }] },
      { ...base.paper, ai_keywords: "keyword" },
    ]) {
      assert.equal(HfDailyItemSchema.safeParse({ ...base, paper }).success, false, JSON.stringify(paper).slice(0, 80));
    }
    assert.equal(HfDailyItemSchema.safeParse({ ...base, paper: null }).success, false);
  });
});
