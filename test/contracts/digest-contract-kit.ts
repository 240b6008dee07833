import { decideDeliveryOutcome } from "../../src/core/digests/decide-delivery-outcome.js";
import type { DigestTopic } from "../../src/core/digests/digest-topics.js";
import {
  DEFAULT_DAILY_CADENCE,
  DEFAULT_WEEKLY_CADENCE,
  type IssuePeriod,
} from "../../src/core/digests/issue-period.js";
import { createPublicId } from "../../src/core/digests/link-tokens.js";
import type { DigestStore, PreparedDelivery } from "../../src/core/digests/ports.js";
import type { ConsentSource, SubscriptionRequest } from "../../src/core/digests/subscription-ports.js";
import type { MailResult } from "../../src/core/mail/ports.js";

/** Fixtures of the digest contract suites: everything goes through the DigestStore port. */
export const NOW = new Date("2026-11-26T07:00:00.123Z");
export const DAY_MS = 24 * 60 * 60_000;
export const LEASE_MS = 5 * 60_000;
export const later = (ms: number) => new Date(NOW.getTime() + ms);
export const CONTENT = { trending: ["p1", "p2", "p3"], pool: ["p1", "p2", "p3", "p4"] };
export const SELECTION = CONTENT.trending.map((paperId) => ({
  paperId,
  section: "trending" as const,
  matchedTopics: [],
}));

export const FORM: ConsentSource = {
  source: "subscribe-form",
  textVersion: "2026-11",
  ip: "203.0.113.0",
  userAgent: "Firefox",
};

/** A consent source without personal data, for calls whose consent event is not under test. */
export const MANAGE_PAGE: ConsentSource = { source: "manage-page", textVersion: null, ip: null, userAgent: null };

/** Saves the daily and weekly lists; returns the daily list's id. */
export async function saveLists(store: DigestStore): Promise<{ daily: number; weekly: number }> {
  const daily = await store.saveList(
    { slug: "daily", name: "Daily", cadence: DEFAULT_DAILY_CADENCE, listIdHeader: "daily.example.org", active: true },
    NOW,
  );
  const weekly = await store.saveList(
    {
      slug: "weekly",
      name: "Weekly",
      cadence: DEFAULT_WEEKLY_CADENCE,
      listIdHeader: "weekly.example.org",
      active: true,
    },
    NOW,
  );
  return { daily: daily.id, weekly: weekly.id };
}

export function subscriptionRequest(email: string, overrides: Partial<SubscriptionRequest> = {}): SubscriptionRequest {
  return {
    email,
    emailNorm: email.toLowerCase(),
    emailHmac: `hmac:${email.toLowerCase()}`,
    listSlug: "daily",
    topics: [],
    userId: null,
    confirmNow: false,
    consent: FORM,
    newSubscriberPublicId: createPublicId(),
    newSubscriptionPublicId: createPublicId(),
    ...overrides,
  };
}

/** A confirmed subscriber of the daily list (double opt-in skipped). */
export async function addConfirmed(store: DigestStore, email: string, topics: DigestTopic[] = [], at = NOW) {
  return store.requestSubscription(subscriptionRequest(email, { topics, confirmNow: true }), at);
}

/** The issue period of the day of `at` (any day: weekends too). */
export function dayPeriod(at: Date): IssuePeriod {
  const day = at.toISOString().slice(0, 10);
  return { key: day, covers: { from: day, to: day }, dueAt: at };
}

/** The daily issue of the day of `at`: opened, filled with the current audience and prepared. */
export async function prepareIssue(store: DigestStore, listId: number, at = NOW): Promise<number> {
  const { issue } = await store.openIssue(listId, dayPeriod(at), at);
  const audience = [];
  for (let after = 0; ;) {
    const page = await store.listAudience(listId, after, 100);
    if (page.length === 0) break;
    audience.push(...page);
    after = page.at(-1)!.subscriptionId;
  }
  await store.addDeliveries(issue.id, CONTENT, audience.map(preparedFor), at);
  await store.markIssuePrepared(issue.id, at);
  return issue.id;
}

/** A delivery row as preparation writes it, with fresh random ids (as a re-run of preparation would). */
export function preparedFor(member: { subscriptionId: number; subscriberId: number; email: string }): PreparedDelivery {
  const publicId = createPublicId().replace(/[^A-Za-z0-9]/g, "x");
  return {
    subscriptionId: member.subscriptionId,
    subscriberId: member.subscriberId,
    toEmail: member.email,
    publicId,
    messageId: `d.${publicId}@papers.example.org`,
    selection: SELECTION,
    skipped: false,
  };
}

export const claim = (store: DigestStore, workerId: string, now = NOW, limit = 10) =>
  store.claimDeliveries({ workerId, now, leaseMs: LEASE_MS, limit });

/** Records what the relay said about attempt `attempts` of a delivery first tried at NOW. */
export function record(store: DigestStore, deliveryId: number, result: MailResult, now = NOW, attempts = 1) {
  const decision = decideDeliveryOutcome(result, { attempts, firstAttemptAt: NOW, now });
  return store.recordDeliveryOutcome(deliveryId, decision, now);
}

export const SENT: MailResult = { outcome: "sent", messageId: "m", reply: "250 2.0.0 Ok: queued as X" };
export const MAILBOX_FULL: MailResult = {
  outcome: "rejected",
  permanent: false,
  code: 452,
  enhancedCode: "4.2.2",
  reply: "452 4.2.2 Mailbox full",
  beforeData: true,
};
export const USER_UNKNOWN: MailResult = {
  outcome: "rejected",
  permanent: true,
  code: 550,
  enhancedCode: "5.1.1",
  reply: "550 5.1.1 User unknown",
  beforeData: true,
};
export const UNAUTHENTICATED: MailResult = {
  outcome: "rejected",
  permanent: true,
  code: 550,
  enhancedCode: "5.7.26",
  reply: "550 5.7.26 Unauthenticated",
  beforeData: false,
};
