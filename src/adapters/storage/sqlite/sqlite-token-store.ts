import type { ApiToken, ApiTokenStore, EmailToken, EmailTokenStore } from "../../../core/accounts/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

interface EmailTokenRow {
  id: number;
  user_id: number;
  purpose: EmailToken["purpose"];
  email: string;
  expires_at: string;
}

const API_TOKEN_COLUMNS = "id, user_id, name, created_at, last_used_at";

/** Personal API tokens; only the SHA-256 of each token is stored. */
export function createSqliteApiTokenStore(db: SqliteDatabase): ApiTokenStore {
  const insert = db.prepare<[number, string, string, string], ApiTokenRow>(
    `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING ${API_TOKEN_COLUMNS}`,
  );
  const byHash = db.prepare<[string], ApiTokenRow>(`SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?`);
  const markUsed = db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  const forUser = db.prepare<[number], ApiTokenRow>(
    `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
  );
  const remove = db.prepare("DELETE FROM api_tokens WHERE user_id = ? AND id = ?");
  return {
    insert: async (t) => toApiToken(insert.get(t.userId, t.name, t.tokenHash, t.createdAt)!),
    async findByTokenHash(tokenHash) {
      const row = byHash.get(tokenHash);
      return row ? toApiToken(row) : null;
    },
    async markUsed(id, at) {
      markUsed.run(at, id);
    },
    listForUser: async (userId) => forUser.all(userId).map(toApiToken),
    delete: async (userId, id) => remove.run(userId, id).changes === 1,
  };
}

/** Single-use links sent by mail; only the SHA-256 of each link's secret is stored. */
export function createSqliteEmailTokenStore(db: SqliteDatabase): EmailTokenStore {
  const insert = db.prepare(
    `INSERT INTO email_tokens (user_id, purpose, token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const usable = db.prepare<[string, string], EmailTokenRow>(
    `SELECT id, user_id, purpose, email, expires_at FROM email_tokens
     WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
  );
  const consume = db.prepare("UPDATE email_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL");
  const retire = db.prepare(
    "UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
  );
  const removeExpired = db.prepare("DELETE FROM email_tokens WHERE expires_at < ?");
  return {
    async insert(t) {
      insert.run(t.userId, t.purpose, t.tokenHash, t.email, t.createdAt, t.expiresAt);
    },
    async findUsable(tokenHash, now) {
      const row = usable.get(tokenHash, now);
      return row
        ? { id: row.id, userId: row.user_id, purpose: row.purpose, email: row.email, expiresAt: row.expires_at }
        : null;
    },
    consume: async (id, now) => consume.run(now, id).changes === 1,
    async retire(userId, purpose, now) {
      retire.run(now, userId, purpose);
    },
    deleteExpired: async (cutoff) => removeExpired.run(cutoff).changes,
  };
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
