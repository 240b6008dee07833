// Which backend the configuration selects: DATABASE_URL (PostgreSQL) or the SQLite file, and
// SEARCH_MIRROR_FILE. No server needed: PostgreSQL itself is exercised by postgres-app.test.ts.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openMigrator, openStorage, semanticDatabaseFile } from "../../src/adapters/storage/open-storage.js";
import { createApp } from "../../src/app.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/lib/logger.js";

const DATA = "/srv/paperboy";

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig({ PAPERBOY_DATA_DIR: DATA, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("DATABASE_URL and SEARCH_MIRROR_FILE", () => {
  it("uses SQLite in the data folder when DATABASE_URL is unset or blank", () => {
    for (const env of [{}, { DATABASE_URL: "  " }]) {
      const config = loadConfig({ PAPERBOY_DATA_DIR: DATA, ...env });
      assert.equal(config.databaseUrl, null);
      assert.equal(config.databaseFile, join(DATA, "paperboy.sqlite"));
      assert.equal(semanticDatabaseFile(config), config.databaseFile);
    }
  });

  it("accepts postgres:// and postgresql:// URLs, including a socket folder in ?host=", () => {
    for (const url of [
      "postgres://paperboy:secret@db.internal:5432/paperboy",
      "postgresql://db.internal/paperboy?sslmode=require",
      "postgres://postgres@/paperboy?host=%2Fvar%2Frun%2Fpostgresql",
    ]) {
      assert.equal(loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_URL: url }).databaseUrl, url);
    }
  });

  it("refuses anything else, naming DATABASE_URL and never echoing a password", () => {
    for (const url of [
      "mysql://root:hunter2@db/paperboy",
      "db.internal:5432",
      "sqlite:./data/x.sqlite",
      "postgres:/x",
    ]) {
      const problems = problemsOf({ DATABASE_URL: url });
      assert.equal(problems.length, 1, url);
      assert.match(problems[0]!, /^DATABASE_URL: expected a PostgreSQL URL such as postgres:\/\//);
      assert.doesNotMatch(problems[0]!, /hunter2|db\.internal/);
    }
  });

  it("puts the search mirror in the data folder unless SEARCH_MIRROR_FILE says otherwise", () => {
    const url = "postgres://db.internal/paperboy";
    const byDefault = loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_URL: url });
    assert.equal(byDefault.searchMirrorFile, join(DATA, "search-mirror.sqlite"));
    assert.equal(semanticDatabaseFile(byDefault), byDefault.searchMirrorFile, "semantic builds read the mirror");
    const relative = loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_URL: url, SEARCH_MIRROR_FILE: "m/one.sqlite" });
    assert.equal(relative.searchMirrorFile, join(DATA, "m/one.sqlite"));
    const inMemory = loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_URL: url, SEARCH_MIRROR_FILE: ":memory:" });
    assert.equal(inMemory.searchMirrorFile, ":memory:");
    assert.equal(semanticDatabaseFile(inMemory), null, "an in-memory mirror builds in the process");
  });

  it("reads DATABASE_POOL_SIZE, a whole number from 1 to 100, 10 when unset", () => {
    assert.equal(loadConfig({ PAPERBOY_DATA_DIR: DATA }).databasePoolSize, 10);
    for (const size of ["1", "25", "100"]) {
      assert.equal(loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_POOL_SIZE: size }).databasePoolSize, Number(size));
    }
    for (const size of ["0", "101", "-3", "2.5", "ten", "1e2"]) {
      assert.deepEqual(problemsOf({ DATABASE_POOL_SIZE: size }), [
        `DATABASE_POOL_SIZE="${size}": expected a whole number from 1 to 100`,
      ]);
    }
  });

  it("reads SEARCH_LIST_CACHE_MB, 16 to 65,536 MiB, 256 when unset", () => {
    assert.equal(loadConfig({ PAPERBOY_DATA_DIR: DATA }).searchListCacheBytes, 256 * 2 ** 20);
    assert.equal(loadConfig({ PAPERBOY_DATA_DIR: DATA, SEARCH_LIST_CACHE_MB: "1024" }).searchListCacheBytes, 2 ** 30);
    for (const size of ["0", "15", "65537", "1.5", "lots"]) {
      assert.deepEqual(problemsOf({ SEARCH_LIST_CACHE_MB: size }), [
        `SEARCH_LIST_CACHE_MB="${size}": expected a whole number from 16 to 65536`,
      ]);
    }
  });

  it("will not let createApp fall back to SQLite silently when DATABASE_URL is set", () => {
    const config = loadConfig({ PAPERBOY_DATA_DIR: DATA, DATABASE_URL: "postgres://db.internal/paperboy" });
    assert.throws(
      () => createApp(config, { logger: createLogger("silent") }),
      /DATABASE_URL is set: open the app with openApp/,
    );
  });

  it("opens the SQLite file and its migrator when DATABASE_URL is unset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paperboy-open-storage-"));
    try {
      const config = loadConfig({ PAPERBOY_DATA_DIR: dir });
      const storage = await openStorage(config);
      assert.equal(await storage.papers.countPapers(), 0);
      await storage.close();
      assert.ok(existsSync(join(dir, "paperboy.sqlite")));
      const migrator = openMigrator(config);
      const status = await migrator.status();
      await migrator.close();
      assert.ok(status.length > 0 && status.every((m) => m.appliedAt !== null));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
