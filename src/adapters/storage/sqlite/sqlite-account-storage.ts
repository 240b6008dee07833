import { randomBytes } from "node:crypto";
import type { AccountStorage, ThrottleState, ThrottleStore } from "../../../core/accounts/ports.js";
import { createSqliteUserStore } from "./sqlite-account-user-store.js";
import { createSqliteUserAdminStore } from "./sqlite-user-admin-store.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqliteSessionStore } from "./sqlite-session-store.js";
import { createSqliteApiTokenStore, createSqliteEmailTokenStore } from "./sqlite-token-store.js";

/** Bytes of each stored random key (HMAC-SHA-256 wants at least its 32-byte output). */
const SECRET_BYTES = 32;

interface ThrottleRow {
  hits: number;
  first_hit_at: string;
  last_hit_at: string;
  blocked_until: string | null;
}

export function createSqliteAccountStorage(db: SqliteDatabase): AccountStorage {
  const readSecret = db.prepare<[string], { secret: string }>("SELECT secret FROM auth_secrets WHERE name = ?");
  const insertSecret = db.prepare(
    "INSERT INTO auth_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
  );
  return {
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    apiTokens: createSqliteApiTokenStore(db),
    emailTokens: createSqliteEmailTokenStore(db),
    throttle: createSqliteThrottleStore(db),
    userAdmin: createSqliteUserAdminStore(db),
    async secret(name) {
      // Another process may insert first; whichever row exists is the key.
      insertSecret.run(name, randomBytes(SECRET_BYTES).toString("hex"), new Date().toISOString());
      return Buffer.from(readSecret.get(name)!.secret, "hex");
    },
  };
}

function createSqliteThrottleStore(db: SqliteDatabase): ThrottleStore {
  const read = db.prepare<[string], ThrottleRow>(
    "SELECT hits, first_hit_at, last_hit_at, blocked_until FROM auth_throttle WHERE key = ?",
  );
  const write = db.prepare(
    `INSERT INTO auth_throttle (key, hits, first_hit_at, last_hit_at, blocked_until) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET hits = excluded.hits, first_hit_at = excluded.first_hit_at,
       last_hit_at = excluded.last_hit_at, blocked_until = excluded.blocked_until`,
  );
  const clear = db.prepare("DELETE FROM auth_throttle WHERE key = ?");
  const forget = db.prepare("DELETE FROM auth_throttle WHERE last_hit_at < ?");
  const readState = (key: string): ThrottleState | null => {
    const row = read.get(key);
    return row
      ? { hits: row.hits, firstHitAt: row.first_hit_at, lastHitAt: row.last_hit_at, blockedUntil: row.blocked_until }
      : null;
  };
  // IMMEDIATE takes the write lock before reading, so two processes cannot both count from the same value.
  const update = db.transaction((key: string, change: (state: ThrottleState | null) => ThrottleState) => {
    const next = change(readState(key));
    write.run(key, next.hits, next.firstHitAt, next.lastHitAt, next.blockedUntil);
    return next;
  });
  return {
    read: async (key) => readState(key),
    update: async (key, change) => update.immediate(key, change),
    async clear(key) {
      clear.run(key);
    },
    deleteIdleSince: async (cutoff) => forget.run(cutoff).changes,
  };
}
