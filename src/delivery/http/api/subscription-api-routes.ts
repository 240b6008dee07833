import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { App } from "../../../app.js";
import { CONSENT_TEXT_VERSION } from "../../../core/digests/subscription-service.js";
import { clientIp } from "../client-ip.js";
import type { HttpEnv } from "../http-env.js";
import { ErrorSchema } from "./api-schemas.js";
import { guardJsonBody } from "./community-api-failure.js";
import { SubscriptionAcceptedSchema, SubscriptionRequestSchema, toDigestTopics } from "./subscription-schemas.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });

/** The same words for every address: the answer never tells whether one is known. */
export const SUBSCRIPTION_ACCEPTED_MESSAGE =
  "If this address can receive the digest, a confirmation mail is on its way: open its link and press the button.";

const subscribeRoute = createRoute({
  method: "post",
  path: "/v1/subscriptions",
  summary: "Subscribe an address to the trending papers digest",
  description:
    "Double opt-in: the address gets a confirmation mail whose link opens a page with a button; nothing is sent " +
    "before that. Answers 202 whatever the address (new, pending, already subscribed or suppressed). " +
    "Confirmation mails are rate-limited per address and per client IP.",
  middleware: [guardJsonBody({ required: true })] as const,
  request: { body: { content: { "application/json": { schema: SubscriptionRequestSchema } }, required: true } },
  responses: {
    202: json(SubscriptionAcceptedSchema, "Accepted (the same answer for every address)"),
    400: json(ErrorSchema, "Not an email address, an unknown frequency, or malformed topics"),
    415: json(ErrorSchema, "The body is not JSON"),
  },
});

/** `POST /api/v1/subscriptions`: the subscribe form's operation, for scripts and other front ends. */
export function registerSubscriptionApiRoutes(api: OpenAPIHono<HttpEnv>, app: App): void {
  api.openapi(subscribeRoute, async (c) => {
    const body = c.req.valid("json");
    await app.digests.subscriptions.subscribe({
      email: body.email,
      frequency: body.frequency,
      topics: toDigestTopics(body.topics),
      consent: {
        source: "api",
        textVersion: CONSENT_TEXT_VERSION,
        ip: clientIp(c, app.config.trustProxy),
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
      },
      user: null,
    });
    c.header("Cache-Control", "no-store");
    return c.json({ status: "accepted" as const, message: SUBSCRIPTION_ACCEPTED_MESSAGE }, 202);
  });
}
