import type { PageRequest, PageResult } from "../papers/ports.js";
import type { StoredComment } from "./comment.js";
import type { ReportReason } from "./report-reasons.js";
import type { SubmissionDecision, SubmissionFacts } from "./submission-rules.js";

/**
 * What the discussion core needs from storage: comments, reports, votes, submissions and
 * the moderation log. Times are ISO 8601 UTC strings. Implemented by each backend.
 */

export interface NewComment {
  readonly paperId: string;
  readonly parentId: number | null;
  readonly authorId: number;
  readonly bodyMarkdown: string;
  readonly bodyHtml: string;
  readonly renderVersion: number;
  readonly createdAt: string;
}

export interface CommentBodyUpdate {
  readonly bodyMarkdown: string;
  readonly bodyHtml: string;
  readonly renderVersion: number;
  readonly editedAt: string;
}

/** Per paper: comments a signed-out reader sees, and who wrote them (for author participation). */
export interface CommentSummary {
  readonly numComments: number;
  readonly authorIds: readonly number[];
}

export interface CommentStore {
  /** Null when the paper is unknown or the parent is not a comment on the same paper. */
  insert(comment: NewComment): Promise<StoredComment | null>;
  find(id: number): Promise<StoredComment | null>;
  /** Every comment on the paper, deleted and hidden included (the thread decides what shows). */
  listForPaper(paperId: string): Promise<StoredComment[]>;
  /** A user's public comments (neither deleted nor hidden), newest first, for profiles. */
  listPublicByAuthor(authorId: number, page: PageRequest): Promise<PageResult<StoredComment>>;
  /** False when the comment is gone or deleted. */
  updateBody(id: number, update: CommentBodyUpdate): Promise<boolean>;
  /** Erases the body and marks the comment deleted; false when it already was. */
  markDeleted(id: number, deletedAt: string): Promise<boolean>;
  /** Hides (a time) or unhides (null); false when nothing changed. */
  setHidden(id: number, hiddenAt: string | null, hiddenBy: number | null): Promise<boolean>;
  /** Summaries for these papers; papers without public comments are absent. */
  summarize(paperIds: readonly string[]): Promise<Map<string, CommentSummary>>;
}

export interface NewReport {
  readonly commentId: number;
  readonly reporterId: number;
  readonly reason: ReportReason;
  readonly note: string | null;
  readonly createdAt: string;
}

export interface OpenReport {
  readonly commentId: number;
  readonly paperId: string;
  /** Reports on the comment, oldest first. */
  readonly reports: readonly { reporterId: number; reason: ReportReason; note: string | null; createdAt: string }[];
}

export type ReportResolution = "hidden" | "dismissed";

export interface ReportStore {
  /** "duplicate" when this user already reported the comment. */
  insert(report: NewReport): Promise<"created" | "duplicate">;
  /** Comments with unresolved reports, the longest-waiting first. */
  listOpen(page: PageRequest): Promise<PageResult<OpenReport>>;
  /** Closes every open report on the comment; returns how many. */
  resolve(commentId: number, resolution: ReportResolution, resolvedBy: number, resolvedAt: string): Promise<number>;
}

export interface VoteState {
  readonly voted: boolean;
  /** Votes cast on this hub. */
  readonly votes: number;
  /** What the hub shows and trending reads: imported counts plus votes cast here. */
  readonly upvotes: number;
}

export interface VoteStore {
  /** Adds or removes the user's vote atomically; null when the paper is unknown. */
  toggle(userId: number, paperId: string, at: string): Promise<VoteState | null>;
  /** Sets the vote to `voted` (idempotent, for retried requests); null when the paper is unknown. */
  set(userId: number, paperId: string, voted: boolean, at: string): Promise<VoteState | null>;
  /** The paper's counts and whether this user (if any) voted; null when the paper is unknown. */
  find(userId: number | null, paperId: string): Promise<VoteState | null>;
  /** Which of these papers the user voted for (to mark lists). */
  listVotedAmong(userId: number, paperIds: readonly string[]): Promise<Set<string>>;
  /** Papers the user voted for, newest vote first. */
  listVotedPapers(userId: number, page: PageRequest): Promise<PageResult<string>>;
}

export interface SubmissionRequest {
  readonly userId: number;
  /** Written to daily_listings.submitted_by, which lists name submitters by handle. */
  readonly userHandle: string;
  readonly paperId: string;
  readonly now: string;
  /** Start of the UTC day of `now`: submissions since then count towards the daily limit. */
  readonly dayStart: string;
}

export interface Submission {
  readonly paperId: string;
  readonly listingDate: string;
  readonly createdAt: string;
}

