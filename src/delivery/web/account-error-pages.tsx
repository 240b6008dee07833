import type { Context } from "hono";
import type { HttpEnv } from "../http/http-env.js";
import { sendAccountPage } from "./account-forms.js";

/** A state-changing request without a valid CSRF token (a stale form, or another site's). */
export function sendCsrfRejectedPage(c: Context<HttpEnv>) {
  if (c.req.path.startsWith("/api/")) {
    return c.json({ error: "Missing or invalid CSRF token: send the page's token in the X-CSRF-Token header." }, 403);
  }
  return sendAccountPage(
    c,
    "Form expired",
    <>
      <h1>This form has expired</h1>
      <p>
        The form was missing its security token, or the token belongs to another session (for example after you signed
        in or out in another tab). Nothing was changed.
      </p>
      <p>Go back, reload the page, and send the form again.</p>
    </>,
    403,
  );
}

/** Too many attempts: 429 with Retry-After, in seconds. @see https://www.rfc-editor.org/rfc/rfc6585#section-4 */
export function sendThrottledPage(c: Context<HttpEnv>, retryAfterSeconds: number) {
  c.header("Retry-After", String(retryAfterSeconds));
  return sendAccountPage(
    c,
    "Too many attempts",
    <>
      <h1>Too many attempts</h1>
      <p>To protect accounts, this was tried too often. Wait {describeWait(retryAfterSeconds)} and try again.</p>
    </>,
    429,
  );
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
