// `paperboy copy --from sqlite:PATH --to postgres://…`: a seeded SQLite instance copied by the
// real CLI into a fresh PostgreSQL, then read back through the PostgreSQL stores and the app.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/lib/logger.js";
import { createSqliteStorage } from "../../src/adapters/storage/sqlite/sqlite-storage.js";
import { openPostgresStorage, type PostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import type { Storage } from "../../src/adapters/storage/storage.js";
import { SchemaMismatchError, planCopy, type TableSchema } from "../../src/adapters/storage/copy/copy-plan.js";
import { PASSWORD } from "../accounts/account-test-kit.js";
import { HOSTILE_PAPER, STARRED_PAPER } from "../helpers/test-app.js";
import { startSmtpSink } from "../helpers/smtp-sink.js";
import { startTestPostgres } from "../helpers/postgres.js";
import { SEED_NOW, seedInstance } from "./copy-seed.js";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

function paperboy(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { ...process.env, PAPERBOY_DATA_DIR: tmpdir(), LOG_LEVEL: "silent", DATABASE_URL: "" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const server = await startTestPostgres();

describe("paperboy copy", { skip: server === null }, () => {
  let dir: string;
  let file: string;
  let url: string;
  let copy: ReturnType<typeof paperboy>;
  let source: Storage;
  let target: PostgresStorage;
  let targetApp: App;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-copy-"));
    file = join(dir, "paperboy.sqlite");
    const sink = await startSmtpSink();
    await (await seedInstance(file, sink)).close();
    await sink.close();
    url = await server!.createDatabase();
    copy = paperboy("copy", "--from", `sqlite:${file}`, "--to", url);
    source = createSqliteStorage(file);
    target = await openPostgresStorage(url, { allowExitOnIdle: true, searchMirrorFile: ":memory:" });
    const config = loadConfig({ PAPERBOY_DATA_DIR: dir, LOG_LEVEL: "silent", PAPERBOY_EMBEDDER: "off" });
    targetApp = createApp(config, {
      now: () => SEED_NOW,
      logger: createLogger("silent"),
      storage: target as unknown as Storage,
    });
  });
  after(async () => {
    await targetApp?.close();
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("copies every table and prints matching counts, with progress on stderr", () => {
    assert.equal(copy.status, 0, copy.stderr);
    assert.match(copy.stdout, /^table\s+source\s+copied$/m);
    const rows = [...copy.stdout.matchAll(/^(\w+)\s+(\d+)\s+(\d+)$/gm)].map((m) => ({
      name: m[1]!,
      source: Number(m[2]),
      copied: Number(m[3]),
    }));
    for (const name of ["papers", "users", "paper_votes", "digest_consent_events", "moderation_audit_log", "job_runs"])
      assert.ok(
        rows.some((r) => r.name === name),
        `${name} is in the report`,
      );
    for (const row of rows) {
      assert.ok(row.source > 0, `the seed put rows in ${row.name}`);
      assert.equal(row.copied, row.source, row.name);
    }
    assert.match(copy.stdout, new RegExp(`all ${rows.length} tables copied, row counts match`));
    assert.match(copy.stderr, /copy: papers: 19 rows/);
    assert.ok(!rows.some((r) => /^(search_|paper_search|paper_author_index|schema_migrations)/.test(r.name)));
  });

  it("serves the same papers, listings, histories and author pages", async () => {
    assert.equal(await target.papers.countPapers(), await source.papers.countPapers());
    for (const id of [STARRED_PAPER.id, HOSTILE_PAPER.id]) {
      const copied = await target.papers.findPaper(id);
      assert.ok(copied);
      assert.deepEqual(copied, await source.papers.findPaper(id));
      assert.deepEqual(await target.papers.findListings(id), await source.papers.findListings(id));
      assert.deepEqual(await target.papers.findPageRanks(id), await source.papers.findPageRanks(id));
    }
    assert.deepEqual(
      await target.papers.findStarHistory("test-org/star-repo"),
      await source.papers.findStarHistory("test-org/star-repo"),
    );
    const byAuthor = await target.papers.listPapersByAuthor("GRACE hopper", { offset: 0, limit: 10 });
    assert.deepEqual(
      byAuthor.items.map((p) => p.id),
      [STARRED_PAPER.id],
      "paper_authors was rebuilt from papers.authors",
    );
  });

  it("keeps accounts, votes, the comment thread and subscriptions", async () => {
    const login = await targetApp.accounts.logIn(
      "ada@example.org",
      PASSWORD,
      { ip: "127.0.0.1", userAgent: "t" },
      null,
    );
    assert.equal(login.kind, "signed-in", "the copied password hash verifies");
    const wrong = await targetApp.accounts.logIn(
      "ada@example.org",
      "not the password",
      { ip: "127.0.0.2", userAgent: "t" },
      null,
    );
    assert.notEqual(wrong.kind, "signed-in");
    const user = await target.accounts.users.findByEmail("ada@example.org");
    assert.ok(user);
    assert.deepEqual(
      await target.community.votes.find(user.id, STARRED_PAPER.id),
      await source.community.votes.find(user.id, STARRED_PAPER.id),
    );
    const votes = await target.community.votes.find(null, STARRED_PAPER.id);
    assert.equal(votes?.votes, 2, "the copy did not count the votes twice");
    assert.deepEqual(
      await target.community.comments.listForPaper(STARRED_PAPER.id),
      await source.community.comments.listForPaper(STARRED_PAPER.id),
    );
    assert.deepEqual(await target.digests.listLists(), await source.digests.listLists());
    const subscriber = await source.digests.findSubscriberByEmail("one@example.net");
    assert.ok(subscriber);
    const copiedSubscriptions = await target.digests.listSubscriptions(subscriber.subscriberPublicId);
    assert.equal(copiedSubscriptions[0]?.status, "confirmed");
    assert.deepEqual(copiedSubscriptions, await source.digests.listSubscriptions(subscriber.subscriberPublicId));
  });

  it("keeps the consent log and json key order, and moves identity sequences past the copied ids", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const consent = await client.query(
        "SELECT kind, details::text AS details FROM digest_consent_events ORDER BY id",
      );
      assert.deepEqual(
        consent.rows.map((r) => r.kind),
        ["signup", "confirm"],
      );
      const checkpoint = await client.query("SELECT state::text AS state FROM ingest_checkpoints");
      assert.equal(checkpoint.rows[0].state, '{"z":1,"a":["x"]}');
      const job = await client.query(
        "INSERT INTO job_runs (job, slot, status, max_attempts, queued_at) VALUES ('x', 'y', 'queued', 1, now()) RETURNING id",
      );
      assert.equal(Number(job.rows[0].id), 8);
      const token = await client.query(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (1, 'n', 'h2', now()) RETURNING id",
      );
      assert.equal(Number(token.rows[0].id), 10);
      const vote = await client.query("SELECT upvotes FROM papers WHERE id = $1", [STARRED_PAPER.id]);
      assert.equal(vote.rows[0].upvotes, STARRED_PAPER.upvotes + 2);
    } finally {
      await client.end();
    }
  });

  it("refuses a target that already holds data, and a missing source", () => {
    const again = paperboy("copy", "--from", `sqlite:${file}`, "--to", url);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /the target database is not empty \(table \w+ has rows\)/);
    assert.ok(!again.stderr.includes(url), "the URL is never printed");
    const missing = paperboy("copy", "--from", `sqlite:${join(dir, "nope.sqlite")}`, "--to", url);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.sqlite: no such SQLite database/);
    const usage = paperboy("copy", "--from", file, "--to", url);
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /copy needs --from sqlite:PATH/);
  });
});

