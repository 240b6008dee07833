import type { SubscriptionStore } from "./subscription-ports.js";
import type { DeliveryDecision } from "./decide-delivery-outcome.js";
import type { FeedbackDecision } from "./decide-feedback-effects.js";
import type { DigestTopic } from "./digest-topics.js";
import type { DigestCadence, IssuePeriod } from "./issue-period.js";
import type { FrozenIssueSelection, SelectedPaper } from "./select-digest-papers.js";

/** A mailing list: "daily" or "weekly" trending papers. */
export interface DigestList {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly cadence: DigestCadence;
  /** RFC 2919 list id, e.g. `daily.papers.example.org`. */
  readonly listIdHeader: string;
  readonly active: boolean;
}

export type IssueStatus = "preparing" | "prepared" | "sending" | "done" | "paused" | "failed";

export interface DigestIssue {
  readonly id: number;
  readonly listId: number;
  readonly periodKey: string;
  readonly covers: { readonly from: string; readonly to: string };
  readonly status: IssueStatus;
  /** Null until preparation froze it. */
  readonly content: FrozenIssueSelection | null;
  readonly pausedReason: string | null;
}

/** A confirmed, unsuppressed subscription of an active subscriber: who an issue goes to. */
export interface AudienceMember {
  readonly subscriptionId: number;
  readonly subscriptionPublicId: string;
  readonly subscriberId: number;
  readonly subscriberPublicId: string;
  readonly email: string;
  readonly topics: readonly DigestTopic[];
}

/** One recipient's row as preparation writes it. */
export interface PreparedDelivery {
  readonly subscriptionId: number;
  readonly subscriberId: number;
  readonly toEmail: string;
  /** Random, in the VERP address and Message-ID. */
  readonly publicId: string;
  readonly messageId: string;
  /** Empty with `skipped`: too few papers this period. */
  readonly selection: readonly SelectedPaper[];
  readonly skipped: boolean;
}

export interface ClaimedDelivery {
  readonly id: number;
  readonly publicId: string;
  readonly issueId: number;
  readonly subscriptionId: number;
  readonly subscriptionPublicId: string;
  readonly subscriberPublicId: string;
  readonly toEmail: string;
  readonly messageId: string;
  readonly selection: readonly SelectedPaper[];
  /** Attempts including this one. */
  readonly attempts: number;
  readonly firstAttemptAt: Date;
}

export interface ClaimRequest {
  /** Names the worker holding the lease (process id, host). */
  readonly workerId: string;
  readonly now: Date;
  /** A lease not renewed by then is taken as a crash: the row becomes `uncertain`. */
  readonly leaseMs: number;
  readonly limit: number;
  /** Only deliveries of this list's issues (`digest send --list daily`); every list when omitted. */
  readonly listId?: number;
}

/** A bounce or complaint report, matched to a delivery by its VERP id or else its Message-ID. */
export interface FeedbackRecord {
  readonly deliveryPublicId: string | null;
  /** Without angle brackets. */
  readonly messageId: string | null;
  readonly source: "dsn" | "arf";
  readonly decision: FeedbackDecision;
  readonly statusCode: string | null;
  readonly diagnostic: string | null;
  /** From feedbackDedupeKey: a report seen twice is recorded once. */
  readonly dedupeKey: string;
}

/** Storage of lists, issues and the outbox. Every method may be called twice (idempotent). */
export interface DigestStore extends SubscriptionStore {
  /** Creates the list or updates its name, cadence and List-Id; keyed by slug. */
  saveList(list: Omit<DigestList, "id">, now: Date): Promise<DigestList>;
  listLists(): Promise<DigestList[]>;
  /** The issue of this list and period, created on the first call only. */
  openIssue(listId: number, period: IssuePeriod, now: Date): Promise<{ issue: DigestIssue; created: boolean }>;
  findIssue(issueId: number): Promise<DigestIssue | null>;
  /** A page of the list's audience in subscription id order, after `afterSubscriptionId`. */
  listAudience(listId: number, afterSubscriptionId: number, limit: number): Promise<AudienceMember[]>;
  /** Papers each subscriber was sent (or maybe sent) before. */
  listSentPaperIds(subscriberIds: readonly number[]): Promise<Map<number, Set<string>>>;
  /** Freezes the content once, then adds deliveries (existing ones are kept as they are). */
  addDeliveries(
    issueId: number,
    content: FrozenIssueSelection,
    deliveries: readonly PreparedDelivery[],
    now: Date,
  ): Promise<number>;
  /** Marks the issue `prepared`: after this, the audience is never selected again. */
  markIssuePrepared(issueId: number, now: Date): Promise<void>;
  /**
   * Leases due deliveries of issues that are prepared or sending. A delivery whose
   * subscription stopped being confirmed, or whose address got suppressed, is `skipped` instead.
   */
  claimDeliveries(request: ClaimRequest): Promise<ClaimedDelivery[]>;
  /** Stores one attempt's decision and applies its effects (bounce, suppression, pause). */
  recordDeliveryOutcome(deliveryId: number, decision: DeliveryDecision, now: Date): Promise<void>;
  /** `sending` rows whose lease expired (their worker died) become `uncertain`; returns how many. */
  expireLeases(now: Date): Promise<number>;
  /** Issues with nothing left to send become `done`; returns how many. */
  finishIssues(now: Date): Promise<number>;
  resumeIssue(issueId: number): Promise<void>;
  /** Stops an issue's sending (circuit breaker, operator); `resumeIssue` continues it. */
  pauseIssue(issueId: number, reason: string): Promise<void>;
  /** How many of the issue's deliveries are in each status. */
  countDeliveries(issueId: number): Promise<Record<string, number>>;
  /** Applies a report's decision to its delivery's subscription and the suppression list, once. */
  recordFeedback(record: FeedbackRecord, now: Date): Promise<"recorded" | "duplicate" | "unknown-delivery">;
}
