import type { Context, Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import type { HttpEnv } from "../http/http-env.js";
import { sendAccountPage } from "./account-forms.js";
import { consentFrom } from "./subscribe-routes.js";

const TOKEN = z.string().regex(/^[A-Za-z0-9._-]{20,600}$/);

/**
 * `/u/<token>`, the List-Unsubscribe target. POST unsubscribes at once and answers 200 with
 * no redirect: it needs no cookie and no CSRF token (mail providers post
 * `List-Unsubscribe=One-Click` as urlencoded or multipart), so this is registered before
 * the CSRF middleware. The body is not needed: the signed token is the authority. GET only
 * shows a page with a button, since link scanners fetch every URL in a mail.
 * @see https://www.rfc-editor.org/rfc/rfc8058#section-3.2
 */
export function registerUnsubscribeRoutes(http: Hono<HttpEnv>, app: App): void {
  const service = app.digests.subscriptions;
  const invalid = (c: Context<HttpEnv>) =>
    sendAccountPage(
      c,
      "Link not valid",
      <>
        <h1>This unsubscribe link does not work</h1>
        <p>It may be incomplete. Use the link of a more recent digest, or reply to it and we will remove you.</p>
      </>,
      404,
    );

  http.get("/u/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const record = token.success ? await service.findUnsubscribable(token.data) : null;
    if (record === null) return invalid(c);
    const done = record.status !== "confirmed" && record.status !== "pending";
    return sendAccountPage(
      c,
      "Unsubscribe",
      done ? (
        <>
          <h1>You are unsubscribed</h1>
          <p>You receive no more of {record.listName}.</p>
        </>
      ) : (
        <>
          <h1>Unsubscribe from {record.listName}?</h1>
          <form method="post">
            <button type="submit">Unsubscribe</button>
          </form>
        </>
      ),
    );
  });

  http.post("/u/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    // Read (and drop) the body so a client streaming it is not cut off; its content does not matter.
    await c.req.arrayBuffer().catch(() => undefined);
    const record = token.success
      ? await service.unsubscribe(token.data, consentFrom(c, app, "list-unsubscribe-post"))
      : null;
    if (record === null) return invalid(c);
    return sendAccountPage(
      c,
      "Unsubscribed",
      <>
        <h1>You are unsubscribed</h1>
        <p>You receive no more of {record.listName}. Nothing else is needed.</p>
      </>,
    );
  });
}
