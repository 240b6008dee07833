import { hasRole } from "../accounts/roles.js";
import type { Actor } from "./comment.js";
import type { DiscussionFailure } from "./discussion-outcome.js";
import type { AuthorClaimFacts, AuthorClaimStatus } from "./ports.js";

/**
 * The pure rules of claimed authorship: which listed name a claim means, what refuses a new
 * claim, who reviews, and which reviews may follow which status. The service
 * (author-claims.ts) reads and writes; nothing here does I/O.
 */

/**
 * Claims per member per UTC day, withdrawn and rejected ones included: a researcher claims
 * a handful of papers at once, and reviewers should not face a queue of guesses.
 */
export const AUTHOR_CLAIMS_PER_DAY = 5;

/** Longer than any author name arXiv lists: a longer value is not a name. */
export const AUTHOR_NAME_MAX_CHARS = 300;

/** How many listed names a refusal spells out before "and N more". */
const NAMES_IN_MESSAGES = 8;

/** Refusals beyond the discussion core's: 409 (someone holds it) and 429 (the daily limit). */
export type ClaimFailure = {
  readonly kind: DiscussionFailure["kind"] | "conflict" | "rate-limited";
  readonly message: string;
};

export type ClaimOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ClaimFailure };

export function claimFailure<T = never>(kind: ClaimFailure["kind"], message: string): ClaimOutcome<T> {
  return { ok: false, error: { kind, message } };
}

export type ClaimVerdict = "approve" | "reject";

/**
 * Names compare as people type them: Unicode-normalised, spaces collapsed, case ignored.
 * Accents count ("Müller" is not "Muller"): they tell authors apart.
 */
export function normalizeAuthorName(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The paper's own spelling of the name the member typed or picked, or a refusal that lists the names. */
export function matchListedAuthor(
  authors: readonly string[],
  input: string,
): { ok: true; name: string } | { ok: false; message: string } {
  if (authors.length === 0) return { ok: false, message: "This paper lists no authors to claim." };
  const wanted = normalizeAuthorName(input);
  const name = authors.find((a) => normalizeAuthorName(a) === wanted);
  if (name !== undefined) return { ok: true, name };
  return {
    ok: false,
    message: `"${input.trim()}" is not among this paper's authors. Pick one of: ${listNames(authors)}.`,
  };
}

function listNames(authors: readonly string[]): string {
  const shown = authors.slice(0, NAMES_IN_MESSAGES).join(", ");
  const more = authors.length - NAMES_IN_MESSAGES;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/**
 * The listed name that most plausibly is this member, to preselect in the claim form: the
 * name equal to their display name, else one holding every word of it (two words or more),
 * accents ignored. Null when nothing fits; the member still picks any name.
 */
export function suggestAuthorName(authors: readonly string[], displayName: string): string | null {
  const words = (s: string) =>
    stripAccents(normalizeAuthorName(s))
      .split(/[\s.,-]+/)
      .filter(Boolean);
  const own = words(displayName);
  const exact = authors.find((a) => words(a).join(" ") === own.join(" "));
  if (exact !== undefined) return exact;
  if (own.length < 2) return null;
  return authors.find((a) => own.every((w) => words(a).includes(w))) ?? null;
}

function stripAccents(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Why a new claim is refused, in the order most useful to the member; null: accept. */
export function refuseNewClaim(facts: AuthorClaimFacts, authorName: string, dailyLimit: number): ClaimFailure | null {
  if (facts.liveClaim !== null) {
    const { authorName: held, status } = facts.liveClaim;
    return {
      kind: "conflict",
      message: `You already claim to be "${held}" on this paper (${status}). Withdraw that claim first.`,
    };
  }
  if (facts.approvedHolder !== null) {
    return { kind: "conflict", message: `"${authorName}" on this paper is already claimed by another account.` };
  }
  if (facts.claimsToday >= dailyLimit) {
    return {
      kind: "rate-limited",
      message: `You can file ${dailyLimit} authorship claims a day; the limit resets at midnight UTC.`,
    };
  }
  return null;
}

/** Curators and the roles above them review claims (they already vouch for papers by featuring them). */
export function canReviewClaims(actor: Actor | null): actor is Actor {
  return actor !== null && !actor.suspended && hasRole(actor.role, "curator");
}

/** Approve a pending claim; reject a pending one, or revoke (reject) an approved one. */
const REVIEWABLE: Readonly<Record<ClaimVerdict, readonly AuthorClaimStatus[]>> = {
  approve: ["pending"],
  reject: ["pending", "approved"],
};

/** Whole seconds from `now` to the next midnight UTC, when the daily claim limit starts over. */
export function secondsUntilLimitResets(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((next - now.getTime()) / 1000);
}

export function canMoveTo(verdict: ClaimVerdict, from: AuthorClaimStatus): boolean {
  return REVIEWABLE[verdict].includes(from);
}

/** The audit log's action for a review: rejecting an approved claim revokes it. */
export function auditActionOf(verdict: ClaimVerdict, from: AuthorClaimStatus): string {
  if (verdict === "approve") return "claim.approve";
  return from === "approved" ? "claim.revoke" : "claim.reject";
}

/** A member may withdraw their own pending or approved claim. */
export function isLive(status: AuthorClaimStatus): boolean {
  return status === "pending" || status === "approved";
}
