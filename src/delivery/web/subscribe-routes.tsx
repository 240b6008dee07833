import type { Context, Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import type { ConsentSource } from "../../core/digests/subscription-ports.js";
import { CONSENT_TEXT_VERSION } from "../../core/digests/subscription-service.js";
import { SUBSCRIPTION_ACCEPTED_MESSAGE } from "../http/api/subscription-api-routes.js";
import { SubscribeFormSchema, readFormTopics, toDigestTopics } from "../http/api/subscription-schemas.js";
import { clientIp } from "../http/client-ip.js";
import { CSRF_FIELD } from "../http/csrf.js";
import type { HttpEnv } from "../http/http-env.js";
import { CsrfField, readForm, sendAccountPage } from "./account-forms.js";
import { ManagePage } from "./subscription-manage-page.js";
import { registerSubscriberPrivacyRoutes } from "./subscriber-privacy-routes.js";

/** Tokens are `v1.<kid>.<payload>.<mac>` in base64url: anything else is refused before verifying. */
const TOKEN = z.string().regex(/^[A-Za-z0-9._-]{20,600}$/);
const ManageFormSchema = z.object({
  subscription: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Unknown subscription."),
  action: z.enum(["topics", "frequency", "unsubscribe"], { error: "Unknown action." }),
  frequency: z.enum(["daily", "weekly"], { error: "Choose daily or weekly." }).optional(),
  categories: z.string().max(2_000).default(""),
  keywords: z.string().max(2_000).default(""),
  authors: z.string().max(2_000).default(""),
});

export function consentFrom(c: Context<HttpEnv>, app: App, source: string): ConsentSource {
  return {
    source,
    textVersion: CONSENT_TEXT_VERSION,
    ip: clientIp(c, app.config.trustProxy),
    userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
  };
}

const INVALID_LINK = (
  <>
    <h1>This link does not work</h1>
    <p>It may be incomplete, or it expired (confirmation links work for 7 days). Subscribe again to get a new one.</p>
  </>
);

/**
 * `POST /subscribe`, the form of the trending and daily pages. Those pages are shared-cached
 * for signed-out visitors, so their form carries no CSRF token, and this route is registered
 * before the CSRF check: without a valid token the request counts as anonymous and gets the
 * double opt-in mail (what anyone typing the address could cause, rate-limited). Only with a
 * valid token does a signed-in viewer's own address subscribe in one click.
 */
export function registerSubscribeFormRoute(http: Hono<HttpEnv>, app: App): void {
  const service = app.digests.subscriptions;
  http.post("/subscribe", async (c) => {
    const form = await readForm(c, SubscribeFormSchema);
    if (!form.ok) return sendAccountPage(c, "Subscribe", <p role="alert">{form.message}</p>, 400);
    const topics = readFormTopics(form.data);
    if (!topics.success) {
      const problem = topics.error.issues[0]!;
      return sendAccountPage(c, "Subscribe", <p role="alert">Topics: {problem.message}</p>, 400);
    }
    const submitted = (await c.req.parseBody())[CSRF_FIELD];
    const viewer = typeof submitted === "string" && c.get("csrf").isValid(submitted) ? c.get("viewer") : null;
    await service.subscribe({
      email: form.data.email,
      frequency: form.data.frequency,
      topics: toDigestTopics(topics.data),
      consent: consentFrom(c, app, "subscribe-form"),
      user: viewer !== null && viewer.emailVerified ? { id: viewer.userId, email: viewer.email } : null,
    });
    const own = viewer !== null && viewer.emailVerified && viewer.email.toLowerCase() === form.data.email.toLowerCase();
    return sendAccountPage(
      c,
      "Subscribed",
      own ? (
        <>
          <h1>You are subscribed</h1>
          <p>Your account address gets the {form.data.frequency} digest. Manage it from your settings.</p>
        </>
      ) : (
        <>
          <h1>Check your inbox</h1>
          <p>{SUBSCRIPTION_ACCEPTED_MESSAGE}</p>
        </>
      ),
    );
  });
}

/** The double opt-in page and the manage page (links from mail); their forms carry CSRF tokens. */
export function registerSubscribeRoutes(http: Hono<HttpEnv>, app: App): void {
  const service = app.digests.subscriptions;
  registerSubscriberPrivacyRoutes(http, app);

  // GET only shows the button: link scanners that fetch every URL in a mail confirm nothing.
  http.get("/confirm/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const record = token.success ? await service.findConfirmable(token.data) : null;
    if (record === null) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    return sendAccountPage(
      c,
      "Confirm your subscription",
      <>
        <h1>Confirm your subscription</h1>
        <p>Press the button to receive {record.listName}.</p>
        <form method="post">
          <CsrfField token={c.get("csrf").token()} />
          <button type="submit">Confirm subscription</button>
        </form>
      </>,
    );
  });

  http.post("/confirm/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const record = token.success ? await service.confirm(token.data, consentFrom(c, app, "confirm-page")) : null;
    if (record === null) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    const manage = await service.signManageToken(record.subscriberPublicId);
    return sendAccountPage(
      c,
      "Subscription confirmed",
      <>
        <h1>Subscription confirmed</h1>
        <p>You will receive {record.listName}. Each digest has a link to change topics or unsubscribe.</p>
        <p>
          <a href={`/subscriptions/manage/${manage}`}>Manage your subscription</a>
        </p>
      </>,
    );
  });

  http.get("/subscriptions/manage/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    const records = token.success ? await service.findManaged(token.data) : null;
    if (records === null) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    return sendAccountPage(c, "Your subscriptions", <ManagePage c={c} records={records} token={token.data!} />);
  });

  http.post("/subscriptions/manage/:token", async (c) => {
    const token = TOKEN.safeParse(c.req.param("token"));
    if (!token.success) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    const form = await readForm(c, ManageFormSchema);
    if (!form.ok) return sendAccountPage(c, "Your subscriptions", <p role="alert">{form.message}</p>, 400);
    const consent = consentFrom(c, app, "manage-page");
    let done: boolean;
    if (form.data.action === "unsubscribe") {
      done = await service.unsubscribeManaged(token.data, form.data.subscription, consent);
    } else if (form.data.action === "frequency") {
      if (form.data.frequency === undefined) {
        return sendAccountPage(c, "Your subscriptions", <p role="alert">Choose daily or weekly.</p>, 400);
      }
      done = await service.changeFrequency(token.data, form.data.subscription, form.data.frequency, consent);
      const records = done ? null : await service.findManaged(token.data);
      if (records?.some((r) => r.subscriptionPublicId === form.data.subscription)) {
        // A valid link, but the other list's subscription ended by bounce or complaint: it stays ended.
        const problem = <p role="alert">Mail to this address for the {form.data.frequency} digest has stopped.</p>;
        return sendAccountPage(c, "Your subscriptions", problem, 409);
      }
    } else {
      const topics = readFormTopics(form.data);
      if (!topics.success) {
        return sendAccountPage(
          c,
          "Your subscriptions",
          <p role="alert">Topics: {topics.error.issues[0]!.message}</p>,
          400,
        );
      }
      done = await service.updateTopics(token.data, form.data.subscription, toDigestTopics(topics.data), consent);
    }
    const records = done ? await service.findManaged(token.data) : null;
    if (records === null) return sendAccountPage(c, "Link not valid", INVALID_LINK, 404);
    return sendAccountPage(c, "Your subscriptions", <ManagePage c={c} records={records} token={token.data} saved />);
  });
}