export interface SubmissionStore {
  /**
   * Reads the facts, asks `decide`, and on "accepted" writes the submission and the listing,
   * all in one transaction, so two requests cannot both take the last slot of the daily
   * limit or list a paper twice. Null when the paper is unknown.
   */
  submit(
    request: SubmissionRequest,
    decide: (facts: SubmissionFacts) => SubmissionDecision,
  ): Promise<SubmissionDecision | null>;
  listByUser(userId: number, page: PageRequest): Promise<PageResult<Submission>>;
}

export interface ModerationAction {
  readonly actorId: number;
  readonly actorHandle: string;
  readonly action: string;
  readonly targetType: "comment" | "user" | "paper";
  readonly targetId: string;
  readonly reason: string | null;
  readonly createdAt: string;
}

/** Append-only record of what moderators and admins did. */
export interface ModerationLog {
  append(action: ModerationAction): Promise<void>;
  /** Newest first. */
  list(page: PageRequest): Promise<PageResult<ModerationAction & { id: number }>>;
}

export interface CommunityStore {
  readonly comments: CommentStore;
  readonly reports: ReportStore;
  readonly votes: VoteStore;
  readonly submissions: SubmissionStore;
  readonly moderationLog: ModerationLog;
}

/** Where a claim of authorship stands (author-claims.ts has the moves between them). */
export type AuthorClaimStatus = "pending" | "approved" | "rejected" | "withdrawn";

/** A member's claim to be one of a paper's listed authors, with the public facts of the claimant. */
export interface AuthorClaim {
  readonly id: number;
  readonly paperId: string;
  readonly userId: number;
  readonly userHandle: string;
  readonly userDisplayName: string;
  readonly userSuspended: boolean;
  /** The name as the paper lists it. */
  readonly authorName: string;
  readonly status: AuthorClaimStatus;
  readonly createdAt: string;
  /** The last review, or the withdrawal; null while pending. */
  readonly decidedAt: string | null;
  /** Handle of the reviewer (null while pending, after a withdrawal, or when that account is gone). */
  readonly decidedByHandle: string | null;
  readonly decisionReason: string | null;
}

/** What deciding on a new claim reads, inside the store's transaction. */
export interface AuthorClaimFacts {
  /** The claimant's pending or approved claim on this paper. */
  readonly liveClaim: AuthorClaim | null;
  /** Another account's approved claim on this name of this paper. */
  readonly approvedHolder: AuthorClaim | null;
  /** Claims the user filed since `dayStart`, withdrawn and rejected ones included. */
  readonly claimsToday: number;
}

export interface NewAuthorClaim {
  readonly paperId: string;
  readonly userId: number;
  readonly authorName: string;
  readonly createdAt: string;
  /** Start of the UTC day of `createdAt`, for the daily limit. */
  readonly dayStart: string;
}

export interface AuthorClaimStatusChange {
  readonly id: number;
  /** The status read before deciding: the change applies only if it still holds. */
  readonly from: AuthorClaimStatus;
  readonly to: Exclude<AuthorClaimStatus, "pending">;
  readonly at: string;
  /** The reviewer; null for a withdrawal. */
  readonly by: number | null;
  readonly reason: string | null;
}

export interface AuthorClaimStore {
  /**
   * Reads the facts, asks `decide`, and inserts a pending claim when it says "accept", in
   * one transaction (two requests cannot both pass the daily limit or the one-claim rule).
   */
  create<R>(
    claim: NewAuthorClaim,
    decide: (facts: AuthorClaimFacts) => { accept: true } | { accept: false; refusal: R },
  ): Promise<{ created: AuthorClaim } | { refused: R }>;
  find(id: number): Promise<AuthorClaim | null>;
  /** The user's newest claim on the paper, whatever its status. */
  findLatest(paperId: string, userId: number): Promise<AuthorClaim | null>;
  /**
   * "changed"; "stale" when the claim is gone or no longer in `from`; "name-taken" when an
   * approval meets another approved claim on the same name.
   */
  changeStatus(change: AuthorClaimStatusChange): Promise<"changed" | "stale" | "name-taken">;
  /** Approved claims of these papers in one read, oldest claim first; papers without any are absent. */
  listApproved(paperIds: readonly string[]): Promise<Map<string, AuthorClaim[]>>;
  /** A user's approved claims, newest first (profiles). */
  listApprovedByUser(userId: number, page: PageRequest): Promise<PageResult<AuthorClaim>>;
  /** Claims in one status: pending ones longest waiting first, the others newest decision first. */
  listByStatus(status: AuthorClaimStatus, page: PageRequest): Promise<PageResult<AuthorClaim>>;
}
