import { canPost } from "./comment-permissions.js";
import type { DiscussionActor, DiscussionServiceDeps } from "./discussion-service.js";
import { type Outcome, fail, refuseWriter, succeed } from "./discussion-outcome.js";
import {
  DEFAULT_SUBMISSION_POLICY,
  type SubmissionDecision,
  decideSubmission,
  parseSubmissionTarget,
  startOfUtcDay,
} from "./submission-rules.js";

export type SubmissionResult = SubmissionDecision & { readonly paperId: string };

/**
 * Submitting an arXiv id or URL to today's daily list. An unknown paper is fetched from its
 * source first; the decision (duplicate, window, daily limit) and the write happen in one
 * store transaction.
 */
export function createSubmissionOperations(deps: DiscussionServiceDeps) {
  const policy = deps.submissionPolicy ?? DEFAULT_SUBMISSION_POLICY;

  async function ensurePaper(paperId: string): Promise<Outcome<true>> {
    if (await deps.papers.findPaper(paperId)) return succeed(true);
    if (!deps.fetchPaper) return fail("not-found", `Paper ${paperId} is not in this hub.`);
    const fetched = await deps.fetchPaper(paperId);
    if (fetched === "imported") return succeed(true);
    if (fetched === "not-found") return fail("not-found", `arXiv has no paper ${paperId}.`);
    return fail("unavailable", `arXiv could not be reached to look up ${paperId}; try again in a few minutes.`);
  }

  return {
    async submitPaper(actor: DiscussionActor | null, input: string): Promise<Outcome<SubmissionResult>> {
      if (!canPost(actor)) return refuseWriter(actor);
      const target = parseSubmissionTarget(input);
      if (!target.ok) return fail("invalid", target.message);
      const known = await ensurePaper(target.paperId);
      if (!known.ok) return known;
      const now = deps.now();
      const decision = await deps.store.submissions.submit(
        {
          userId: actor.userId,
          userHandle: actor.handle,
          paperId: target.paperId,
          now: now.toISOString(),
          dayStart: startOfUtcDay(now),
        },
        (facts) => decideSubmission(facts, policy, now),
      );
      if (!decision) return fail("not-found", `Paper ${target.paperId} is not in this hub.`);
      if (decision.kind === "accepted") deps.onSignalsChanged?.();
      return succeed({ ...decision, paperId: target.paperId });
    },
  };
}
