import { MS_PER_DAY, formatDay } from "../../lib/dates.js";
import { parseArxivId } from "../papers/arxiv-id.js";

/**
 * Submitting a paper to today's daily list. The checks run in this order, so the most useful
 * answer wins: a paper already listed points to its listing even when it is also too old.
 */

/** Papers published longer ago than this are not news for a daily list (issue 5: configurable, default 14). */
export const DEFAULT_SUBMISSION_WINDOW_DAYS = 14;
/** Submissions per user per UTC day: enough for a researcher's week of reading, too few for spam. */
export const DEFAULT_SUBMISSIONS_PER_USER_PER_DAY = 5;
/** Longer input is not an id or a URL of one. */
const MAX_SUBMISSION_INPUT_CHARS = 300;

export interface SubmissionPolicy {
  readonly windowDays: number;
  readonly dailyLimit: number;
}

export const DEFAULT_SUBMISSION_POLICY: SubmissionPolicy = {
  windowDays: DEFAULT_SUBMISSION_WINDOW_DAYS,
  dailyLimit: DEFAULT_SUBMISSIONS_PER_USER_PER_DAY,
};

export type SubmissionTarget =
  { readonly ok: true; readonly paperId: string } | { readonly ok: false; readonly message: string };

/** An arXiv id in any spelling parseArxivId knows: bare, `arXiv:` prefixed, arxiv.org or huggingface.co URL. */
export function parseSubmissionTarget(input: string): SubmissionTarget {
  if (input.length > MAX_SUBMISSION_INPUT_CHARS)
    return { ok: false, message: "That is too long for an arXiv id or URL." };
  try {
    return { ok: true, paperId: parseArxivId(input).id };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "Not an arXiv id." };
  }
}

/** What the store knows when the submission is decided (read in the same transaction as the write). */
export interface SubmissionFacts {
  readonly publishedAt: string;
  /** The paper's latest day on a daily list, if any. */
  readonly existingListingDate: string | null;
  /** Submissions this user made since the start of today (UTC). */
  readonly submissionsToday: number;
}

export type SubmissionDecision =
  | { readonly kind: "accepted"; readonly listingDate: string }
  | { readonly kind: "duplicate"; readonly listingDate: string }
  | { readonly kind: "too-old"; readonly publishedAt: string; readonly windowDays: number }
  | { readonly kind: "limit-reached"; readonly dailyLimit: number };

export function decideSubmission(facts: SubmissionFacts, policy: SubmissionPolicy, now: Date): SubmissionDecision {
  if (facts.existingListingDate !== null) return { kind: "duplicate", listingDate: facts.existingListingDate };
  const ageMs = now.getTime() - Date.parse(facts.publishedAt);
  if (ageMs > policy.windowDays * MS_PER_DAY) {
    return { kind: "too-old", publishedAt: facts.publishedAt, windowDays: policy.windowDays };
  }
  if (facts.submissionsToday >= policy.dailyLimit) return { kind: "limit-reached", dailyLimit: policy.dailyLimit };
  return { kind: "accepted", listingDate: formatDay(now) };
}

/** Midnight UTC that starts `now`'s day, as stored timestamps are written. */
export function startOfUtcDay(now: Date): string {
  return `${formatDay(now)}T00:00:00.000Z`;
}
