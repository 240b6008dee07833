import { canContribute } from "../../core/accounts/viewer.js";
import type { Paper } from "../../core/papers/paper.js";
import { CSRF_FIELD } from "../http/csrf.js";
import { plural } from "./format.js";
import { UpvoteIcon } from "./icons.js";
import { paperPath } from "./paths.js";
import { useViewerChrome } from "./viewer-context.js";
import { useVoteStates } from "./vote-states.js";

/** The form the button posts without JavaScript (vote-form-routes.ts). */
export const VOTE_FORM_ACTION = "/votes";

/**
 * The upvote button with the paper's count. Signed in and allowed to vote: a real form
 * (works without script; static/votes.js makes it optimistic through the API). Signed
 * out: a link to log in. An account that may not vote yet sees the count and why.
 */
export function VoteButton({ paper }: { paper: Pick<Paper, "id" | "upvotes"> }) {
  const { viewer, csrfToken } = useViewerChrome();
  const states = useVoteStates();
  const state = states?.byPaper.get(paper.id);
  const upvotes = state?.upvotes ?? paper.upvotes;
  const returnTo = states?.returnTo ?? paperPath(paper.id);
  const count = (
    <span class="vote-count" data-count={String(upvotes)}>
      {plural(upvotes, "upvote")}
    </span>
  );
  if (viewer === null || csrfToken === null) {
    return (
      <a class="vote-button" href={`/login?next=${encodeURIComponent(returnTo)}`} title="Log in to upvote">
        <UpvoteIcon />
        {count}
        <span class="sr-only"> (log in to upvote)</span>
      </a>
    );
  }
  const why = viewer.suspended ? "Your account is suspended." : "Confirm your email address to upvote.";
  if (!canContribute(viewer)) {
    return (
      <span class="vote-button" title={why}>
        <UpvoteIcon />
        {count}
        <span class="sr-only"> ({why})</span>
      </span>
    );
  }
  return (
    <form method="post" action={VOTE_FORM_ACTION} class="vote-form" data-vote-paper={paper.id}>
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      <input type="hidden" name="paper" value={paper.id} />
      {state && <input type="hidden" name="voted" value={state.voted ? "false" : "true"} />}
      <input type="hidden" name="next" value={returnTo} />
      <button
        type="submit"
        class="vote-button"
        aria-pressed={state ? String(state.voted) : undefined}
        title={state?.voted ? "Take your upvote back" : "Upvote"}
      >
        <UpvoteIcon />
        <span class="sr-only">Upvote: </span>
        {count}
      </button>
      <span class="vote-message" role="status"></span>
    </form>
  );
}
