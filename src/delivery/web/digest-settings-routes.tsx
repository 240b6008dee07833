import type { Hono } from "hono";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";
import { CsrfField, sendAccountPage } from "./account-forms.js";
import { SettingsNav } from "./settings-pages.js";
import { SUBSCRIBE_CALL } from "./subscribe-form.js";

/**
 * /settings/digests: a signed-in user's digest subscriptions, each with its manage link, and
 * one-click subscribe buttons for their confirmed account address (no confirmation mail).
 */
export function registerDigestSettingsRoutes(http: Hono<HttpEnv>, app: App): void {
  http.get("/settings/digests", async (c) => {
    const viewer = c.get("viewer");
    if (viewer === null || viewer.via !== "session") return c.redirect("/login?next=%2Fsettings%2Fdigests", 303);
    const records = await app.digests.subscriptions.listUserSubscriptions(viewer.userId);
    const active = new Set(records.filter((r) => r.status === "confirmed").map((r) => r.listSlug));
    const links = await Promise.all(
      records.map((r) => app.digests.subscriptions.signManageToken(r.subscriberPublicId)),
    );
    const csrf = c.get("csrf").token();
    return sendAccountPage(
      c,
      "Email digests",
      <>
        <h1>Settings</h1>
        <SettingsNav current="digests" />
        <h2>Email digests</h2>
        {records.length === 0 ? <p>You have no digest subscriptions.</p> : null}
        <ul>
          {records.map((record, i) => (
            <li>
              {record.listName}: {record.status}.{" "}
              <a href={`/subscriptions/manage/${links[i]}`}>Manage topics or unsubscribe</a>
            </li>
          ))}
        </ul>
        {viewer.emailVerified ? (
          <>
            <h2>{SUBSCRIBE_CALL}</h2>
            {(["daily", "weekly"] as const)
              .filter((slug) => !active.has(slug))
              .map((slug) => (
                <form method="post" action="/subscribe">
                  <CsrfField token={csrf} />
                  <input type="hidden" name="email" value={viewer.email} />
                  <input type="hidden" name="frequency" value={slug} />
                  <button type="submit">
                    Subscribe {viewer.email} to the {slug} digest
                  </button>
                </form>
              ))}
          </>
        ) : (
          <p>Confirm your account address to subscribe in one click, or use the form on the trending page.</p>
        )}
      </>,
    );
  });
}
