import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  type ArxivAnnouncement,
  createArxivRssClient,
  parseArxivRss,
  toAnnouncementRecord,
} from "../../../src/adapters/sources/arxiv/arxiv-rss-client.js";
import { MalformedFeedError } from "../../../src/adapters/sources/arxiv/atom-entry-parser.js";
import { createPoliteHttpClient } from "../../../src/adapters/sources/polite-http-client.js";
import type { Paper } from "../../../src/core/papers/paper.js";
import { readPaperRecord } from "../../../src/core/papers/paper-record.js";
import { rssFixture, startArxivFixtureServer } from "./arxiv-fixture-server.js";

// The RSS fixtures are hand-written from https://info.arxiv.org/help/rss_specifications.html,
// not recorded: no recorded rss.arxiv.org response was available (test/fixtures/arxiv-rss/).
const ANNOUNCED_AT = "2025-01-06T05:00:00.000Z";

function announcement(id: string): ArxivAnnouncement {
  return parseArxivRss(rssFixture("cs.LG.xml")).announcements.find((a) => a.id === id)!;
}

describe("parseArxivRss", () => {
  it("reads new, cross, replace and replace-cross items, and reports the malformed one", () => {
    const { announcements, problems } = parseArxivRss(rssFixture("cs.LG.xml"));
    assert.deepEqual(
      announcements.map((a) => [a.type, a.id, a.version]),
      [
        ["new", "2501.01234", 1],
        ["cross", "2501.02345", 1],
        ["replace", "2412.05555", 2],
        ["replace-cross", "1605.08386", 2],
      ],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.item, 5);
    assert.match(problems[0]!.reason, /"not-an-id" is not an arXiv identifier/);
  });

  it("splits the description into id, type and abstract, and dc:creator into authors", () => {
    const a = announcement("2501.01234");
    assert.equal(a.title, "Sparse Mixtures of Experts for Tabular Data");
    assert.match(a.abstract!, /^We route rows to experts when \$x < y\$ & show gains/);
    assert.ok(!a.abstract!.includes("Announce Type"));
    assert.deepEqual(a.authors, ["Ada Lovelace", "Alan Turing", "Grace B. Hopper"]);
    assert.deepEqual(a.categories, ["cs.LG", "stat.ML"]);
    assert.equal(a.announcedAt, ANNOUNCED_AT);
    const replaced = announcement("2412.05555");
    assert.equal(replaced.doi, "10.1000/gn.2025.2");
    assert.equal(replaced.journalRef, "Journal of Noise 7 (2025) 1-20");
  });

  it("takes the type from the description when arxiv:announce_type is absent", () => {
    const xml = rssFixture("cs.LG.xml").replace("<arxiv:announce_type>new</arxiv:announce_type>", "");
    assert.equal(parseArxivRss(xml).announcements[0]!.type, "new");
  });

  it("reads a weekend feed without items as no announcements", () => {
    const xml = rssFixture("cs.CL.xml").replace(/<item>[\s\S]*<\/item>/, "");
    assert.deepEqual(parseArxivRss(xml), { announcements: [], problems: [] });
  });

  it("fails clearly on a truncated feed", () => {
    const xml = rssFixture("cs.LG.xml");
    assert.throws(
      () => parseArxivRss(xml.slice(0, xml.length / 2), "https://rss.arxiv.org/rss/cs.LG"),
      (error: Error) => {
        assert.ok(error instanceof MalformedFeedError);
        assert.match(error.message, /^arXiv sent a malformed feed for https:\/\/rss\.arxiv\.org\/rss\/cs\.LG: /);
        return true;
      },
    );
  });
});

describe("toAnnouncementRecord", () => {
  const stored = (overrides: Partial<Paper>): Paper =>
    ({
      id: "2412.05555",
      version: 1,
      title: "Gradient Noise Revisited",
      publishedAt: "2024-12-09T18:00:00.000Z",
      updatedAt: "2024-12-09T18:00:00.000Z",
      comments: "9 pages",
      doi: null,
      journalRef: null,
      ...overrides,
    }) as Paper;

  it("records a new paper with its announcement as published", () => {
    const outcome = toAnnouncementRecord(announcement("2501.01234"), null);
    assert.equal(outcome.kind, "record");
    const { paper } = readPaperRecord(outcome.kind === "record" ? outcome.record : null, "2026-06-30");
    assert.deepEqual(
      [paper.id, paper.version, paper.publishedAt, paper.updatedAt],
      ["2501.01234", 1, ANNOUNCED_AT, ANNOUNCED_AT],
    );
    assert.equal(paper.githubRepo, "example-lab/tab-moe", "found in the abstract");
  });

  it("bumps the version of a stored paper, keeping its published date and comments", () => {
    const outcome = toAnnouncementRecord(announcement("2412.05555"), stored({}));
    assert.equal(outcome.kind, "record");
    const { paper } = readPaperRecord(outcome.kind === "record" ? outcome.record : null, "2026-06-30");
    assert.equal(paper.version, 2);
    assert.equal(paper.title, "Gradient Noise Revisited (Second Edition)");
    assert.equal(paper.publishedAt, "2024-12-09T18:00:00.000Z");
    assert.equal(paper.updatedAt, ANNOUNCED_AT);
    assert.equal(paper.comments, "9 pages");
    assert.equal(paper.doi, "10.1000/gn.2025.2");
  });

  it("skips what the hub already has, and asks for a lookup of a replaced paper it lacks", () => {
    assert.deepEqual(toAnnouncementRecord(announcement("2412.05555"), stored({ version: 2 })), { kind: "known" });
    assert.deepEqual(toAnnouncementRecord(announcement("2412.05555"), stored({ version: 3 })), { kind: "known" });
    assert.deepEqual(toAnnouncementRecord(announcement("2412.05555"), null), { kind: "lookup" });
  });
});

describe("arXiv RSS client", () => {
  const servers: { close(): Promise<void> }[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  it("asks for each category's feed and returns each paper once", async () => {
    const server = await startArxivFixtureServer(({ url }) => ({
      body: rssFixture(`${url.pathname.split("/").at(-1)}.xml`),
    }));
    servers.push(server);
    const http = createPoliteHttpClient({
      userAgent: "Paperboy/test",
      minIntervalMs: 0,
      timeoutMs: 2_000,
      retries: 0,
      backoffMs: 1,
      maxRetryAfterMs: 1_000,
    });
    const listing = await createArxivRssClient({ http, baseUrl: `${server.rssUrl}/` }).fetchListing(["cs.LG", "cs.CL"]);
    assert.deepEqual(
      server.requests.map((r) => r.url.pathname),
      ["/rss/cs.LG", "/rss/cs.CL"],
    );
    assert.deepEqual(
      listing.announcements.map((a) => a.id),
      ["2501.01234", "2501.02345", "2412.05555", "1605.08386", "2501.03456"],
    );
    assert.deepEqual(
      listing.problems.map((p) => [p.category, p.item]),
      [["cs.LG", 5]],
    );
  });
});
