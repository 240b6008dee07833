import type { Hono } from "hono";
import { ROLES, type User } from "../../core/accounts/ports.js";
import { canActAs } from "../../core/accounts/viewer.js";
import { USER_LIST_PAGE_SIZE, canSuspend } from "../../core/discussion/user-moderation.js";
import type { HttpEnv } from "../http/http-env.js";
import type { PageStatus } from "./layout.js";
import {
  type AdminContext,
  type AdminFlash,
  type AdminViewer,
  FlashNotice,
  failureStatus,
  readDoneFlash,
  sendAdminPage,
  withRole,
} from "./admin-access.js";
import { roleFormSchema, suspendFormSchema, userSearchQuerySchema } from "./admin-form-schemas.js";
import type { ModerationServices } from "../../app-moderation.js";
import { CsrfField, readForm } from "./account-forms.js";
import { Pagination } from "./pagination.js";

const DONE: Record<string, string> = {
  suspended: "Account suspended: it can read but no longer comment, vote or submit.",
  unsuspended: "Suspension lifted.",
  role: "Role changed.",
};

/** /admin/users: search accounts; moderators suspend, admins change roles. */
export function registerAdminUsersPage(http: Hono<HttpEnv>, services: ModerationServices): void {
  http.get("/admin/users", (c) => withRole(c, "moderator", (v) => showUsers(c, services, v, readDoneFlash(c, DONE))));
  for (const suspended of [true, false]) {
    const path = suspended ? "/admin/users/suspend" : "/admin/users/unsuspend";
    http.post(path, (c) =>
      withRole(c, "moderator", async (viewer) => {
        const form = await readForm(c, suspendFormSchema);
        if (!form.ok) return showUsers(c, services, viewer, { tone: "error", message: form.message }, 400);
        const { user_id, reason } = form.data;
        const outcome = await services.users.setSuspended(viewer, user_id, suspended, reason);
        if (!outcome.ok)
          return showUsers(c, services, viewer, errorFlash(outcome.error.message), failureStatus(outcome.error));
        return c.redirect(
          `/admin/users?q=${encodeURIComponent(outcome.value.handle)}&done=${suspended ? "suspended" : "unsuspended"}`,
          303,
        );
      }),
    );
  }
  http.post("/admin/users/role", (c) =>
    withRole(c, "admin", async (viewer) => {
      const form = await readForm(c, roleFormSchema);
      if (!form.ok) return showUsers(c, services, viewer, errorFlash(form.message), 400);
      const { user_id, role, reason } = form.data;
      const outcome = await services.users.setRole(viewer, user_id, role, reason);
      if (!outcome.ok)
        return showUsers(c, services, viewer, errorFlash(outcome.error.message), failureStatus(outcome.error));
      return c.redirect(`/admin/users?q=${encodeURIComponent(outcome.value.handle)}&done=role`, 303);
    }),
  );
}

const errorFlash = (message: string): AdminFlash => ({ tone: "error", message });

async function showUsers(
  c: AdminContext,
  services: ModerationServices,
  viewer: AdminViewer,
  flash?: AdminFlash,
  status: PageStatus = 200,
) {
  const { q, page } = userSearchQuerySchema.parse({ q: c.req.query("q"), page: c.req.query("page") });
  const found = await services.users.searchUsers(viewer, q, page);
  if (!found.ok) return sendAdminPage(c, "Users", <p>{found.error.message}</p>, failureStatus(found.error));
  const { items, total } = found.value;
  const token = c.get("csrf").token();
  const isAdmin = canActAs(viewer, "admin");
  return sendAdminPage(
    c,
    "Users",
    <>
      <h1>Users</h1>
      <FlashNotice flash={flash} />
      <form method="get" action="/admin/users" class="admin-inline-form" role="search">
        <label for="user-q">Handle or email contains</label>
        <input id="user-q" name="q" type="search" value={q} maxlength={200} />
        <button type="submit">Search</button>
      </form>
      <p>{`${total} account${total === 1 ? "" : "s"}${q ? ` matching "${q}"` : ""}.`}</p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">Handle</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((user) => (
            <UserRow user={user} viewer={viewer} isAdmin={isAdmin} token={token} />
          ))}
        </tbody>
      </table>
      <Pagination
        page={page}
        pages={Math.max(1, Math.ceil(total / USER_LIST_PAGE_SIZE))}
        hrefFor={(p) => `/admin/users?q=${encodeURIComponent(q)}&page=${p}`}
      />
    </>,
    status,
  );
}

function describeStatus(user: User): string {
  if (user.suspendedAt) return `suspended since ${user.suspendedAt.slice(0, 10)}`;
  return user.emailVerifiedAt ? "active" : "address not confirmed";
}

function UserRow({
  user,
  viewer,
  isAdmin,
  token,
}: {
  user: User;
  viewer: AdminViewer;
  isAdmin: boolean;
  token: string;
}) {
  const suspended = user.suspendedAt !== null;
  return (
    <tr>
      <th scope="row">@{user.handle}</th>
      <td>{user.email}</td>
      <td>{user.role}</td>
      <td>{describeStatus(user)}</td>
      <td>{user.createdAt.slice(0, 10)}</td>
      <td>
        {canSuspend(viewer, user) && (
          <form
            method="post"
            action={suspended ? "/admin/users/unsuspend" : "/admin/users/suspend"}
            class="admin-inline-form"
          >
            <CsrfField token={token} />
            <input type="hidden" name="user_id" value={String(user.id)} />
            <label for={`suspend-reason-${user.id}`}>Reason</label>
            <input id={`suspend-reason-${user.id}`} name="reason" required maxlength={500} />
            <button type="submit">{suspended ? "Lift suspension" : "Suspend"}</button>
          </form>
        )}
        {isAdmin && (
          <form method="post" action="/admin/users/role" class="admin-inline-form">
            <CsrfField token={token} />
            <input type="hidden" name="user_id" value={String(user.id)} />
            <label for={`role-${user.id}`}>Role</label>
            <select id={`role-${user.id}`} name="role">
              {ROLES.map((role) => (
                <option value={role} selected={role === user.role}>
                  {role}
                </option>
              ))}
            </select>
            <label for={`role-reason-${user.id}`}>Reason</label>
            <input id={`role-reason-${user.id}`} name="reason" required maxlength={500} />
            <button type="submit">Change role</button>
          </form>
        )}
      </td>
    </tr>
  );
}
