import type { PageRequest, PageResult, PaperStore } from "../papers/ports.js";
import {
  AUTHOR_CLAIMS_PER_DAY,
  type ClaimFailure,
  type ClaimOutcome,
  type ClaimVerdict,
  auditActionOf,
  canMoveTo,
  canReviewClaims,
  claimFailure,
  isLive,
  matchListedAuthor,
  refuseNewClaim,
} from "./author-claim-rules.js";
import type { Actor } from "./comment.js";
import { canPost } from "./comment-permissions.js";
import type { DiscussionActor } from "./discussion-service.js";
import { refuseWriter, signInFirst } from "./discussion-outcome.js";
import type { AuthorClaim, AuthorClaimStatus, AuthorClaimStore, ModerationLog } from "./ports.js";
import { MODERATION_REASON_MAX_CHARS } from "./report-queue.js";
import { startOfUtcDay } from "./submission-rules.js";

export interface AuthorClaimServiceDeps {
  readonly store: AuthorClaimStore;
  readonly papers: Pick<PaperStore, "findPaper">;
  /** Every review is recorded here, like the other moderation actions. */
  readonly log: ModerationLog;
  readonly now: () => Date;
  readonly dailyLimit?: number;
  /** Called when approved claims changed: badges and HF's isAuthorParticipating on cached answers. */
  readonly onChanged?: () => void;
}

export type AuthorClaimService = ReturnType<typeof createAuthorClaimService>;

/**
 * Claimed authorship: a member claims one of a paper's listed names, a curator (or higher)
 * approves or rejects it, and the member may withdraw it. Approved claims are what the
 * discussion service asks for (findPaperAuthorIds) to badge comments.
 */
