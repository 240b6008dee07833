import type { Context, MiddlewareHandler } from "hono";
import type { DiscussionFailure } from "../../../core/discussion/discussion-outcome.js";
import type { HttpEnv } from "../http-env.js";

/** What each refusal of the discussion core answers over HTTP. */
const FAILURE_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 400,
  unavailable: 503,
} as const satisfies Record<DiscussionFailure["kind"], number>;

/** Votes and submissions send a few bytes of JSON; anything larger is refused unread. */
export const COMMUNITY_BODY_MAX_BYTES = 4 * 1024;

/** `{ error }` with the status of the failure's kind; a 401 names how to sign in. */
export function sendCommunityFailure<K extends DiscussionFailure["kind"]>(
  c: Context<HttpEnv>,
  failure: { readonly kind: K; readonly message: string },
) {
  const status: (typeof FAILURE_STATUS)[K] = FAILURE_STATUS[failure.kind];
  if (failure.kind === "unauthenticated") c.header("WWW-Authenticate", 'Bearer realm="paperboy"');
  c.header("Cache-Control", "no-store");
  return c.json({ error: describeFailure(failure) }, status);
}

function describeFailure(failure: DiscussionFailure): string {
  return failure.kind === "unauthenticated"
    ? "Sign in, or send a personal API token as Authorization: Bearer (create one at /settings/tokens)."
    : failure.message;
}

/**
 * Checks a JSON body before the route's zod validator reads it, so a wrong media type, a
 * body too large or malformed JSON gets a 4xx with the reason (the validator would throw,
 * and the server answers what it throws with a 500). `required: false` lets a request
 * send no body at all.
 */
export function guardJsonBody(options: { required: boolean }): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const type = c.req.header("content-type");
    const tooLarge = () => c.json({ error: `The body is larger than ${COMMUNITY_BODY_MAX_BYTES} bytes.` }, 413);
    if (Number(c.req.header("content-length") ?? 0) > COMMUNITY_BODY_MAX_BYTES) return tooLarge();
    const text = await c.req.text();
    if (type === undefined && text === "" && !options.required) return next();
    if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
      return c.json({ error: "Send the body as JSON, with Content-Type: application/json." }, 415);
    }
    if (Buffer.byteLength(text) > COMMUNITY_BODY_MAX_BYTES) return tooLarge();
    try {
      JSON.parse(text);
    } catch {
      return c.json({ error: "The body is not valid JSON." }, 400);
    }
    return next();
  };
}
