// The whole app on PostgreSQL, selected by DATABASE_URL the way `paperboy serve` selects it:
// the bundled sample imported on first start, the trending page and the APIs, sign-up by mail
// and a vote through HTTP, search (through the local search mirror), and `paperboy migrate`
// and a bad DATABASE_URL through the real CLI.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type App, openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { importSampleDataIfEmpty } from "../../src/delivery/cli/sample-data.js";
import { createHttpApp } from "../../src/delivery/http/server.js";
import { createLogger } from "../../src/lib/logger.js";
import { PASSWORD, TestBrowser, linkPath } from "../accounts/account-test-kit.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { toSourceLines } from "../helpers/test-app.js";
import { runPaperboy } from "./paperboy-process.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";

const PUBLIC_URL = "http://paperboy.test";
const server = await startTestPostgres();

describe("the app on PostgreSQL (DATABASE_URL)", { skip: server === null }, () => {
  let url: string;
  let dir: string;
  let sink: SmtpSink;
  let app: App;
  let http: ReturnType<typeof createHttpApp>;
  let ips = 0;
  const browser = () => new TestBrowser(async (path, init) => http.request(path, init), `198.51.100.${++ips}`);

  before(async () => {
    url = await server!.createDatabase();
    dir = mkdtempSync(join(tmpdir(), "paperboy-pg-app-"));
    sink = await startSmtpSink();
    const config = loadConfig({
      DATABASE_URL: url,
      PAPERBOY_DATA_DIR: dir,
      PUBLIC_URL,
      SMTP_URL: sink.url,
      MAIL_FROM: "Paperboy <hub@paperboy.test>",
      TRUST_PROXY: "1",
      PAPERBOY_EMBEDDER: "off",
      LOG_LEVEL: "silent",
    });
    app = await openApp(config, { logger: createLogger("silent") });
    http = createHttpApp(app);
  });
  after(async () => {
    await app?.close();
    await sink?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("imports the bundled sample into an empty hub on first start, and only then", async () => {
    assert.equal(await app.storage.papers.countPapers(), 0);
    await importSampleDataIfEmpty(app);
    const count = await app.storage.papers.countPapers();
    assert.ok(count > 10_000, `the sample's papers are in PostgreSQL (${count})`);
    await importSampleDataIfEmpty(app);
    assert.equal(await app.storage.papers.countPapers(), count, "a hub with papers is left alone");
  });

  it("serves the trending page and /api/daily_papers from PostgreSQL", async () => {
    const page = await http.request("/");
    assert.equal(page.status, 200);
    const html = await page.text();
    const listed = (await (await http.request("/api/daily_papers?limit=5")).json()) as {
      paper: { id: string; title: string };
    }[];
    assert.equal(listed.length, 5);
    assert.ok(listed.every((item) => /^\d{4}\.\d{4,5}$/.test(item.paper.id)));
    const stored = await app.storage.papers.findPaper(listed[0]!.paper.id);
    assert.equal(stored?.title, listed[0]!.paper.title, "the API answers from the database");
    assert.match(html, /<a [^>]*href="\/papers\/\d{4}\.\d{4,5}"/, "the page lists papers");
  });

  it("signs up by mail, signs in, and upvotes through the HTTP API", async () => {
    const visitor = browser();
    const mailsBefore = sink.messages.length;
    const signup = await visitor.submit("/signup", "/signup", {
      email: "ada@example.org",
      handle: "ada",
      password: PASSWORD,
    });
    assert.equal(signup.status, 200);
    const [mail] = (await sink.waitForMessages(mailsBefore + 1)).slice(mailsBefore);
    assert.deepEqual(mail!.envelopeTo, ["ada@example.org"]);
    assert.equal((await visitor.submit(linkPath(mail!), "/verify", {})).status, 200);
    assert.equal(
      (await visitor.submit("/login", "/login", { email: "ada@example.org", password: PASSWORD })).status,
      303,
    );
    await visitor.get("/settings"); // the CSRF token bound to the new session

    const [item] = (await (await http.request("/api/daily_papers?limit=1")).json()) as { paper: { id: string } }[];
    const id = item!.paper.id;
    const before = (await app.storage.papers.findPaper(id))!.upvotes;
    const vote = (voted: boolean, csrf = visitor.lastToken!) =>
      visitor.request(`/api/v1/papers/${encodeURIComponent(id)}/votes`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ voted }),
      });
    const cast = await vote(true);
    assert.equal(cast.status, 200);
    assert.deepEqual(await cast.json(), { voted: true, upvotes: before + 1 });
    assert.equal((await app.storage.papers.findPaper(id))!.upvotes, before + 1);
    assert.equal((await vote(true, "forged")).status, 403, "the CSRF check holds on PostgreSQL");
    assert.deepEqual(await (await vote(false)).json(), { voted: false, upvotes: before });
  });

  it("searches by keyword through the search mirror", async () => {
    const [item] = (await (await http.request("/api/daily_papers?limit=1")).json()) as {
      paper: { id: string; title: string };
    }[];
    const words = item!.paper.title.split(/[^A-Za-z]+/).filter((w) => w.length >= 5);
    const res = await http.request(`/api/v1/search?q=${encodeURIComponent(words.slice(0, 3).join(" "))}&mode=keyword`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { total: number; hits: { paper: { id: string } }[] };
    assert.ok(body.total > 0);
    assert.ok(
      body.hits.some((hit) => hit.paper.id === item!.paper.id),
      `"${words.slice(0, 3).join(" ")}" finds ${item!.paper.id}`,
    );
    const nothing = (await (await http.request("/api/v1/search?q=zzqxjvwk&mode=keyword")).json()) as { total: number };
    assert.equal(nothing.total, 0);
  });

  it("`paperboy migrate status` lists PostgreSQL's migrations, all applied", async () => {
    const { code, stdout, stderr } = await runPaperboy(["migrate", "status"], {
      DATABASE_URL: url,
      PAPERBOY_DATA_DIR: dir,
    });
    assert.equal(code, 0, stderr);
    const rows = stdout.trim().split("\n");
    assert.equal(rows.at(-1), "database is up to date");
    const expected = await app.storage.migrationStatus();
    assert.equal(rows.length, expected.length + 1);
    for (const migration of expected) {
      assert.ok(
        rows.some((row) => row.startsWith(String(migration.version).padStart(3, "0")) && row.includes(migration.name)),
        `migration ${migration.version} ${migration.name} listed`,
      );
    }
    assert.ok(rows.slice(0, -1).every((row) => / applied \d{4}-\d\d-\d\dT/.test(row)));
  });

  it("refuses a DATABASE_URL that is not PostgreSQL, naming the variable, with exit status 1", async () => {
    const { code, stdout, stderr } = await runPaperboy(["migrate", "status"], {
      DATABASE_URL: "mysql://root:hunter2@db.example/paperboy",
      PAPERBOY_DATA_DIR: dir,
    });
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /DATABASE_URL: expected a PostgreSQL URL such as postgres:\/\//);
    assert.doesNotMatch(stderr, /hunter2/, "the password is never printed");
  });

  it("reports an unreachable PostgreSQL clearly, without a stack trace, before serving", async () => {
    const unreachable = `postgres://paperboy:hunter2@127.0.0.1:9/paperboy`;
    for (const args of [
      ["migrate", "status"],
      ["serve", "--role", "web"],
    ]) {
      const { code, stderr } = await runPaperboy(args, { DATABASE_URL: unreachable, PAPERBOY_DATA_DIR: dir });
      assert.equal(code, 1, `${args.join(" ")}: ${stderr}`);
      assert.match(stderr, /^DATABASE_URL: cannot use the PostgreSQL database: .*ECONNREFUSED/m);
      assert.doesNotMatch(stderr, /hunter2|\n\s+at /, "neither the password nor a stack trace");
    }
  });
});

