import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { ReportedComment } from "../../core/discussion/report-queue.js";
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
import type { ModerationServices } from "../../app-moderation.js";
import { commentActionFormSchema, pageQuerySchema } from "./admin-form-schemas.js";
import { CsrfField, readForm } from "./account-forms.js";
import { Pagination } from "./pagination.js";
import { paperPath } from "./paths.js";

/** Reported comments on one page of the queue. */
const REPORTS_PAGE_SIZE = 20;
const DONE: Record<string, string> = {
  hidden: "Comment hidden; its reports are closed.",
  unhidden: "Comment visible again.",
  dismissed: "Reports dismissed; the comment stays.",
};

/** /admin/reports: open reports by comment, and the hide / unhide / dismiss actions (moderators). */
export function registerAdminReportsPage(http: Hono<HttpEnv>, app: App, services: ModerationServices): void {
  http.get("/admin/reports", (c) =>
    withRole(c, "moderator", (v) => showReports(c, services, v, readDoneFlash(c, DONE))),
  );
  http.post("/admin/reports/hide", (c) => withRole(c, "moderator", (v) => act(c, app, services, v, "hide")));
  http.post("/admin/reports/unhide", (c) => withRole(c, "moderator", (v) => act(c, app, services, v, "unhide")));
  http.post("/admin/reports/dismiss", (c) => withRole(c, "moderator", (v) => act(c, app, services, v, "dismiss")));
}

async function act(c: AdminContext, app: App, services: ModerationServices, viewer: AdminViewer, action: string) {
  const form = await readForm(c, commentActionFormSchema);
  if (!form.ok) return showReports(c, services, viewer, { tone: "error", message: form.message }, 400);
  const { comment_id: id, reason } = form.data;
  const outcome =
    action === "dismiss"
      ? await app.discussion.dismissReports(viewer, id, reason)
      : await app.discussion.setCommentHidden(viewer, id, action === "hide", reason);
  if (!outcome.ok) {
    const flash = { tone: "error" as const, message: outcome.error.message };
    return showReports(c, services, viewer, flash, failureStatus(outcome.error));
  }
  const done = action === "dismiss" ? "dismissed" : action === "hide" ? "hidden" : "unhidden";
  return c.redirect(`/admin/reports?done=${done}`, 303);
}

async function showReports(
  c: AdminContext,
  services: ModerationServices,
  viewer: AdminViewer,
  flash?: AdminFlash,
  status: PageStatus = 200,
) {
  const page = pageQuerySchema.parse(c.req.query("page"));
  const offset = (page - 1) * REPORTS_PAGE_SIZE;
  const queue = await services.reports.listReportedComments(viewer, { offset, limit: REPORTS_PAGE_SIZE });
  if (!queue.ok) return sendAdminPage(c, "Reports", <p>{queue.error.message}</p>, failureStatus(queue.error));
  const { items, total } = queue.value;
  const token = c.get("csrf").token();
  return sendAdminPage(
    c,
    "Reports",
    <>
      <h1>Reported comments</h1>
      <FlashNotice flash={flash} />
      <p>
        {total === 0
          ? "No open reports."
          : `${total} comment${total === 1 ? "" : "s"} with open reports, the longest-waiting first.`}
      </p>
      {items.map((item) => (
        <ReportedCommentCard item={item} token={token} />
      ))}
      <UnhideForm token={token} />
      <Pagination
        page={page}
        pages={Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE))}
        hrefFor={(p) => `/admin/reports?page=${p}`}
      />
    </>,
    status,
  );
}

function ReportedCommentCard({ item, token }: { item: ReportedComment; token: string }) {
  const { report, comment } = item;
  return (
    <article class="admin-card" aria-label={`Comment ${report.commentId}`}>
      <p class="muted">
        Comment #{report.commentId} by {comment?.authorHandle ? `@${comment.authorHandle}` : "a deleted account"} on{" "}
        <a href={`${paperPath(report.paperId)}#comment-${report.commentId}`}>{report.paperId}</a>
        {comment?.hiddenAt ? " · hidden" : ""}
      </p>
      <pre class="admin-comment-text">{comment ? comment.bodyMarkdown : "(the comment is gone)"}</pre>
      <ul class="admin-reports">
        {report.reports.map((r) => (
          <li>
            <strong>{r.reason}</strong> from {`@${item.reporterHandles.get(r.reporterId) ?? "deleted account"}`} at{" "}
            {r.createdAt}
            {r.note && <>: {r.note}</>}
          </li>
        ))}
      </ul>
      <div class="admin-actions">
        <ReasonForm action="/admin/reports/hide" label="Hide" commentId={report.commentId} token={token} />
        <ReasonForm
          action="/admin/reports/dismiss"
          label="Dismiss reports"
          commentId={report.commentId}
          token={token}
        />
      </div>
    </article>
  );
}

function ReasonForm(props: { action: string; label: string; commentId: number; token: string }) {
  const id = `${props.action.slice(15)}-reason-${props.commentId}`;
  return (
    <form method="post" action={props.action} class="admin-inline-form">
      <CsrfField token={props.token} />
      <input type="hidden" name="comment_id" value={String(props.commentId)} />
      <label for={id}>Reason</label>
      <input id={id} name="reason" required maxlength={500} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** Hidden comments leave the queue; this brings one back by its number (the audit log lists them). */
function UnhideForm({ token }: { token: string }) {
  return (
    <section aria-labelledby="unhide-heading">
      <h2 id="unhide-heading">Unhide a comment</h2>
      <form method="post" action="/admin/reports/unhide" class="admin-inline-form">
        <CsrfField token={token} />
        <label for="unhide-id">Comment number</label>
        <input id="unhide-id" name="comment_id" inputmode="numeric" required />
        <label for="unhide-reason">Reason</label>
        <input id="unhide-reason" name="reason" required maxlength={500} />
        <button type="submit">Unhide</button>
      </form>
    </section>
  );
}
