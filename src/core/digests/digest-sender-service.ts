import type { Logger } from "../../lib/logger.js";
import type { Mailer, OutgoingMail } from "../mail/ports.js";
import { decideDeliveryOutcome, type DeliveryDecision } from "./decide-delivery-outcome.js";
import type { DigestPaperInfo } from "./digest-planning-service.js";
import { CLOSED_BREAKER, readBreakerTrip, trackDeliveryDecision } from "./issue-circuit-breaker.js";
import type { DigestIssue, DigestList, DigestStore } from "./ports.js";
import type { SelectedPaper } from "./select-digest-papers.js";

/** What one mail is made from: the issue, its list, one recipient and the papers. */
export interface DigestMailInput {
  readonly list: DigestList;
  readonly issue: Pick<DigestIssue, "periodKey">;
  readonly delivery: {
    readonly publicId: string;
    readonly messageId: string;
    readonly toEmail: string;
    readonly subscriptionPublicId: string;
    readonly subscriberPublicId: string;
    readonly selection: readonly SelectedPaper[];
  };
  readonly papers: ReadonlyMap<string, DigestPaperInfo>;
  readonly now: Date;
}

/** Renders a delivery into the mail to hand to the Mailer (delivery/email wires it). */
export type ComposeDigestMail = (input: DigestMailInput) => Promise<OutgoingMail>;

export interface DigestSenderDeps {
  readonly store: DigestStore;
  readonly mailer: Mailer;
  readonly composeMail: ComposeDigestMail;
  loadPapers(ids: readonly string[]): Promise<Map<string, DigestPaperInfo>>;
  readonly logger: Logger;
  readonly now: () => Date;
}

export interface SendRunOptions {
  /** Names the lease holder in the outbox. */
  readonly workerId: string;
  /** Only this list's deliveries (`digest send --list daily`); every list's when omitted. */
  readonly listId?: number;
  /** Stop claiming after this many deliveries (all due ones when omitted). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
  /** Called after each delivery's outcome is recorded. */
  readonly onRecorded?: (decision: DeliveryDecision) => void;
}

/**
 * Rows claimed at once. A claimed row not recorded before its lease ends is taken as
 * crashed mid-send and becomes `uncertain`, so the lease must outlast a batch by far.
 */
const CLAIM_BATCH = 20;
/** 10 minutes: a batch of 20 takes about a second; a relay timing out takes 60 s per mail at worst. */
export const DELIVERY_LEASE_MS = 10 * 60_000;
/** Messages in flight at once: the SMTP pool's connections (email.md §3.4). */
const SEND_CONCURRENCY = 3;

export function createDigestSender(deps: DigestSenderDeps) {
  const lists = new Map<number, DigestList>();
  const issues = new Map<number, DigestIssue>();
  const papersByIssue = new Map<number, Map<string, DigestPaperInfo>>();

  async function contextOf(issueId: number) {
    let issue = issues.get(issueId);
    if (issue === undefined) {
      issue = (await deps.store.findIssue(issueId))!;
      issues.set(issueId, issue);
      papersByIssue.set(issueId, await deps.loadPapers(issue.content?.pool ?? []));
    }
    if (!lists.has(issue.listId)) for (const list of await deps.store.listLists()) lists.set(list.id, list);
    return { issue, list: lists.get(issue.listId)!, papers: papersByIssue.get(issueId)! };
  }

  /**
   * Sends every due delivery: claim a batch under a lease, compose, send, record each SMTP
   * result as it comes. Expired leases (a sender that died) turn into `uncertain` first, so a
   * restarted sender never sends those again. Returns the count of each outcome.
   */
  async function sendDue(options: SendRunOptions): Promise<Record<string, number>> {
    const counts: Record<string, number> = { sent: 0, deferred: 0, failed: 0, uncertain: 0 };
    counts.expired = await deps.store.expireLeases(deps.now());
    let breaker = CLOSED_BREAKER;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0 && !options.signal?.aborted) {
      const claimed = await deps.store.claimDeliveries({
        workerId: options.workerId,
        now: deps.now(),
        leaseMs: DELIVERY_LEASE_MS,
        limit: Math.min(CLAIM_BATCH, remaining),
        ...(options.listId === undefined ? {} : { listId: options.listId }),
      });
      if (claimed.length === 0) break;
      remaining -= claimed.length;
      await forEachConcurrently(claimed, SEND_CONCURRENCY, async (delivery) => {
        const { issue, list, papers } = await contextOf(delivery.issueId);
        const mail = await deps.composeMail({ list, issue, delivery, papers, now: deps.now() });
        const result = await deps.mailer.send(mail);
        const now = deps.now();
        const decision = decideDeliveryOutcome(result, {
          attempts: delivery.attempts,
          firstAttemptAt: delivery.firstAttemptAt,
          now,
        });
        await deps.store.recordDeliveryOutcome(delivery.id, decision, now);
        counts[decision.status] = (counts[decision.status] ?? 0) + 1;
        options.onRecorded?.(decision);
        if (decision.status !== "sent" && decision.status !== "failed") logPause(issue, list, decision);
        breaker = trackDeliveryDecision(breaker, decision);
        const trip = readBreakerTrip(breaker);
        if (trip !== null) {
          await deps.store.pauseIssue(issue.id, `circuit breaker: ${trip}`);
          deps.logger.error({ issue: issue.periodKey, list: list.slug, reason: trip }, "digest issue paused");
          breaker = CLOSED_BREAKER;
        }
      });
    }
    counts.finished = await deps.store.finishIssues(deps.now());
    return counts;
  }

  /** The alert: a 5.7.x refusal means receivers reject our mail itself (DKIM, SPF, DMARC). */
  function logPause(issue: DigestIssue, list: DigestList, decision: DeliveryDecision): void {
    if (decision.status === "deferred" && decision.effects.pauseIssue) {
      deps.logger.error(
        { issue: issue.periodKey, list: list.slug, code: decision.lastCode },
        "digest issue paused: the receiver refuses our mail by policy; fix authentication, then resume",
      );
    }
  }

  return { sendDue };
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export type DigestSender = ReturnType<typeof createDigestSender>;
