import type { Session, SessionStore } from "../../../core/accounts/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

interface SessionRow {
  id: number;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
  ip: string;
}

const SESSION_COLUMNS = "id, user_id, created_at, last_seen_at, expires_at, user_agent, ip";

/** Server-side sessions; only the SHA-256 of each session id is stored. */
export function createPostgresSessionStore(pool: PostgresPool): SessionStore {
  return {
    async insert(session) {
      const { rows } = await pool.query<SessionRow>(
        `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SESSION_COLUMNS}`,
        [
          session.userId,
          session.tokenHash,
          session.createdAt,
          session.lastSeenAt,
          session.expiresAt,
          session.userAgent,
          session.ip,
        ],
      );
      return toSession(rows[0]!);
    },
    async findByTokenHash(tokenHash) {
      const { rows } = await pool.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`, [
        tokenHash,
      ]);
      return rows[0] ? toSession(rows[0]) : null;
    },
    async touch(id, lastSeenAt, ip, userAgent) {
      await pool.query("UPDATE sessions SET last_seen_at = $2, ip = $3, user_agent = $4 WHERE id = $1", [
        id,
        lastSeenAt,
        ip,
        userAgent,
      ]);
    },
    async listForUser(userId) {
      const { rows } = await pool.query<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC, id DESC`,
        [userId],
      );
      return rows.map(toSession);
    },
    async delete(userId, id) {
      const result = await pool.query("DELETE FROM sessions WHERE user_id = $1 AND id = $2", [userId, id]);
      return result.rowCount === 1;
    },
    async deleteByTokenHash(tokenHash) {
      await pool.query("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
    },
    async deleteAllForUser(userId, keepId) {
      // IS DISTINCT FROM: with keepId null no id is kept, where `id <> NULL` would match none.
      await pool.query("DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2::bigint", [userId, keepId]);
    },
    async deleteExpired(idleCutoff, now) {
      const result = await pool.query("DELETE FROM sessions WHERE last_seen_at <= $1 OR expires_at <= $2", [
        idleCutoff,
        now,
      ]);
      return result.rowCount ?? 0;
    },
  };
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
  };
}
