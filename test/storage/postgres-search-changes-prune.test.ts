// Pruning PostgreSQL's search change log (search-changes-pruner.ts) against a real server:
// only what every live mirror applied goes, recent changes stay, and a mirror that was away
// longer than the retention window copies again instead of skipping what was pruned.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import type pg from "pg";
import { createPostgresPool } from "../../src/adapters/storage/postgres/postgres-pool.js";
import { openPostgresStorage } from "../../src/adapters/storage/postgres/postgres-storage.js";
import { pruneSearchChanges } from "../../src/adapters/storage/postgres/search/search-changes-pruner.js";
import {
  openSearchMirror,
  readMirrorId,
  readMirrorState,
  writeMirrorState,
} from "../../src/adapters/storage/postgres/search/search-mirror-database.js";
import { createSearchMirrorFollower } from "../../src/adapters/storage/postgres/search/search-mirror-follower.js";
import { openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { searchChangesPruneJob } from "../../src/delivery/jobs/tasks/search-changes-prune.task.js";
import { createLogger } from "../../src/lib/logger.js";
import { startTestPostgres } from "../helpers/postgres.js";

const server = await startTestPostgres();
const dir = mkdtempSync(join(tmpdir(), "paperboy-prune-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const mirrorFile = () => join(dir, `mirror-${++files}.sqlite`);
const QUIET = { LOG_LEVEL: "silent", PAPERBOY_EMBEDDER: "off" };

const INSERT = `INSERT INTO papers (id, version, title, abstract, authors, categories, published_at, updated_at, imported_at)
  VALUES ($1, 1, $2, 'An abstract.', '{Ada Lovelace}', '{cs.LG}', '2026-06-01', '2026-06-01', now())`;

/** A migrated, empty database and a pool on it. */
async function database(t: TestContext): Promise<pg.Pool> {
  const url = await server!.createDatabase();
  const storage = await openPostgresStorage(url, { searchMirrorFile: ":memory:" });
  await storage.close();
  const pool = createPostgresPool(url);
  t.after(() => pool.end());
  return pool;
}

/** A follower over its own mirror file that registers its cursor after every catch-up. */
function follower(t: TestContext, pool: pg.Pool, file = mirrorFile()) {
  const db = openSearchMirror(file);
  t.after(() => db.close());
  const titles = () =>
    db
      .prepare<[], { title: string }>("SELECT title FROM papers ORDER BY title")
      .all()
      .map((row) => row.title);
  const cursor = () => {
    const state = readMirrorState(db)!;
    return { txid: state.cursorTxid, change: state.cursorChange };
  };
  return { ...createSearchMirrorFollower(pool, db, { registerEveryMs: 0 }), titles, cursor, id: readMirrorId(db) };
}

/** Makes every change row written so far older than the floor (an hour by default). */
const ageChanges = (pool: pg.Pool) =>
  pool.query("UPDATE search_changes SET written_at = written_at - interval '2 hours'");

/** The papers' ids of the change rows still in the log, in follow order. */
async function loggedIds(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT coalesce(p.id, 'gone:' || c.seq) AS id FROM search_changes c LEFT JOIN papers p ON p.seq = c.seq
     ORDER BY c.txid, c.change_id`,
  );
  return rows.map((row) => row.id);
}

async function prunedMark(pool: pg.Pool): Promise<{ txid: string; change: number } | null> {
  const { rows } = await pool.query<{ txid: string; change: number }>(
    "SELECT through_txid::text AS txid, through_change AS change FROM search_pruned WHERE id = 1",
  );
  return rows[0] ?? null;
}

describe("pruning the PostgreSQL search change log", { skip: server === null, timeout: 120_000 }, () => {
  it("records each mirror's cursor, and deletes only the changes both of two mirrors applied", async (t) => {
    const pool = await database(t);
    const ahead = follower(t, pool);
    const behind = follower(t, pool);
    assert.deepEqual(await ahead.catchUp(), { copied: 0, applied: 0 });
    assert.deepEqual(await behind.catchUp(), { copied: 0, applied: 0 });
    for (const n of [1, 2, 3]) await pool.query(INSERT, [`2601.0000${n}`, `Paper ${n}`]);
    assert.deepEqual(await ahead.catchUp(), { copied: 0, applied: 3 });
    assert.deepEqual(await behind.catchUp(), { copied: 0, applied: 3 });
    for (const n of [4, 5]) await pool.query(INSERT, [`2601.0000${n}`, `Paper ${n}`]);
    assert.deepEqual(await ahead.catchUp(), { copied: 0, applied: 2 });
    const registered = await pool.query<{ mirror_id: string; txid: string; change: number }>(
      "SELECT mirror_id, cursor_txid::text AS txid, cursor_change AS change FROM search_followers ORDER BY cursor_change",
    );
    assert.deepEqual(registered.rows, [
      { mirror_id: behind.id, ...behind.cursor() },
      { mirror_id: ahead.id, ...ahead.cursor() },
    ]);
    await ageChanges(pool);

    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 3, followers: 2 });
    assert.deepEqual(await loggedIds(pool), ["2601.00004", "2601.00005"], "what `behind` has not applied stays");
    assert.deepEqual(await prunedMark(pool), behind.cursor());
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 0, followers: 2 }, "a second run changes nothing");

    assert.deepEqual(await behind.catchUp(), { copied: 0, applied: 2 }, "`behind` follows on without copying");
    assert.deepEqual(behind.titles(), ["Paper 1", "Paper 2", "Paper 3", "Paper 4", "Paper 5"]);
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 2, followers: 2 });
    assert.deepEqual(await loggedIds(pool), []);
    assert.deepEqual(await ahead.catchUp(), { copied: 0, applied: 0 }, "a mirror at the mark is not copied again");
  });

  it("prunes past a mirror away longer than the retention window, which then copies again", async (t) => {
    const pool = await database(t);
    const present = follower(t, pool);
    const away = follower(t, pool);
    await present.catchUp();
    await away.catchUp();
    for (const n of [1, 2, 3, 4]) await pool.query(INSERT, [`2601.0000${n}`, `Paper ${n}`]);
    await present.catchUp();
    assert.deepEqual(await away.catchUp(), { copied: 0, applied: 4 });
    // While `away` is away: a title changes, a paper is deleted, one is added.
    await pool.query("UPDATE papers SET title = 'Paper 2, revised' WHERE id = '2601.00002'");
    await pool.query("DELETE FROM papers WHERE id = '2601.00003'");
    await pool.query(INSERT, ["2601.00005", "Paper 5"]);
    assert.deepEqual(await present.catchUp(), { copied: 0, applied: 3 });
    await ageChanges(pool);

    await pool.query("UPDATE search_followers SET seen_at = now() - interval '6 days' WHERE mirror_id = $1", [away.id]);
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 4, followers: 2 }, "six days away: still waited for");
    assert.deepEqual(await loggedIds(pool), ["2601.00002", "gone:3", "2601.00005"]);

    await pool.query("UPDATE search_followers SET seen_at = now() - interval '8 days' WHERE mirror_id = $1", [away.id]);
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 3, followers: 1 }, "eight days away: gone");
    assert.deepEqual(await loggedIds(pool), []);
    assert.ok(BigInt((await prunedMark(pool))!.txid) > BigInt(away.cursor().txid), "the mark is past its cursor");

    assert.deepEqual(away.titles(), ["Paper 1", "Paper 2", "Paper 3", "Paper 4"], "stale until it catches up");
    assert.deepEqual(await away.catchUp(), { copied: 4, applied: 0 }, "it copies the papers again");
    assert.deepEqual(away.titles(), ["Paper 1", "Paper 2, revised", "Paper 4", "Paper 5"]);
    assert.deepEqual(away.titles(), present.titles());
    const seen = await pool.query<{ recent: boolean }>(
      "SELECT seen_at > now() - interval '1 minute' AS recent FROM search_followers WHERE mirror_id = $1",
      [away.id],
    );
    assert.deepEqual(seen.rows, [{ recent: true }], "registered again");

    await pool.query(INSERT, ["2601.00006", "Paper 6"]);
    assert.deepEqual(await away.catchUp(), { copied: 0, applied: 1 }, "then follows changes as before");
    assert.deepEqual(await away.catchUp(), { copied: 0, applied: 0 });
  });

  it("keeps changes written within the floor, whatever the cursors, and with no mirror at all", async (t) => {
    const pool = await database(t);
    const mirror = follower(t, pool);
    assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 0 });
    for (const n of [1, 2]) await pool.query(INSERT, [`2601.0000${n}`, `Paper ${n}`]);
    await ageChanges(pool);
    for (const n of [3, 4]) await pool.query(INSERT, [`2601.0000${n}`, `Paper ${n}`]);
    assert.deepEqual(await mirror.catchUp(), { copied: 0, applied: 4 });
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 2, followers: 1 });
    assert.deepEqual(await loggedIds(pool), ["2601.00003", "2601.00004"], "the last hour stays");
    assert.deepEqual(await pruneSearchChanges(pool, { floorMs: 0 }), { pruned: 2, followers: 1 });

    // No mirror seen in the window: nothing holds pruning back but the floor.
    await pool.query("UPDATE search_followers SET seen_at = now() - interval '30 days'");
    await pool.query(INSERT, ["2601.00005", "Paper 5"]);
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 0, followers: 0 });
    await ageChanges(pool);
    assert.deepEqual(await pruneSearchChanges(pool), { pruned: 1, followers: 0 });
    assert.deepEqual(await mirror.catchUp(), { copied: 5, applied: 0 });
  });

  it("gives a mirror file one id for good, also a file made before ids existed", (t) => {
    const file = mirrorFile();
    let db = openSearchMirror(file);
    const id = readMirrorId(db);
    const state = { source: "1/some-epoch", copyAfterSeq: null, cursorTxid: "812", cursorChange: 40 };
    writeMirrorState(db, state);
    db.close();
    db = openSearchMirror(file);
    assert.equal(readMirrorId(db), id);
    db.exec("DROP TABLE search_mirror_identity"); // as a mirror file from before
    db.close();
    db = openSearchMirror(file);
    t.after(() => db.close());
    assert.match(readMirrorId(db), /^[0-9a-f-]{36}$/);
    assert.notEqual(readMirrorId(db), id);
    assert.deepEqual(readMirrorState(db), state, "its copy and cursor are kept");
  });

  it("runs as the search-changes-prune job on PostgreSQL, and does nothing on SQLite", async (t) => {
    const url = await server!.createDatabase();
    const signal = new AbortController().signal;
    const logger = createLogger("silent");
    const env = { DATABASE_URL: url, PAPERBOY_DATA_DIR: dir, SEARCH_MIRROR_FILE: ":memory:", ...QUIET };
    const app = await openApp(loadConfig(env), { logger });
    t.after(() => app.close());
    const pool = createPostgresPool(url);
    t.after(() => pool.end());
    await pool.query(INSERT, ["2601.00001", "Paper 1"]);
    await app.storage.keywordIndex.acceleratorsStale(); // a catch-up, which registers the mirror
    await ageChanges(pool);
    const context = { app, slot: "2026-11-27", attempt: 1, signal };
    assert.deepEqual(await searchChangesPruneJob.run(context), { pruned: 1, followers: 1 });
    assert.deepEqual(await loggedIds(pool), []);

    const sqliteDir = mkdtempSync(join(dir, "sqlite-"));
    const sqlite = await openApp(loadConfig({ PAPERBOY_DATA_DIR: sqliteDir, ...QUIET }), { logger });
    t.after(() => sqlite.close());
    assert.deepEqual(await searchChangesPruneJob.run({ ...context, app: sqlite }), { pruned: 0 });
  });
});
