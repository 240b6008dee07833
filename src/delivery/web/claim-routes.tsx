import type { Context, Hono } from "hono";
import type { App } from "../../app.js";
import type { ClaimFailure } from "../../core/discussion/author-claim-rules.js";
import { parseArxivId } from "../../core/papers/arxiv-id.js";
import type { HttpEnv } from "../http/http-env.js";
import { readForm } from "./account-forms.js";
import { claimFormSchema } from "./claim-form-schemas.js";
import type { PageStatus } from "./layout.js";
import { pageHandler } from "./page-handler.js";
import { sendPaperPage } from "./paper-routes.js";
import { paperPath } from "./paths.js";

type C = Context<HttpEnv>;

/** What a refused authorship form answers as a page. */
const FAILURE_STATUS: Record<ClaimFailure["kind"], PageStatus> = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 400,
  conflict: 409,
  "rate-limited": 429,
  // Claims ask no outside source; should one ever, the page says so without a 5xx.
  unavailable: 409,
};

/**
 * The authorship forms of the paper page: claim one of the listed names, or withdraw one's
 * claim. Each validates, calls one operation and redirects back (Post/Redirect/Get); a
 * refused form gets the paper page again with the reason. `:id{.+}` because old-style ids
 * hold a slash.
 */
export function registerClaimRoutes(http: Hono<HttpEnv>, app: App): void {
  http.post(
    "/papers/:id{.+}/claims",
    pageHandler(async (c) => {
      const paperId = parseArxivId(c.req.param("id")!).id;
      const form = await readForm(c, claimFormSchema);
      if (!form.ok) return refuse(c, app, paperId, { kind: "invalid", message: form.message });
      const outcome = await app.authorClaims.claim(c.get("viewer"), paperId, form.data.author);
      return outcome.ok ? back(c, paperId, "claim-filed") : refuse(c, app, paperId, outcome.error);
    }),
  );
  http.post(
    "/papers/:id{.+}/claims/withdraw",
    pageHandler(async (c) => {
      const paperId = parseArxivId(c.req.param("id")!).id;
      const outcome = await app.authorClaims.withdraw(c.get("viewer"), paperId);
      return outcome.ok ? back(c, paperId, "claim-withdrawn") : refuse(c, app, paperId, outcome.error);
    }),
  );
}

function back(c: C, paperId: string, done: string) {
  return c.redirect(`${paperPath(paperId)}?done=${done}#authorship`, 303);
}

function refuse(c: C, app: App, paperId: string, failure: ClaimFailure) {
  c.header("Cache-Control", "private, no-store");
  return sendPaperPage(c, app, paperId, null, FAILURE_STATUS[failure.kind], failure.message);
}
