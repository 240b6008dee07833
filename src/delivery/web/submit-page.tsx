import type { Child } from "hono/jsx";
import type { SubmissionResult } from "../../core/discussion/submit-paper.js";
import type { DiscussionFailure } from "../../core/discussion/discussion-outcome.js";
import { formatHumanDay } from "../../lib/dates.js";
import { Field, Notice, PostForm } from "./account-forms.js";
import { plural } from "./format.js";
import { paperPath } from "./paths.js";
import { useViewerChrome } from "./viewer-context.js";

export const SUBMIT_PATH = "/submit";

/** What the last submission did: a decision of the core, or its refusal. */
export type SubmitOutcome =
  { readonly ok: true; readonly value: SubmissionResult } | { readonly ok: false; readonly error: DiscussionFailure };

export interface SubmitPageProps {
  readonly token: string;
  readonly windowDays: number;
  readonly dailyLimit: number;
  /** Why this account may not submit (unconfirmed, suspended); the form is not shown. */
  readonly refusal?: string;
  /** What was typed, shown again after a refusal. */
  readonly input?: string;
  readonly outcome?: SubmitOutcome;
}

export function SubmitPage({ token, windowDays, dailyLimit, refusal, input, outcome }: SubmitPageProps) {
  return (
    <>
      <h1>Submit a paper</h1>
      <p>
        Put an arXiv paper on today's daily list. It can be up to {plural(windowDays, "day")} old; each account submits
        up to {plural(dailyLimit, "paper")} a day. Papers this hub lacks are fetched from arXiv.
      </p>
      {outcome && <OutcomeNotice outcome={outcome} />}
      {refusal ? (
        <Notice tone="error">{refusal}</Notice>
      ) : (
        <PostForm action={SUBMIT_PATH} token={token} submit="Submit">
          <Field
            name="paper"
            label="arXiv id or URL"
            value={outcome?.ok && outcome.value.kind === "accepted" ? undefined : input}
            autocomplete="off"
            maxLength={300}
            hint="For example 2501.01234, arXiv:2501.01234v2 or https://arxiv.org/abs/2501.01234"
          />
        </PostForm>
      )}
    </>
  );
}

function OutcomeNotice({ outcome }: { outcome: SubmitOutcome }) {
  if (!outcome.ok) return <Notice tone="error">{outcome.error.message}</Notice>;
  const result = outcome.value;
  const paper = <a href={paperPath(result.paperId)}>{result.paperId}</a>;
  const listLink = (day: string): Child => <a href={`/papers/date/${day}`}>daily list of {formatHumanDay(day)}</a>;
  switch (result.kind) {
    case "accepted":
      return (
        <Notice tone="ok">
          Thank you: {paper} is on the {listLink(result.listingDate)}.
        </Notice>
      );
    case "duplicate":
      return (
        <Notice tone="error">
          {paper} is already on the {listLink(result.listingDate)}.
        </Notice>
      );
    case "too-old":
      return (
        <Notice tone="error">
          {paper} was published on {formatHumanDay(result.publishedAt.slice(0, 10))}: the daily list takes papers up to{" "}
          {plural(result.windowDays, "day")} after publication.
        </Notice>
      );
    case "limit-reached":
      return (
        <Notice tone="error">
          You have made today's {plural(result.dailyLimit, "submission")}, the daily limit. You can submit again after
          midnight UTC.
        </Notice>
      );
  }
}

/** "Submit a paper", for signed-in viewers (beside the daily list's heading). */
export function SubmitLink() {
  const { viewer } = useViewerChrome();
  if (viewer === null) return null;
  return (
    <a class="submit-link" href={SUBMIT_PATH}>
      Submit a paper
    </a>
  );
}
