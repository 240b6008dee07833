import type { Context, Hono } from "hono";
import { z } from "zod";
import type { App } from "../../app.js";
import { canContribute } from "../../core/accounts/viewer.js";
import type { HttpEnv } from "../http/http-env.js";
import { readForm, sendAccountPage } from "./account-forms.js";
import type { PageStatus } from "./layout.js";
import { SUBMIT_PATH, type SubmitOutcome, SubmitPage, type SubmitPageProps } from "./submit-page.js";

const submitFormSchema = z.object({
  paper: z
    .string({ message: "Enter an arXiv id or URL." })
    .trim()
    .min(1, "Enter an arXiv id or URL.")
    .max(300, "That is too long for an arXiv id or URL."),
});

/** The page's status for each answer; 503 is not a PageStatus, so it is set on the sent response. */
const DECISION_STATUS = { accepted: 200, duplicate: 409, "too-old": 422, "limit-reached": 429 } as const;
const FAILURE_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  invalid: 400,
  unavailable: 503,
} as const;

/** `/submit`: a signed-in user puts an arXiv paper on today's daily list. */
export function registerSubmitRoutes(http: Hono<HttpEnv>, app: App): void {
  const policy = {
    windowDays: app.config.accounts.submissionWindowDays,
    dailyLimit: app.config.accounts.submissionsPerDay,
  };

  async function send(c: Context<HttpEnv>, props: Partial<SubmitPageProps>, status: PageStatus | 503 = 200) {
    const viewer = c.get("viewer");
    const suspended = viewer?.suspended === true;
    const refusal = canContribute(viewer)
      ? undefined
      : suspended
        ? "Your account is suspended: it cannot submit papers."
        : "Confirm your email address first: the link is in the mail we sent when you signed up.";
    const page = <SubmitPage token={c.get("csrf").token()} {...policy} refusal={refusal} {...props} />;
    const response = await sendAccountPage(c, "Submit a paper", page, status === 503 ? 200 : status);
    return status === 503 ? new Response(response.body, { status, headers: response.headers }) : response;
  }

  http.get(SUBMIT_PATH, async (c) => {
    if (c.get("viewer") === null) return c.redirect(`/login?next=${encodeURIComponent(SUBMIT_PATH)}`, 303);
    return send(c, {});
  });

  http.post(SUBMIT_PATH, async (c) => {
    if (c.get("viewer") === null) return c.redirect(`/login?next=${encodeURIComponent(SUBMIT_PATH)}`, 303);
    const form = await readForm(c, submitFormSchema);
    if (!form.ok) return send(c, { outcome: { ok: false, error: { kind: "invalid", message: form.message } } }, 400);
    const input = form.data.paper;
    const outcome: SubmitOutcome = await app.discussion.submitPaper(c.get("viewer"), input);
    const status = outcome.ok ? DECISION_STATUS[outcome.value.kind] : FAILURE_STATUS[outcome.error.kind];
    return send(c, { input, outcome }, status);
  });
}
