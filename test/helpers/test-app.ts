import { readFileSync } from "node:fs";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { SourceLine } from "../../src/core/papers/import-service.js";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { createLogger } from "../../src/lib/logger.js";
import { createHttpApp } from "../../src/delivery/http/server.js";

export const FIXTURES = new URL("../fixtures/", import.meta.url);
/** The clock of every test app: the fixture's newest listings are from late June 2026. */
export const TEST_NOW = new Date("2026-06-30T12:00:00Z");

/** A paper whose every text field tries to break out of HTML, XML and JSON contexts. */
export const HOSTILE_PAPER = {
  id: "2606.99999",
  title: `<script>alert("title")</script> & "quotes" 'apos' </title><img src=x onerror=alert(1)>`,
  abstract: `Abstract with <b>tags</b>, ]]> CDATA end, & ampersands, $x<y$ math and \u2028 separators <script>alert(2)</script>`,
  authors: [`<img src=x onerror=alert(3)>`, `Ada "Quote" O'Brien`],
  categories: ["cs.LG"],
  published: "2026-06-29",
  comments: `</textarea><script>alert(4)</script>`,
  github_repo: "https://github.com/evil-org/xss-repo",
  star_history: [
    ["2026-06-22", 10],
    ["2026-06-29", 150],
  ],
  daily_listings: [{ date: "2026-06-29", submitted_by: "<b>mallory</b>", featured_by: "curator" }],
  page_ranks: [["2026-06-29", 1]],
};

/** A paper with a repository gaining stars and a full history, for trending and charts. */
export const STARRED_PAPER = {
  id: "2606.01234",
  title: "Star Growth for Testing: A Paper Whose Repository Takes Off",
  abstract: "We test trending with $\\alpha + \\beta = \\gamma$ and $$E = mc^2$$ display math.",
  authors: ["Grace Hopper", "Alan Turing"],
  categories: ["cs.CL", "cs.LG"],
  published: "2026-06-02T17:59:59Z",
  updated: "2026-06-10T10:00:00Z",
  doi: "10.1000/test.2026",
  journal_ref: "Journal of Tests 1 (2026) 1-10",
  comments: "12 pages. Code: https://github.com/test-org/star-repo",
  project_page: "https://example.org/star-project",
  upvotes: 42,
  star_history: [
    ["2026-06-02", 0],
    ["2026-06-16", 300],
    ["2026-06-23", 800],
    ["2026-06-30", 2000],
  ],
  daily_listings: [{ date: "2026-06-03", submitted_by: "alice" }],
};

export function fixtureLines(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}

export async function* toSourceLines(lines: readonly string[]): AsyncIterable<SourceLine> {
  let number = 0;
  for (const text of lines) yield { number: ++number, text };
}

/**
 * An app on a throwaway SQLite database (":memory:" unless a file is given) holding the
 * small fixture of real papers plus HOSTILE_PAPER and STARRED_PAPER, with a fixed clock.
 */
export async function createTestApp(options: { file?: string; empty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const config = loadConfig({ PAPERBOY_DATA_DIR: "/tmp/paperboy-test-unused", LOG_LEVEL: "silent", ...options.env });
  const app: App = createApp(config, {
    now: () => TEST_NOW,
    logger: createLogger("silent"),
    storage: createSqliteStorage(options.file ?? ":memory:"),
  });
  if (!options.empty) {
    const lines = [...fixtureLines("papers-small.jsonl"), JSON.stringify(HOSTILE_PAPER), JSON.stringify(STARRED_PAPER)];
    await app.importer.importLines(toSourceLines(lines));
  }
  const http = createHttpApp(app);
  return { app, http, request: (path: string, init?: RequestInit) => http.request(path, init) };
}
