import type { NewUser, Role, User, UserStore } from "../../../core/accounts/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

/** A `users` row; times already ISO strings (postgres-pool.ts). */
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

/** SQLSTATE of a unique-key violation. @see https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = "23505";

// No conflict target: a taken email and a taken handle both mean "not inserted".
const INSERT = `INSERT INTO users (email, handle, display_name, password_hash, role, email_verified_at, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
  ON CONFLICT DO NOTHING
  RETURNING ${USER_COLUMNS}`;

// The NOT EXISTS answers the common case without an error; the unique key decides a race.
const UPDATE_EMAIL = `UPDATE users SET email = $2, email_verified_at = $3, updated_at = $4
  WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users other WHERE other.email = $2 AND other.id <> $1)`;

export function createPostgresUserStore(pool: PostgresPool): UserStore {
  const findOne = async (where: string, value: string | number) => {
    const { rows } = await pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE ${where} = $1`, [value]);
    return rows[0] ? toUser(rows[0]) : null;
  };
  const run = async (sql: string, params: unknown[]) => {
    await pool.query(sql, params);
  };
  return {
    async insert(user: NewUser) {
      const { rows } = await pool.query<UserRow>(INSERT, [
        user.email,
        user.handle,
        user.displayName,
        user.passwordHash,
        user.role,
        user.emailVerifiedAt,
        user.createdAt,
      ]);
      return rows[0] ? toUser(rows[0]) : null;
    },
    findById: (id) => findOne("id", id),
    findByEmail: (email) => findOne("email", email),
    findByHandle: (handle) => findOne("handle", handle),
    async updateEmail(id, email, verifiedAt, now) {
      try {
        return (await pool.query(UPDATE_EMAIL, [id, email, verifiedAt, now])).rowCount === 1;
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
        throw error;
      }
    },
    updatePassword: (id, passwordHash, now) =>
      run("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1", [id, passwordHash, now]),
    // Only the address the link was sent to, and only once: a stale link cannot verify a newer address.
    markEmailVerified: (id, email, now) =>
      run(
        `UPDATE users SET email_verified_at = $3, updated_at = $3
         WHERE id = $1 AND email = $2 AND email_verified_at IS NULL`,
        [id, email, now],
      ),
    updateDisplayName: (id, displayName, now) =>
      run("UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1", [id, displayName, now]),
    updateRole: (id, role, now) => run("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1", [id, role, now]),
    setSuspended: (id, suspendedAt, now) =>
      run("UPDATE users SET suspended_at = $2, updated_at = $3 WHERE id = $1", [id, suspendedAt, now]),
    // Sessions, API tokens and email links go with the user (ON DELETE CASCADE).
    delete: (id) => run("DELETE FROM users WHERE id = $1", [id]),
    async findProfileSettings(id) {
      const { rows } = await pool.query<{ show_upvotes: boolean }>("SELECT show_upvotes FROM users WHERE id = $1", [
        id,
      ]);
      return rows[0] ? { showUpvotes: rows[0].show_upvotes } : null;
    },
    updateProfileSettings: (id, settings, now) =>
      run("UPDATE users SET show_upvotes = $2, updated_at = $3 WHERE id = $1", [id, settings.showUpvotes, now]),
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
