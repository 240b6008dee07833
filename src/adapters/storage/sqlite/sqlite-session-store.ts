import type { Session, SessionStore } from "../../../core/accounts/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

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

export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  const insert = db.prepare<[number, string, string, string, string, string, string], SessionRow>(
    `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${SESSION_COLUMNS}`,
  );
  const byHash = db.prepare<[string], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`);
  const touch = db.prepare("UPDATE sessions SET last_seen_at = ?, ip = ?, user_agent = ? WHERE id = ?");
  const forUser = db.prepare<[number], SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC, id DESC`,
  );
  const removeOwn = db.prepare("DELETE FROM sessions WHERE user_id = ? AND id = ?");
  const removeByHash = db.prepare("DELETE FROM sessions WHERE token_hash = ?");
  const removeAllBut = db.prepare("DELETE FROM sessions WHERE user_id = ? AND (? IS NULL OR id <> ?)");
  const removeExpired = db.prepare("DELETE FROM sessions WHERE last_seen_at <= ? OR expires_at <= ?");
  return {
    async insert(session) {
      const row = insert.get(
        session.userId,
        session.tokenHash,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
        session.userAgent,
        session.ip,
      );
      return toSession(row!);
    },
    async findByTokenHash(tokenHash) {
      const row = byHash.get(tokenHash);
      return row ? toSession(row) : null;
    },
    async touch(id, lastSeenAt, ip, userAgent) {
      touch.run(lastSeenAt, ip, userAgent, id);
    },
    listForUser: async (userId) => forUser.all(userId).map(toSession),
    delete: async (userId, id) => removeOwn.run(userId, id).changes === 1,
    async deleteByTokenHash(tokenHash) {
      removeByHash.run(tokenHash);
    },
    async deleteAllForUser(userId, keepId) {
      removeAllBut.run(userId, keepId, keepId);
    },
    deleteExpired: async (idleCutoff, now) => removeExpired.run(idleCutoff, now).changes,
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
