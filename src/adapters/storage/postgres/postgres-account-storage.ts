import { randomBytes } from "node:crypto";
import type { AccountStorage } from "../../../core/accounts/ports.js";
import { createPostgresSessionStore } from "./postgres-account-session-store.js";
import { createPostgresThrottleStore } from "./postgres-account-throttle-store.js";
import { createPostgresApiTokenStore, createPostgresEmailTokenStore } from "./postgres-account-token-store.js";
import { createPostgresUserAdminStore } from "./postgres-account-user-admin-store.js";
import { createPostgresUserStore } from "./postgres-account-user-store.js";
import type { PostgresPool } from "./postgres-pool.js";

/** Bytes of each stored random key (HMAC-SHA-256 wants at least its 32-byte output). */
const SECRET_BYTES = 32;

/** Users, sessions, API tokens, email links, throttle counts and shared keys (migrations/postgres/003_accounts.sql). */
export function createPostgresAccountStorage(pool: PostgresPool): AccountStorage {
  return {
    users: createPostgresUserStore(pool),
    sessions: createPostgresSessionStore(pool),
    apiTokens: createPostgresApiTokenStore(pool),
    emailTokens: createPostgresEmailTokenStore(pool),
    throttle: createPostgresThrottleStore(pool),
    userAdmin: createPostgresUserAdminStore(pool),
    async secret(name) {
      // Another process may insert first; whichever row exists is the key. Two statements: the
      // read must see a row committed after the insert's snapshot was taken.
      await pool.query(
        "INSERT INTO auth_secrets (name, secret, created_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO NOTHING",
        [name, randomBytes(SECRET_BYTES)],
      );
      const { rows } = await pool.query<{ secret: Buffer }>("SELECT secret FROM auth_secrets WHERE name = $1", [name]);
      return rows[0]!.secret;
    },
  };
}
