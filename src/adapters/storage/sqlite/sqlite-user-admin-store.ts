import type { Role, UserAdminStore } from "../../../core/accounts/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { USER_COLUMNS, type UserRow, toUser } from "./sqlite-account-user-store.js";

/** The user list of the admin pages, and role changes that keep an admin. */
export function createSqliteUserAdminStore(db: SqliteDatabase): UserAdminStore {
  // instr() over lower(): a plain substring test, so "%" and "_" in a search mean themselves.
  const matches = "(@query = '' OR instr(lower(handle), @query) > 0 OR instr(lower(email), @query) > 0)";
  const search = db.prepare<{ query: string; limit: number; offset: number }, UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE ${matches} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<{ query: string }, { n: number }>(`SELECT count(*) AS n FROM users WHERE ${matches}`);
  // One statement: two admins demoting each other at once cannot both succeed.
  const setRole = db.prepare<{ id: number; role: Role; now: string }>(
    `UPDATE users SET role = @role, updated_at = @now
     WHERE id = @id AND (
       @role = 'admin' OR role <> 'admin'
       OR EXISTS (SELECT 1 FROM users other WHERE other.role = 'admin' AND other.suspended_at IS NULL AND other.id <> @id))`,
  );
  const exists = db.prepare<[number], { id: number }>("SELECT id FROM users WHERE id = ?");
  return {
    async search({ query, offset, limit }) {
      const q = query.trim().toLowerCase();
      return { items: search.all({ query: q, limit, offset }).map(toUser), total: count.get({ query: q })!.n };
    },
    async updateRoleKeepingAnAdmin(id, role, now) {
      if (setRole.run({ id, role, now }).changes === 1) return "updated";
      return exists.get(id) ? "last-admin" : "not-found";
    },
  };
}
