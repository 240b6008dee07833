import type { Hono } from "hono";
import type { App } from "../../app.js";
import { canActAs } from "../../core/accounts/viewer.js";
import type { HttpEnv } from "../http/http-env.js";
import { ADMIN_PAGES, sendAdminPage, withRole } from "./admin-access.js";
import { registerAdminAuditPage } from "./admin-audit-page.js";
import { registerAdminClaimsPage } from "./admin-claims-page.js";
import { registerAdminFeaturedPage } from "./admin-featured-page.js";
import { registerAdminReportsPage } from "./admin-reports-page.js";
import { registerAdminUsersPage } from "./admin-users-page.js";

/**
 * The admin area for signed-in staff: /admin (what your role may use), reports, users,
 * featured papers, authorship claims and the audit log. /admin/jobs is registered on its own (admin-jobs-page.tsx).
 */
export function registerAdminRoutes(http: Hono<HttpEnv>, app: App): void {
  const services = app.moderation;
  http.get("/admin", (c) =>
    withRole(c, "curator", (viewer) => {
      const pages = ADMIN_PAGES.filter((p) => canActAs(viewer, p.role));
      return sendAdminPage(
        c,
        "Admin",
        <>
          <h1>Admin</h1>
          <p>{`Signed in as @${viewer.handle}, ${viewer.role}.`}</p>
          <ul class="admin-index">
            {pages.map((p) => (
              <li>
                <a href={p.path}>{p.title}</a> <span class="muted">{p.about}</span>
              </li>
            ))}
          </ul>
        </>,
      );
    }),
  );
  registerAdminReportsPage(http, app, services);
  registerAdminUsersPage(http, services);
  registerAdminFeaturedPage(http, services);
  registerAdminClaimsPage(http, app);
  registerAdminAuditPage(http, app);
}
