import type { ApiToken, ApiTokenStore, EmailToken, EmailTokenStore } from "../../../core/accounts/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

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
export function createPostgresApiTokenStore(pool: PostgresPool): ApiTokenStore {
  return {
    async insert(t) {
      const { rows } = await pool.query<ApiTokenRow>(
        `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)
         RETURNING ${API_TOKEN_COLUMNS}`,
        [t.userId, t.name, t.tokenHash, t.createdAt],
      );
      return toApiToken(rows[0]!);
    },
    async findByTokenHash(tokenHash) {
      const { rows } = await pool.query<ApiTokenRow>(
        `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`,
        [tokenHash],
      );
      return rows[0] ? toApiToken(rows[0]) : null;
    },
    async markUsed(id, at) {
      await pool.query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", [id, at]);
    },
    async listForUser(userId) {
      const { rows } = await pool.query<ApiTokenRow>(
        `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,
        [userId],
      );
      return rows.map(toApiToken);
    },
    async delete(userId, id) {
      const result = await pool.query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2", [userId, id]);
      return result.rowCount === 1;
    },
  };
}

/** Single-use links sent by mail; only the SHA-256 of each link's secret is stored. */
export function createPostgresEmailTokenStore(pool: PostgresPool): EmailTokenStore {
  return {
    async insert(t) {
      await pool.query(
        `INSERT INTO email_tokens (user_id, purpose, token_hash, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [t.userId, t.purpose, t.tokenHash, t.email, t.createdAt, t.expiresAt],
      );
    },
    async findUsable(tokenHash, now) {
      const { rows } = await pool.query<EmailTokenRow>(
        `SELECT id, user_id, purpose, email, expires_at FROM email_tokens
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
        [tokenHash, now],
      );
      const row = rows[0];
      return row
        ? { id: row.id, userId: row.user_id, purpose: row.purpose, email: row.email, expiresAt: row.expires_at }
        : null;
    },
    // The row lock makes the second of two concurrent consumers see used_at set and change nothing.
    async consume(id, now) {
      const result = await pool.query("UPDATE email_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL", [
        id,
        now,
      ]);
      return result.rowCount === 1;
    },
    async retire(userId, purpose, now) {
      await pool.query("UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL", [
        userId,
        purpose,
        now,
      ]);
    },
    async deleteExpired(cutoff) {
      return (await pool.query("DELETE FROM email_tokens WHERE expires_at < $1", [cutoff])).rowCount ?? 0;
    },
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
