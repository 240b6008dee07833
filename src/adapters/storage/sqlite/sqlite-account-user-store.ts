import type { NewUser, Role, User, UserStore } from "../../../core/accounts/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

export interface UserRow {
  id: number;
  email: string;
  handle: string;
  display_name: string;
  password_hash: string;
  role: Role;
  email_verified_at: string | null;
  suspended_at: string | null;
  created_at: string;
}

export const USER_COLUMNS =
  "id, email, handle, display_name, password_hash, role, email_verified_at, suspended_at, created_at";

export function createSqliteUserStore(db: SqliteDatabase): UserStore {
  const insert = db.prepare<[string, string, string, string, string, string | null, string, string], UserRow>(
    `INSERT INTO users (email, handle, display_name, password_hash, role, email_verified_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING
     RETURNING ${USER_COLUMNS}`,
  );
  const byId = db.prepare<[number], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  const byEmail = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`);
  const byHandle = db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE handle = ?`);
  const setEmail = db.prepare(
    `UPDATE users SET email = ?, email_verified_at = ?, updated_at = ?
     WHERE id = ? AND NOT EXISTS (SELECT 1 FROM users other WHERE other.email = ? AND other.id <> ?)`,
  );
  const setPassword = db.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
  const setVerified = db.prepare(
    "UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ? AND email = ? AND email_verified_at IS NULL",
  );
  const setDisplayName = db.prepare("UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?");
  const setRole = db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?");
  const setSuspended = db.prepare("UPDATE users SET suspended_at = ?, updated_at = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM users WHERE id = ?");
  const profileSettings = db.prepare<[number], { show_upvotes: number }>("SELECT show_upvotes FROM users WHERE id = ?");
  const setProfileSettings = db.prepare("UPDATE users SET show_upvotes = ?, updated_at = ? WHERE id = ?");
  const find = (row: UserRow | undefined) => (row ? toUser(row) : null);
  return {
    async insert(user: NewUser) {
      const row = insert.get(
        user.email,
        user.handle,
        user.displayName,
        user.passwordHash,
        user.role,
        user.emailVerifiedAt,
        user.createdAt,
        user.createdAt,
      );
      return find(row);
    },
    findById: async (id) => find(byId.get(id)),
    findByEmail: async (email) => find(byEmail.get(email)),
    findByHandle: async (handle) => find(byHandle.get(handle)),
    async updateEmail(id, email, verifiedAt, now) {
      try {
        return setEmail.run(email, verifiedAt, now, id, email, id).changes === 1;
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") return false;
        throw error;
      }
    },
    async updatePassword(id, passwordHash, now) {
      setPassword.run(passwordHash, now, id);
    },
    async markEmailVerified(id, email, now) {
      setVerified.run(now, now, id, email);
    },
    async updateDisplayName(id, displayName, now) {
      setDisplayName.run(displayName, now, id);
    },
    async updateRole(id, role, now) {
      setRole.run(role, now, id);
    },
    async setSuspended(id, suspendedAt, now) {
      setSuspended.run(suspendedAt, now, id);
    },
    async delete(id) {
      remove.run(id);
    },
    async findProfileSettings(id) {
      const row = profileSettings.get(id);
      return row ? { showUpvotes: row.show_upvotes === 1 } : null;
    },
    async updateProfileSettings(id, settings, now) {
      setProfileSettings.run(settings.showUpvotes ? 1 : 0, now, id);
    },
  };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    handle: row.handle,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    role: row.role,
    emailVerifiedAt: row.email_verified_at,
    suspendedAt: row.suspended_at,
    createdAt: row.created_at,
  };
}
