// Issue 7, item 7: one PostgreSQL, two `paperboy serve --role web` processes and two
// `serve --role worker,scheduler` processes, each a separate OS process. Concurrent upvotes
// through both web processes count exactly; a session signed in on one process works on the
// other (sessions and the CSRF key live in the database); the arXiv job both schedulers queue
// runs once; the digest issue both workers may send reaches every subscriber exactly once.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { type App, openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { CONSENT_TEXT_VERSION } from "../../src/core/digests/subscription-service.js";
import { createLogger } from "../../src/lib/logger.js";
import { PASSWORD, TestBrowser, createSignedInUser } from "../accounts/account-test-kit.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";
import { fixtureLines, toSourceLines } from "../helpers/test-app.js";
import {
  type ArxivFixtureServer,
  recordedFeed,
  rssFixture,
  startArxivFixtureServer,
} from "../sources/arxiv/arxiv-fixture-server.js";
import { type PaperboyProcess, freePort, startPaperboy, waitUntilReady } from "./paperboy-process.js";

const USERS = 40;
const VOTED_PAPERS = 3;
const CATEGORIES = ["cs.LG", "cs.CL"];
/** https: digest mail only links to https (the cookies get `__Host-` and Secure, which loopback HTTP still carries). */
const PUBLIC_URL = "https://paperboy.test";
const DAY_MS = 86_400_000;
const server = await startTestPostgres();

/** Papers listed on each of the last three days, so this week's trending (and the digest) has them. */
function recentPapers(count: number): string[] {
  const day = (back: number) => new Date(Date.now() - back * DAY_MS).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `2611.${String(90_000 + i)}`,
      title: `Multi-process test paper number ${i + 1} on shared databases`,
      abstract: `A paper listed on recent days so that trending and the digest have something to show (${i}).`,
      authors: ["Test Author"],
      categories: ["cs.DB"],
      published: day(3),
      upvotes: 10 + i,
      daily_listings: [day(1), day(2), day(3)],
    }),
  );
}

