import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Role } from "../../core/accounts/ports.js";
import { hasRole } from "../../core/accounts/roles.js";
import { type Viewer, canActAs } from "../../core/accounts/viewer.js";
import type { DiscussionFailure } from "../../core/discussion/discussion-outcome.js";
import type { HttpEnv } from "../http/http-env.js";
import { Notice } from "./account-forms.js";
import { Layout, type PageStatus, sendPage } from "./layout.js";

export type AdminContext = Context<HttpEnv>;
export type AdminViewer = Viewer & { via: "session" };

/** The admin area's pages, the role each needs, and what they are for (the /admin index). */
export const ADMIN_PAGES: readonly { path: string; title: string; role: Role; about: string }[] = [
  { path: "/admin/reports", title: "Reports", role: "moderator", about: "Reported comments: hide or dismiss." },
  { path: "/admin/users", title: "Users", role: "moderator", about: "Find accounts, suspend them, change roles." },
  { path: "/admin/featured", title: "Featured papers", role: "curator", about: "Feature papers on a daily list." },
  { path: "/admin/claims", title: "Claims", role: "curator", about: "Members' authorship claims: approve or reject." },
  { path: "/admin/audit", title: "Audit log", role: "moderator", about: "Every moderation and curation action." },
  { path: "/admin/jobs", title: "Jobs", role: "admin", about: "Scheduled ingestion jobs and their last runs." },
];

/** What a failed operation answers: the kind picks the status, the message is shown. */
const FAILURE_STATUS: Record<DiscussionFailure["kind"], PageStatus> = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 422,
  unavailable: 503,
};

/**
 * Runs `handle` for a signed-in browser session holding `role` (or a higher one). Signed out:
 * to the sign-in page and back; a lower role, a suspension or an API token: a 403 page.
 */
export async function withRole(
  c: AdminContext,
  role: Role,
  handle: (viewer: AdminViewer) => Response | Promise<Response>,
): Promise<Response> {
  c.header("Cache-Control", "private, no-store");
  const viewer = c.get("viewer");
  if (viewer === null) {
    const back = c.req.method === "GET" ? c.req.path : "/admin";
    return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
  }
  if (viewer.via !== "session")
    return sendAdminForbidden(c, "The admin pages need a browser session, not an API token.");
  if (viewer.suspended || !hasRole(viewer.role, role)) {
    const why = viewer.suspended ? "Your account is suspended." : `This page is for the ${role} role and above.`;
    return sendAdminForbidden(c, `${why} Your role is ${viewer.role}.`);
  }
  return handle(viewer as AdminViewer);
}

export function sendAdminForbidden(c: AdminContext, message: string) {
  return sendAdminPage(
    c,
    "Not allowed",
    <>
      <h1>Not allowed</h1>
      <p>{message}</p>
      <p>
        <a href="/">Back to the papers</a>
      </p>
    </>,
    403,
  );
}

export function failureStatus(failure: DiscussionFailure): PageStatus {
  return FAILURE_STATUS[failure.kind];
}

/** An admin page: never cached (it has forms with tokens and private data), with the area's menu. */
export function sendAdminPage(c: AdminContext, title: string, body: Child, status: PageStatus = 200) {
  c.header("Cache-Control", "private, no-store");
  const viewer = c.get("viewer");
  const pages = ADMIN_PAGES.filter((p) => canActAs(viewer, p.role));
  return sendPage(
    c,
    <Layout meta={{ title }} publicUrl={c.get("app").config.publicUrl}>
      <section class="admin-page">
        {pages.length > 0 && (
          <nav class="admin-nav" aria-label="Admin">
            <a href="/admin">Admin</a>
            {pages.map((p) => (
              <a href={p.path} aria-current={c.req.path === p.path ? "page" : undefined}>
                {p.title}
              </a>
            ))}
          </nav>
        )}
        {body}
      </section>
    </Layout>,
    status,
  );
}

/** The flash of a Post/Redirect/Get (`?done=`), or an error message. */
export interface AdminFlash {
  readonly tone: "ok" | "error";
  readonly message: string;
}

export function FlashNotice({ flash }: { flash: AdminFlash | undefined }) {
  return flash ? <Notice tone={flash.tone}>{flash.message}</Notice> : null;
}

/** `?done=` codes to their message: only known codes show, so a link cannot put words on the page. */
export function readDoneFlash(c: AdminContext, messages: Readonly<Record<string, string>>): AdminFlash | undefined {
  const message = messages[c.req.query("done") ?? ""];
  return message === undefined ? undefined : { tone: "ok", message };
}
