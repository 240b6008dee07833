import type { Role, UserAdminStore } from "../../../core/accounts/ports.js";
import type { PostgresPool } from "./postgres-pool.js";
import { USER_COLUMNS, type UserRow, toUser } from "./postgres-account-user-store.js";

// strpos() over lower(): a plain substring test, so "%" and "_" in a search mean themselves.
const MATCHES = "($1 = '' OR strpos(lower(handle), $1) > 0 OR strpos(lower(email), $1) > 0)";
const SEARCH = `SELECT ${USER_COLUMNS} FROM users WHERE ${MATCHES} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`;
const COUNT = `SELECT count(*) AS n FROM users WHERE ${MATCHES}`;

// One statement, but unlike SQLite's, whose writers take turns, it must lock to be safe: two
// admins demoting each other at once would each still see the other as an admin in their own
// snapshot. So the statement first locks every admin who is not suspended, in id order (one
// order for everyone: no deadlock), and FOR UPDATE re-reads a row another transaction changed
// meanwhile, so the count sees a demotion that committed while this one waited.
// count(*), not EXISTS: EXISTS would stop reading, and locking, at the first admin.
// @see https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
const SET_ROLE_KEEPING_AN_ADMIN = `
  WITH active_admins AS MATERIALIZED (
    SELECT id FROM users WHERE role = 'admin' AND suspended_at IS NULL ORDER BY id FOR UPDATE
  )
  UPDATE users SET role = $2, updated_at = $3
  WHERE id = $1
    AND ($2 = 'admin' OR role <> 'admin' OR (SELECT count(*) FROM active_admins WHERE id <> $1) > 0)`;

/** The user list of the admin pages, and role changes that keep an admin. */
export function createPostgresUserAdminStore(pool: PostgresPool): UserAdminStore {
  return {
    async search({ query, offset, limit }) {
      const q = query.trim().toLowerCase();
      const [page, count] = await Promise.all([
        pool.query<UserRow>(SEARCH, [q, limit, offset]),
        pool.query<{ n: number }>(COUNT, [q]),
      ]);
      return { items: page.rows.map(toUser), total: count.rows[0]!.n };
    },
    async updateRoleKeepingAnAdmin(id: number, role: Role, now: string) {
      if ((await pool.query(SET_ROLE_KEEPING_AN_ADMIN, [id, role, now])).rowCount === 1) return "updated";
      const { rows } = await pool.query("SELECT 1 FROM users WHERE id = $1", [id]);
      return rows.length > 0 ? "last-admin" : "not-found";
    },
  };
}
