import type { Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import { InvalidArxivIdError, parseArxivId } from "../../core/papers/arxiv-id.js";
import type { HttpEnv } from "../http/http-env.js";
import { safeNextPath } from "./account-form-schemas.js";
import { Notice, readForm, sendAccountPage } from "./account-forms.js";
import { paperPath } from "./paths.js";
import { VOTE_FORM_ACTION } from "./vote-button.js";

const voteFormSchema = z.object({
  paper: z.string({ message: "The form names no paper." }).min(1).max(200),
  /** The vote wanted; absent: toggle (a page that did not know the state). */
  voted: z.enum(["true", "false"], { message: "The vote must be true or false." }).optional(),
  next: z.string().max(500).optional(),
});

const REFUSAL_STATUS = { unauthenticated: 401, forbidden: 403, "not-found": 404, invalid: 400 } as const;

/**
 * `POST /votes`: the upvote button without JavaScript. CSRF was checked by the middleware;
 * a vote goes back (303) to the page it came from, a same-site path only.
 */
export function registerVoteFormRoutes(http: Hono<HttpEnv>, app: App): void {
  http.post(VOTE_FORM_ACTION, async (c) => {
    const form = await readForm(c, voteFormSchema);
    if (!form.ok) return sendVoteRefusal(c, 400, form.message);
    const { paper, voted, next } = form.data;
    let paperId: string;
    try {
      paperId = parseArxivId(paper).id;
    } catch (error) {
      if (!(error instanceof InvalidArxivIdError)) throw error;
      return sendVoteRefusal(c, 400, error.message);
    }
    const back = next === undefined ? paperPath(paperId) : safeNextPath(next);
    const viewer = c.get("viewer");
    if (viewer === null) return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    const outcome = await app.discussion.vote(viewer, paperId, voted === undefined ? undefined : voted === "true");
    if (outcome.ok) return c.redirect(back, 303);
    const { kind, message } = outcome.error;
    // A vote asks no outside source, so "unavailable" does not happen; 400 keeps the type total.
    return sendVoteRefusal(c, kind === "unavailable" ? 400 : REFUSAL_STATUS[kind], message, back);
  });
}

function sendVoteRefusal(
  c: Parameters<typeof sendAccountPage>[0],
  status: 400 | 401 | 403 | 404,
  message: string,
  back = "/",
) {
  return sendAccountPage(
    c,
    "Your upvote was not counted",
    <>
      <h1>Your upvote was not counted</h1>
      <Notice tone="error">{message}</Notice>
      <p>
        <a href={back}>Go back</a>
      </p>
    </>,
    status,
  );
}