describe("search by meaning on PostgreSQL", { skip: server === null }, () => {
  it("builds the semantic index from the search mirror in a child process, and searches with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-pg-semantic-"));
    const config = loadConfig({
      DATABASE_URL: await server!.createDatabase(),
      PAPERBOY_DATA_DIR: dir,
      LOG_LEVEL: "silent",
    });
    assert.equal(config.search.embedder, "lsa");
    const app = await openApp(config, { logger: createLogger("silent") });
    try {
      // LSA trains on the hub's own papers and needs a few dozen: six topics, twenty papers each.
      const topics = ["robot grasping manipulation", "language model attention", "image diffusion denoising"];
      const more = ["graph neural networks", "protein folding structure", "speech recognition audio"];
      const lines = Array.from({ length: 120 }, (_, i) =>
        JSON.stringify({
          id: `2601.${10_000 + i}`,
          title: `${[...topics, ...more][i % 6]} study ${i}`,
          abstract: `We study ${[...topics, ...more][i % 6]} in experiment ${i}.`,
          authors: ["Test Author"],
          categories: ["cs.LG"],
          published: "2026-01-02",
        }),
      );
      await app.importer.importLines(toSourceLines(lines));
      assert.equal(await app.syncSemanticIndex(), 120, "every paper embedded, read from the mirror file");
      const res = await createHttpApp(app).request("/api/v1/search?q=robot%20grasping&mode=semantic&limit=5");
      const body = (await res.json()) as {
        mode: string;
        fallback: string | null;
        hits: { paper: { title: string } }[];
      };
      assert.equal(body.mode, "semantic", body.fallback ?? "");
      assert.ok(body.hits.length > 0);
      assert.match(body.hits[0]!.paper.title, /^robot grasping manipulation/);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the API rate limit on PostgreSQL", { skip: server === null }, () => {
  it("is shared by app processes: a client spread over two gets the limit once", async () => {
    const url = await server!.createDatabase();
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "paperboy-pg-limit-")));
    const apps = await Promise.all(
      dirs.map((dataDir) =>
        openApp(
          loadConfig({
            DATABASE_URL: url,
            PAPERBOY_DATA_DIR: dataDir,
            PUBLIC_URL,
            TRUST_PROXY: "1",
            API_RATE_LIMIT_PER_MINUTE: "6",
            HTTP_CACHE_MS: "0",
            PAPERBOY_EMBEDDER: "off",
            LOG_LEVEL: "silent",
          }),
          { logger: createLogger("silent") },
        ),
      ),
    );
    try {
      const servers = apps.map((one) => createHttpApp(one));
      const ask = (i: number, ip: string) =>
        servers[i % 2]!.request("/api/daily_papers?limit=1", { headers: { "x-forwarded-for": ip } });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await ask(i, "192.0.2.77")).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429], "six in all, whichever process answers");
      const refused = await ask(1, "192.0.2.77");
      assert.equal(refused.headers.get("retry-after"), "10", "6 a minute: a token every 10 s");
      assert.equal((await ask(0, "192.0.2.78")).status, 200, "another client has its own bucket");
    } finally {
      await Promise.all(apps.map((one) => one.close()));
      for (const dataDir of dirs) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
