import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { ModerationAction } from "../../core/discussion/ports.js";
import type { HttpEnv } from "../http/http-env.js";
import { failureStatus, sendAdminPage, withRole } from "./admin-access.js";
import { pageQuerySchema } from "./admin-form-schemas.js";
import { Pagination } from "./pagination.js";

/** Audit entries on one page. */
const AUDIT_PAGE_SIZE = 50;

/** What each action did, in words. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  "comment.hide": "hid comment",
  "comment.unhide": "unhid comment",
  "comment.delete": "deleted comment",
  "report.dismiss": "dismissed reports on comment",
  "user.suspend": "suspended user",
  "user.unsuspend": "lifted the suspension of user",
  "user.role": "changed the role of user",
  "paper.feature": "featured paper",
  "paper.unfeature": "unfeatured paper",
  "claim.approve": "approved an authorship claim on paper",
  "claim.reject": "rejected an authorship claim on paper",
  "claim.revoke": "revoked an approved authorship claim on paper",
};

/** /admin/audit: the append-only moderation log, newest first (moderators). */
export function registerAdminAuditPage(http: Hono<HttpEnv>, app: App): void {
  http.get("/admin/audit", (c) =>
    withRole(c, "moderator", async (viewer) => {
      const page = pageQuerySchema.parse(c.req.query("page"));
      const log = await app.discussion.listModerationLog(viewer, {
        offset: (page - 1) * AUDIT_PAGE_SIZE,
        limit: AUDIT_PAGE_SIZE,
      });
      if (!log.ok) return sendAdminPage(c, "Audit log", <p>{log.error.message}</p>, failureStatus(log.error));
      const { items, total } = log.value;
      return sendAdminPage(
        c,
        "Audit log",
        <>
          <h1>Audit log</h1>
          <p>{`${total} action${total === 1 ? "" : "s"}, newest first. Entries are never changed or removed.`}</p>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Did</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <AuditRow entry={entry} />
              ))}
            </tbody>
          </table>
          <Pagination
            page={page}
            pages={Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))}
            hrefFor={(p) => `/admin/audit?page=${p}`}
          />
        </>,
      );
    }),
  );
}

function AuditRow({ entry }: { entry: ModerationAction & { id: number } }) {
  return (
    <tr>
      <td>{entry.createdAt}</td>
      <td>@{entry.actorHandle}</td>
      <td>
        {ACTION_LABELS[entry.action] ?? entry.action} <span class="mono">{targetLabel(entry)}</span>
      </td>
      <td>{entry.reason ?? ""}</td>
    </tr>
  );
}

function targetLabel(entry: ModerationAction): string {
  return entry.targetType === "comment" ? `#${entry.targetId}` : entry.targetId;
}