describe("two web and two worker processes on one PostgreSQL", { skip: server === null, timeout: 150_000 }, () => {
  let url: string;
  let dir: string;
  let sink: SmtpSink;
  let sources: ArxivFixtureServer;
  let app: App;
  let pool: pg.Pool;
  let webUrls: string[] = [];
  const children: PaperboyProcess[] = [];
  const users: Awaited<ReturnType<typeof createSignedInUser>>[] = [];
  let votedIds: string[] = [];

  before(async () => {
    url = await server!.createDatabase();
    dir = mkdtempSync(join(tmpdir(), "paperboy-multi-"));
    sink = await startSmtpSink();
    sources = await startArxivFixtureServer(({ url: seen }) => {
      const category = seen.pathname.split("/").at(-1)!;
      if (seen.pathname.startsWith("/rss/") && CATEGORIES.includes(category))
        return { body: rssFixture(`${category}.xml`) };
      if (seen.pathname.startsWith("/api/"))
        return { body: recordedFeed("recorded-2026/id_0000.0000_s0_m100_8b51d9633a68.xml") };
      return { status: 404 }; // Hugging Face and GitHub: their jobs fail fast, offline
    });
    const base = new URL(sources.apiUrl).origin;
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: url,
      PAPERBOY_DATA_DIR: dir,
      PUBLIC_URL,
      PAPERBOY_EMBEDDER: "off",
      PAPERBOY_SAMPLE_DATA: "0",
      SMTP_URL: sink.url,
      MAIL_FROM: "Paperboy <digest@paperboy.test>",
      MAIL_POSTAL_ADDRESS: "1 Example Street, Springfield",
      DIGEST_DAILY_AT: "00:00",
      DIGEST_DAILY_WEEKENDS: "1",
      ARXIV_API_URL: sources.apiUrl,
      ARXIV_RSS_URL: sources.rssUrl,
      ARXIV_CATEGORIES: CATEGORIES.join(","),
      ARXIV_REQUEST_INTERVAL_MS: "0",
      HF_API_URL: base,
      GITHUB_API_URL: base,
      SOURCE_RETRIES: "0",
      SOURCE_TIMEOUT_MS: "5000",
      API_RATE_LIMIT_PER_MINUTE: "100000",
    };
    // This process migrates, fills the hub, makes the accounts and prepares the digest issue.
    app = await openApp(loadConfig({ ...env, LOG_LEVEL: "silent" }), { logger: createLogger("silent") });
    pool = new pg.Pool({ connectionString: url, max: 2 });
    await app.importer.importLines(toSourceLines([...fixtureLines("papers-small.jsonl"), ...recentPapers(8)]));
    for (let i = 0; i < USERS; i += 8) {
      const batch = Array.from({ length: Math.min(8, USERS - i) }, (_, j) =>
        createSignedInUser(app, { email: `voter${i + j}@example.org`, handle: `voter${i + j}` }),
      );
      users.push(...(await Promise.all(batch)));
    }
    const consent = { source: "test", textVersion: CONSENT_TEXT_VERSION, ip: null, userAgent: null };
    for (const { user } of users) {
      await app.digests.subscriptions.subscribe({
        email: user.email,
        frequency: "daily",
        topics: [],
        consent,
        user: { id: user.id, email: user.email },
      });
    }
    const daily = (await app.digests.service.ensureLists()).find((list) => list.slug === "daily")!;
    const prepared = await app.digests.service.prepareDueIssue(daily);
    assert.equal(prepared?.added, USERS, "the issue's outbox holds one delivery per subscriber");
    votedIds = Array.from({ length: VOTED_PAPERS }, (_, i) => `2611.${90_000 + i}`);

    const ports = [await freePort(), await freePort()];
    webUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    const mirror = (name: string) => ({ SEARCH_MIRROR_FILE: join(dir, `search-mirror-${name}.sqlite`) });
    children.push(
      ...ports.map((port, i) =>
        startPaperboy(["serve", "--role", "web"], { ...env, ...mirror(`web${i}`), PORT: String(port) }),
      ),
      ...[0, 1].map((i) =>
        startPaperboy(["serve", "--role", "worker,scheduler"], { ...env, ...mirror(`worker${i}`), PORT: "0" }),
      ),
      // A third sender on the same outbox at the same time: whichever claims a delivery sends it.
      startPaperboy(["digest", "send", "--list", "daily"], { ...env, ...mirror("cli") }),
    );
    await Promise.all(webUrls.map((base, i) => waitUntilReady(`${base}/readyz`, children[i]!, 60_000)));
  });

  after(async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }),
    );
    await pool?.end();
    await app?.close();
    await sink?.close();
    await sources?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const upvotesOf = async (ids: readonly string[]) =>
    (await Promise.all(ids.map((id) => app.storage.papers.findPaper(id)))).map((paper) => paper!.upvotes);

  it("counts concurrent upvotes through both web processes exactly", async () => {
    assert.equal(votedIds.length, VOTED_PAPERS);
    const before = await upvotesOf(votedIds);
    const answers = await Promise.all(
      users.flatMap((user, u) =>
        votedIds.map((id, p) =>
          fetch(`${webUrls[(u + p) % 2]}/api/v1/papers/${encodeURIComponent(id)}/votes`, {
            method: "POST",
            headers: { ...user.headers, "content-type": "application/json" },
            body: JSON.stringify({ voted: true }),
          }),
        ),
      ),
    );
    assert.deepEqual(new Set(answers.map((res) => res.status)), new Set([200]));
    const after = await upvotesOf(votedIds);
    assert.deepEqual(
      after,
      before.map((count) => count + USERS),
      "every vote counted once",
    );
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM paper_votes");
    assert.equal(Number(rows[0]!.n), USERS * VOTED_PAPERS);
  });

  it("serves a session signed in on one web process from the other (sessions and CSRF key in the database)", async () => {
    const send =
      (base: string) =>
      (path: string, init?: RequestInit): Promise<Response> =>
        fetch(`${base}${path}`, { ...init, redirect: "manual" });
    const first = new TestBrowser(send(webUrls[0]!), "203.0.113.7");
    const login = await first.submit("/login", "/login", { email: "voter0@example.org", password: PASSWORD });
    assert.equal(login.status, 303);
    await first.get("/settings");
    const second = new TestBrowser(send(webUrls[1]!), "203.0.113.7");
    for (const [name, value] of first.cookies) second.cookies.set(name, value);
    const id = votedIds[0]!;
    const vote = (voted: boolean, csrf: string) =>
      second.request(`/api/v1/papers/${encodeURIComponent(id)}/votes`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ voted }),
      });
    assert.equal((await vote(false, "forged")).status, 403);
    const taken = await vote(false, first.lastToken!);
    assert.equal(taken.status, 200, "the token the first process issued is valid on the second");
    assert.equal(((await taken.json()) as { voted: boolean }).voted, false);
    await vote(true, first.lastToken!);
  });

  it("runs the arXiv job both schedulers queued once, and sends the digest issue once to each subscriber", async () => {
    const deadline = Date.now() + 60_000;
    const arxivRuns = async () =>
      (
        await pool.query<{ slot: string; status: string; attempts: number; error: string | null }>(
          "SELECT slot, status, attempts, error FROM job_runs WHERE job = 'arxiv-new-papers'",
        )
      ).rows;
    while (Date.now() < deadline) {
      const runs = await arxivRuns();
      if (runs.some((run) => run.status !== "queued" && run.status !== "running") && sink.messages.length >= USERS)
        break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Both processes' first ticks are over well before this; a second run or mail would show now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const runs = await arxivRuns();
    assert.equal(runs.length, 1, JSON.stringify(runs));
    assert.equal(runs[0]!.status, "succeeded", runs[0]!.error ?? "");
    assert.equal(runs[0]!.attempts, 1);
    const feedPaths = sources.requests.filter((r) => r.url.pathname.startsWith("/rss/")).map((r) => r.url.pathname);
    assert.ok(feedPaths.length > 0, "the listing feeds were read");
    assert.equal(new Set(feedPaths).size, feedPaths.length, `each feed once: ${feedPaths.join(", ")}`);

    const perAddress = new Map<string, number>();
    for (const mail of sink.messages)
      for (const to of mail.envelopeTo) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    assert.deepEqual(
      [...perAddress.entries()].filter(([, n]) => n !== 1),
      [],
      "no address got two mails",
    );
    assert.deepEqual(
      [...perAddress.keys()].sort(),
      users.map((u) => u.user.email).sort(),
      "every subscriber got the issue",
    );
  });
});