describe("planCopy", () => {
  const sqlite: TableSchema[] = [
    {
      name: "users",
      columns: [
        { name: "id", type: "INTEGER" },
        { name: "email", type: "TEXT" },
      ],
      primaryKey: ["id"],
    },
    {
      name: "sessions",
      columns: [
        { name: "id", type: "INTEGER" },
        { name: "user_id", type: "INTEGER" },
      ],
      primaryKey: ["id"],
    },
    { name: "search_changes", columns: [{ name: "seq", type: "INTEGER" }] },
    { name: "paper_search_data", columns: [{ name: "block", type: "BLOB" }] },
  ];
  const postgres: TableSchema[] = [
    {
      name: "sessions",
      columns: [
        { name: "id", type: "bigint", identity: true },
        { name: "user_id", type: "bigint" },
      ],
      references: ["users"],
    },
    {
      name: "users",
      columns: [
        { name: "id", type: "bigint", identity: true },
        { name: "email", type: "text" },
      ],
    },
    { name: "search_epoch", columns: [{ name: "id", type: "integer" }] },
  ];

  it("orders parents first, skips derived tables and maps columns by the target's type", () => {
    const plan = planCopy(sqlite, postgres);
    assert.deepEqual(
      plan.map((t) => t.name),
      ["users", "sessions"],
    );
    assert.deepEqual(plan[0], {
      name: "users",
      columns: [
        { name: "id", targetType: "bigint" },
        { name: "email", targetType: "text" },
      ],
      identityColumns: ["id"],
      orderBy: ["id"],
    });
  });

  it("names every table and column present on one side only", () => {
    const withExtra: TableSchema[] = [
      ...sqlite.filter((t) => t.name !== "users"),
      {
        name: "users",
        columns: [
          { name: "id", type: "INTEGER" },
          { name: "nickname", type: "TEXT" },
        ],
      },
      { name: "badges", columns: [{ name: "id", type: "INTEGER" }] },
    ];
    const pgExtra = [...postgres, { name: "mutes", columns: [{ name: "id", type: "bigint" }] }];
    assert.throws(
      () => planCopy(withExtra, pgExtra),
      (error: unknown) => {
        assert.ok(error instanceof SchemaMismatchError);
        assert.deepEqual(error.problems.sort(), [
          "column users.email exists only in the PostgreSQL database",
          "column users.nickname exists only in the SQLite database",
          "table badges exists only in the SQLite database",
          "table mutes exists only in the PostgreSQL database",
        ]);
        return true;
      },
    );
  });
});
