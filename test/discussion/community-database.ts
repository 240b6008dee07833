import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "../../src/core/accounts/ports.js";
import type { DiscussionActor } from "../../src/core/discussion/discussion-service.js";
import { readPaperRecord } from "../../src/core/papers/paper-record.js";
import { createSqliteUserStore } from "../../src/adapters/storage/sqlite/sqlite-account-user-store.js";
import { createSqliteCommunityStore } from "../../src/adapters/storage/sqlite/sqlite-community-store.js";
import { type SqliteDatabase, openSqliteDatabase } from "../../src/adapters/storage/sqlite/sqlite-database.js";
import { applySqliteMigrations } from "../../src/adapters/storage/sqlite/sqlite-migrations.js";
import { createSqlitePaperStore } from "../../src/adapters/storage/sqlite/sqlite-paper-store.js";

/**
 * A migrated database in a temporary folder (a real file, in WAL mode, as in production),
 * with the stores the discussion tests use. `close()` removes the folder.
 */
export function openCommunityDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-community-"));
  const file = join(dir, "paperboy.db");
  const db = openSqliteDatabase(file);
  applySqliteMigrations(db);
  return {
    file,
    db,
    community: createSqliteCommunityStore(db),
    papers: createSqlitePaperStore(db),
    users: createSqliteUserStore(db),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addPaper(
  papers: ReturnType<typeof createSqlitePaperStore>,
  id: string,
  overrides: Record<string, unknown> = {},
): Promise<void> {
  const record = readPaperRecord(
    {
      id,
      title: `Paper ${id}`,
      abstract: "Abstract",
      authors: ["Ada Lovelace"],
      categories: ["cs.LG"],
      published: "2026-11-20",
      updated: "2026-11-20",
      ...overrides,
    },
    "2026-11-20",
  );
  await papers.importPapers([record]);
}

export async function addUser(
  users: ReturnType<typeof createSqliteUserStore>,
  handle: string,
  role: Role = "user",
): Promise<DiscussionActor> {
  const user = await users.insert({
    email: `${handle}@example.org`,
    handle,
    displayName: handle.toUpperCase(),
    passwordHash: "unused",
    role,
    emailVerifiedAt: "2026-11-01T00:00:00.000Z",
    createdAt: "2026-11-01T00:00:00.000Z",
  });
  if (!user) throw new Error(`user ${handle} exists`);
  return { userId: user.id, handle, role, emailVerified: true, suspended: false };
}

/** Inserts users by SQL in one transaction (the concurrency test needs a hundred). */
export function addUsersQuickly(db: SqliteDatabase, count: number): number[] {
  const insert = db.prepare<[string, string], { id: number }>(
    `INSERT INTO users (email, handle, display_name, password_hash, created_at, updated_at)
     VALUES (?, ?, 'Voter', 'unused', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z') RETURNING id`,
  );
  return db.transaction(() => Array.from({ length: count }, (_, i) => insert.get(`v${i}@example.org`, `v${i}`)!.id))();
}
