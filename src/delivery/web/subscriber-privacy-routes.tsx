import type { Context, Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import type { PrivacyAction } from "../../core/digests/subscriber-privacy-service.js";
import { clientIp } from "../http/client-ip.js";
import type { HttpEnv } from "../http/http-env.js";
import { CsrfField, readForm, sendAccountPage } from "./account-forms.js";
import { consentFrom } from "./subscribe-routes.js";

const TOKEN = z.string().regex(/^[A-Za-z0-9._-]{20,600}$/);
const ACTION = z.enum(["export", "erase"], { error: "Choose export or erase." });
const RequestFormSchema = z.object({ email: z.email("Enter a valid email address.").max(320), action: ACTION });
const ManageRequestSchema = z.object({ action: ACTION });

/** The same answer for every address and every request: nobody learns who subscribes. */
const LINK_SENT = (
  <>
    <h1>Check your inbox</h1>
    <p>
      If this address has a digest subscription, we sent it a link. The link works for 1 hour and does nothing until you
      press its button.
    </p>
  </>
);

const INVALID_LINK = (
  <>
    <h1>This link does not work</h1>
    <p>
      It may be incomplete, or it expired (these links work for 1 hour), or the data was erased. Ask for a new one from{" "}
      <a href="/subscriptions/privacy">this form</a>.
    </p>
  </>
);

const WORDS: Record<PrivacyAction, { title: string; explain: string; button: string }> = {
  export: {
    title: "Download your data",
    explain:
      "A JSON file with your address, subscriptions, topics, consent log, the digests sent to you and any suppression.",
    button: "Download my data",
  },
  erase: {
    title: "Erase your data",
    explain:
      "Your address, subscriptions and topics are erased and no digest is sent to it again. If mail to it bounced or " +
      "was reported as spam, a keyed hash of it is kept so it stays blocked. This cannot be undone.",
    button: "Erase my data",
  },
};

/**
 * Export and erasure by emailed link (GDPR Art. 15, 17, 20). `/subscriptions/privacy` (the
 * form for people without a digest at hand) and the manage page's buttons only mail a
 * signed, one-purpose, 1-hour link to the subscriber's own address; the link's page acts on
 * POST only (link scanners fetch GETs). Forms carry CSRF tokens.
 */
export function registerSubscriberPrivacyRoutes(http: Hono<HttpEnv>, app: App): void {
  const privacy = app.digests.privacy;
  const requestForm = (c: Context<HttpEnv>, problem?: string) =>
    sendAccountPage(
      c,
      "Your data",
      <>
        <h1>Your digest data</h1>
        {problem === undefined ? null : <p role="alert">{problem}</p>}
        <p>Enter the address that gets the digests. We mail it a link to download or erase its data.</p>
        <form method="post" action="/subscriptions/privacy">
          <CsrfField token={c.get("csrf").token()} />
          <label>
            Email <input type="email" name="email" required />
          </label>
          <label>
            <input type="radio" name="action" value="export" checked /> Download my data
          </label>
          <label>
            <input type="radio" name="action" value="erase" /> Erase my data
          </label>
          <button type="submit">Send me the link</button>
        </form>
      </>,
      problem === undefined ? 200 : 400,
    );

  http.get("/subscriptions/privacy", (c) => requestForm(c));
  http.post("/subscriptions/privacy", async (c) => {
    const form = await readForm(c, RequestFormSchema);
    if (!form.ok) return requestForm(c, form.message);
    await privacy.requestByEmail(form.data.email, form.data.action, clientIp(c, app.config.trustProxy));
    return sendAccountPage(c, "Check your inbox", LINK_SENT);
  });

  http.post("/subscriptions/manage/:token/privacy", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const form = await readForm(c, ManageRequestSchema);
    if (!form.ok) return sendAccountPage(c, "Your data", <p role="alert">{form.message}</p>, 400);
    const ip = clientIp(c, app.config.trustProxy);
    const known = token.success && (await privacy.requestByManageLink(token.data, form.data.action, ip));
    if (!known) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    return sendAccountPage(c, "Check your inbox", LINK_SENT);
  });

  for (const action of ["export", "erase"] as const) {
    const words = WORDS[action];
    http.get(`/subscriptions/${action}/:token`, async (c) => {
      const token = TOKEN.safeParse(c.req.param("token"));
      if (!token.success || !(await privacy.isLinkValid(token.data, action))) {
        return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
      }
      return sendAccountPage(
        c,
        words.title,
        <>
          <h1>{words.title}</h1>
          <p>{words.explain}</p>
          <form method="post">
            <CsrfField token={c.get("csrf").token()} />
            <button type="submit">{words.button}</button>
          </form>
        </>,
      );
    });
  }

  http.post("/subscriptions/export/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const data = token.success ? await privacy.exportData(token.data, consentFrom(c, app, "export-page")) : null;
    if (data === null) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    c.header("Cache-Control", "private, no-store");
    c.header("Content-Disposition", 'attachment; filename="paperboy-digest-data.json"');
    return c.json({ exportedAt: app.now().toISOString(), ...data });
  });

  http.post("/subscriptions/erase/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const erased = token.success && (await privacy.erase(token.data, consentFrom(c, app, "erase-page")));
    if (!erased) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    return sendAccountPage(
      c,
      "Data erased",
      <>
        <h1>Your data is erased</h1>
        <p>We hold no address or subscription of yours any more, and send you no digest.</p>
      </>,
    );
  });
}
