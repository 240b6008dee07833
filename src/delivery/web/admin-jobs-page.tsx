import { timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import { describeCadence } from "../../core/ingestion/job-cadence.js";
import type { HttpEnv } from "../http/http-env.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { type JobStatus, readJobStatuses } from "../jobs/job-status.js";
import { Layout, sendPage } from "./layout.js";
import { canActAs } from "../../core/accounts/viewer.js";

/**
 * /admin/jobs: each scheduled job's last run, next run, last error and counts. Open to a
 * signed-in admin, and to HTTP Basic auth (user "admin", PAPERBOY_ADMIN_TOKEN) when a
 * token is configured.
 */
export function registerAdminJobsPage(http: Hono<HttpEnv>, app: App, schedule: readonly JobDefinition[]): void {
  http.get("/admin/jobs", async (c) => {
    c.header("Cache-Control", "no-store");
    const token = app.config.adminToken;
    const isAdmin = canActAs(c.get("viewer"), "admin");
    if (!token && !isAdmin) {
      return c.text("Sign in as an admin, or set PAPERBOY_ADMIN_TOKEN to use the admin pages with a password.", 404);
    }
    if (!isAdmin && !isAuthorized(c, token!)) {
      c.header("WWW-Authenticate", 'Basic realm="Paperboy admin", charset="UTF-8"');
      return c.text("Sign in as admin with the PAPERBOY_ADMIN_TOKEN password.", 401);
    }
    const now = app.now();
    const statuses = await readJobStatuses(app, schedule);
    return sendPage(
      c,
      <Layout meta={{ title: "Jobs" }} publicUrl={app.config.publicUrl}>
        <h1>Scheduled jobs</h1>
        <p>As of {now.toISOString()}. Times are UTC.</p>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Schedule</th>
              <th scope="col">Last run</th>
              <th scope="col">Next run</th>
              <th scope="col">Counts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((status) => (
              <JobRow {...status} />
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });
}

function JobRow({ job, lastRun: run, lastFailure: failure, nextDueAt }: JobStatus) {
  return (
    <tr>
      <th scope="row">
        {job.name}
        <br />
        <small>{job.description}</small>
      </th>
      <td>{describeCadence(job.cadence)}</td>
      <td>
        {run
          ? `${run.slot}: ${run.status} (attempt ${run.attempts}/${run.maxAttempts}) ${run.finishedAt ?? ""}`
          : "never"}
      </td>
      <td>{run?.retryAt ? `retry at ${run.retryAt}` : nextDueAt.toISOString()}</td>
      <td>
        {run?.counts
          ? Object.entries(run.counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(", ")
          : ""}
      </td>
      <td>{failure ? `${failure.finishedAt}: ${failure.error}` : ""}</td>
    </tr>
  );
}

function isAuthorized(c: Context, token: string): boolean {
  const header = c.req.header("authorization") ?? "";
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (!match) return false;
  const expected = Buffer.from(`admin:${token}`);
  const given = Buffer.from(Buffer.from(match[1]!, "base64").toString("utf8"));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
