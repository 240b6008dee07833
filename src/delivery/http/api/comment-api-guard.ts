import type { Context, MiddlewareHandler } from "hono";
import type { DiscussionFailure } from "../../../core/discussion/discussion-outcome.js";
import type { HttpEnv } from "../http-env.js";

/** A comment is at most 10,000 characters; four bytes each plus JSON escaping fits in this. */
export const COMMENT_API_BODY_MAX_BYTES = 64 * 1024;

/** What each refusal of the discussion core answers. */
const FAILURE_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 422,
  unavailable: 503,
} as const satisfies Record<DiscussionFailure["kind"], number>;

const SIGN_IN = "Sign in, or send a personal API token as Authorization: Bearer (create one at /settings/tokens).";

/**
 * `{ error }` with the status of the failure's kind. Typed `never` so a route can return it
 * beside its typed answers: every route that calls this declares the statuses in its responses.
 */
export function sendCommentFailure(c: Context<HttpEnv>, failure: DiscussionFailure): never {
  const status = FAILURE_STATUS[failure.kind];
  if (status === 401) c.header("WWW-Authenticate", 'Bearer realm="paperboy"');
  c.header("Cache-Control", "no-store");
  return c.json({ error: status === 401 ? SIGN_IN : failure.message }, status) as never;
}

/**
 * Runs before the route's validators: a signed-out write is a 401 whatever its body, and a
 * body that is not JSON, too large or malformed is answered here with the reason (the zod
 * validator would throw, and the server answers what it throws with a 500).
 */
export function guardCommentWrite(options: { json: boolean }): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (c.get("viewer") === null) return sendCommentFailure(c, { kind: "unauthenticated", message: SIGN_IN });
    if (!options.json) return next();
    const tooLarge = () => c.json({ error: `The body is larger than ${COMMENT_API_BODY_MAX_BYTES} bytes.` }, 413);
    if (Number(c.req.header("content-length") ?? 0) > COMMENT_API_BODY_MAX_BYTES) return tooLarge();
    const type = c.req.header("content-type");
    if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
      return c.json({ error: "Send the body as JSON, with Content-Type: application/json." }, 415);
    }
    const text = await c.req.text();
    if (Buffer.byteLength(text) > COMMENT_API_BODY_MAX_BYTES) return tooLarge();
    try {
      JSON.parse(text);
    } catch {
      return c.json({ error: "The body is not valid JSON." }, 400);
    }
    return next();
  };
}