export function createAuthorClaimService(deps: AuthorClaimServiceDeps) {
  const { store, now } = deps;
  const dailyLimit = deps.dailyLimit ?? AUTHOR_CLAIMS_PER_DAY;
  const succeed = <T>(value: T): ClaimOutcome<T> => ({ ok: true, value });

  async function refreshed(id: number): Promise<AuthorClaim> {
    const claim = await store.find(id);
    if (claim === null) throw new Error(`author claim ${id} vanished after a change`);
    return claim;
  }

  async function describeStale(id: number): Promise<ClaimOutcome<never>> {
    const claim = await store.find(id);
    return claim === null
      ? claimFailure("not-found", "No such claim.")
      : claimFailure("conflict", `The claim changed meanwhile: it is ${claim.status} now. Reload and look again.`);
  }

  return {
    async claim(actor: DiscussionActor | null, paperId: string, author: string): Promise<ClaimOutcome<AuthorClaim>> {
      if (!canPost(actor)) return refuseWriter(actor);
      const paper = await deps.papers.findPaper(paperId);
      if (paper === null) return claimFailure("not-found", `No paper ${paperId} in this hub.`);
      const match = matchListedAuthor(paper.authors, author);
      if (!match.ok) return claimFailure("invalid", match.message);
      const at = now();
      const result = await store.create<ClaimFailure>(
        {
          paperId,
          userId: actor.userId,
          authorName: match.name,
          createdAt: at.toISOString(),
          dayStart: startOfUtcDay(at),
        },
        (facts) => {
          const refusal = refuseNewClaim(facts, match.name, dailyLimit);
          return refusal === null ? { accept: true } : { accept: false, refusal };
        },
      );
      return "created" in result ? succeed(result.created) : { ok: false, error: result.refused };
    },

    /** Withdraws the member's pending or approved claim on the paper (a suspended member may, too). */
    async withdraw(actor: Actor | null, paperId: string): Promise<ClaimOutcome<AuthorClaim>> {
      if (actor === null) return signInFirst();
      const claim = await store.findLatest(paperId, actor.userId);
      if (claim === null || !isLive(claim.status)) {
        return claimFailure("not-found", "You have no pending or approved claim on this paper.");
      }
      const change = { id: claim.id, from: claim.status, to: "withdrawn" as const, by: null, reason: null };
      const changed = await store.changeStatus({ ...change, at: now().toISOString() });
      if (changed !== "changed") return describeStale(claim.id);
      if (claim.status === "approved") deps.onChanged?.();
      return succeed(await refreshed(claim.id));
    },

    /** Approves or rejects (revokes, when approved) a claim; the audit log records who, what and why. */
    async review(
      actor: DiscussionActor | null,
      claimId: number,
      verdict: ClaimVerdict,
      reason: string | null,
    ): Promise<ClaimOutcome<AuthorClaim>> {
      if (!canReviewClaims(actor)) {
        return actor === null
          ? signInFirst()
          : claimFailure("forbidden", "Only curators, moderators and admins review claims.");
      }
      const why = reason?.trim() || null;
      if (verdict === "reject" && why === null) return claimFailure("invalid", "Give a reason: the claimant sees it.");
      if (why !== null && why.length > MODERATION_REASON_MAX_CHARS) {
        return claimFailure("invalid", `Keep the reason under ${MODERATION_REASON_MAX_CHARS} characters.`);
      }
      const claim = await store.find(claimId);
      if (claim === null) return claimFailure("not-found", "No such claim.");
      if (claim.userId === actor.userId) return claimFailure("forbidden", "You cannot review your own claim.");
      if (!canMoveTo(verdict, claim.status)) {
        return claimFailure("conflict", `This claim is ${claim.status}: it cannot be ${verdict}d now.`);
      }
      if (verdict === "approve" && claim.userSuspended) {
        return claimFailure("forbidden", `@${claim.userHandle} is suspended: their claim cannot be approved.`);
      }
      const to = verdict === "approve" ? "approved" : "rejected";
      const at = now().toISOString();
      const changed = await store.changeStatus({
        id: claim.id,
        from: claim.status,
        to,
        at,
        by: actor.userId,
        reason: why,
      });
      if (changed === "stale") return describeStale(claim.id);
      if (changed === "name-taken") {
        const holder = (await store.listApproved([claim.paperId]))
          .get(claim.paperId)
          ?.find((c) => c.authorName === claim.authorName);
        const who = holder ? `@${holder.userHandle}` : "another account";
        return claimFailure(
          "conflict",
          `"${claim.authorName}" on ${claim.paperId} is already claimed by ${who}. Revoke that claim before approving this one.`,
        );
      }
      await deps.log.append({
        actorId: actor.userId,
        actorHandle: actor.handle,
        action: auditActionOf(verdict, claim.status),
        targetType: "paper",
        targetId: claim.paperId,
        reason: `@${claim.userHandle} as "${claim.authorName}"${why === null ? "" : `: ${why}`}`,
        createdAt: at,
      });
      if (verdict === "approve" || claim.status === "approved") deps.onChanged?.();
      return succeed(await refreshed(claim.id));
    },

    async listForReview(
      actor: Actor | null,
      status: AuthorClaimStatus,
      page: PageRequest,
    ): Promise<ClaimOutcome<PageResult<AuthorClaim>>> {
      if (!canReviewClaims(actor)) {
        return actor === null
          ? signInFirst()
          : claimFailure("forbidden", "Only curators, moderators and admins review claims.");
      }
      return succeed(await store.listByStatus(status, page));
    },

    /** The viewer's newest claim on the paper (any status), so the page can say where it stands. */
    async findViewerClaim(actor: Actor | null, paperId: string): Promise<AuthorClaim | null> {
      return actor === null ? null : store.findLatest(paperId, actor.userId);
    },

    /** Approved claims of one paper: its claimed authors. */
    async listClaimedAuthors(paperId: string): Promise<AuthorClaim[]> {
      return (await store.listApproved([paperId])).get(paperId) ?? [];
    },

    /** A member's approved claims, newest first (their profile's papers). */
    listAuthoredPapers(userId: number, page: PageRequest): Promise<PageResult<AuthorClaim>> {
      return store.listApprovedByUser(userId, page);
    },

    /** Users with an approved claim on the paper (the discussion service's findPaperAuthorIds). */
    async findPaperAuthorIds(paperId: string): Promise<ReadonlySet<number>> {
      const approved = (await store.listApproved([paperId])).get(paperId) ?? [];
      return new Set(approved.map((c) => c.userId));
    },

    /** The same for many papers in one store read (lists and the HF-compatible API). */
    async findAuthorIdsOfPapers(paperIds: readonly string[]): Promise<Map<string, ReadonlySet<number>>> {
      const approved = await store.listApproved(paperIds);
      return new Map([...approved].map(([paperId, claims]) => [paperId, new Set(claims.map((c) => c.userId))]));
    },
  };
}
