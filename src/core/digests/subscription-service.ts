import { createHmac } from "node:crypto";
import type { ThrottleStore } from "../accounts/ports.js";
import type { Logger } from "../../lib/logger.js";
import { allowDigestMail } from "./digest-mail-throttle.js";
import { normalizeDigestTopic, type DigestTopic } from "./digest-topics.js";
import { LINK_LIFETIME_MS, createPublicId, type LinkTokens } from "./link-tokens.js";
import type { ConsentSource, SubscriptionRecord, SubscriptionStore } from "./subscription-ports.js";

/** The version of the subscribe form's wording, stored with each consent event. Bump it when the text changes. */
export const CONSENT_TEXT_VERSION = "2026-11-subscribe-v1";
/** Topics one subscription may follow. */
export const MAX_TOPICS = 20;

export type DigestFrequency = "daily" | "weekly";

export interface SubscribeInput {
  readonly email: string;
  readonly frequency: DigestFrequency;
  readonly topics: readonly DigestTopic[];
  readonly consent: ConsentSource;
  /** A signed-in user subscribing their own confirmed account address: no confirmation mail. */
  readonly user: { readonly id: number; readonly email: string } | null;
}

export interface SubscriptionServiceDeps {
  readonly store: SubscriptionStore;
  readonly throttle: ThrottleStore;
  linkTokens(): Promise<LinkTokens>;
  /** The key of the address HMAC that matches suppressions (kept after erasure). */
  emailKey(): Promise<Buffer>;
  /** Mails the double opt-in link; never throws for a refusal (it is logged). */
  sendConfirmation(mail: { to: string; token: string; listName: string }): Promise<void>;
  /** The lists must exist before anyone subscribes to one. */
  ensureLists(): Promise<unknown>;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Sign-up with double opt-in, confirmation, one-click unsubscribe and preferences, all by
 * signed links that name random ids only. Every answer to a sign-up is the same, whether the
 * address is new, pending, confirmed or suppressed, so the form reveals nobody's subscriptions.
 */
export function createSubscriptionService(deps: SubscriptionServiceDeps) {
  async function hashEmail(emailNorm: string): Promise<string> {
    return createHmac("sha256", await deps.emailKey())
      .update(emailNorm)
      .digest("hex");
  }

  async function subscribe(input: SubscribeInput): Promise<void> {
    await deps.ensureLists();
    const email = input.email.trim();
    const emailNorm = normalizeEmail(email);
    const emailHmac = await hashEmail(emailNorm);
    const confirmNow = input.user !== null && normalizeEmail(input.user.email) === emailNorm;
    const record = await deps.store.requestSubscription(
      {
        email,
        emailNorm,
        emailHmac,
        listSlug: input.frequency,
        topics: normalizeTopics(input.topics),
        userId: confirmNow ? input.user!.id : null,
        confirmNow,
        consent: input.consent,
        newSubscriberPublicId: createPublicId(),
        newSubscriptionPublicId: createPublicId(),
      },
      deps.now(),
    );
    if (record.status !== "pending" || record.suppressed) return;
    if (!(await allowDigestMail(deps.throttle, "digest-confirm", emailHmac, input.consent.ip, deps.now()))) {
      deps.logger.info({ list: record.listSlug }, "digest confirmation not sent: rate limited");
      return;
    }
    const token = (await deps.linkTokens()).sign(
      { purpose: "confirm", subject: record.subscriptionPublicId, list: record.listSlug },
      deps.now(),
    );
    await deps.sendConfirmation({ to: email, token, listName: record.listName });
    await deps.store.recordConfirmationSent(record.subscriptionPublicId, deps.now());
  }

  /** The subscription a link names, if the link is valid for `purpose`; nothing changes. */
  async function readLink(token: string, purpose: "confirm" | "unsubscribe" | "manage") {
    const check = (await deps.linkTokens()).verify(token, purpose, deps.now());
    return check.valid ? check.claims.subject : null;
  }

  return {
    subscribe,
    /** For the confirm page's GET: the pending subscription, or null (invalid, expired, ended). */
    async findConfirmable(token: string): Promise<SubscriptionRecord | null> {
      const id = await readLink(token, "confirm");
      const record = id === null ? null : await deps.store.findSubscription(id);
      return record !== null && (record.status === "pending" || record.status === "confirmed") ? record : null;
    },
    async confirm(token: string, consent: ConsentSource): Promise<SubscriptionRecord | null> {
      const id = await readLink(token, "confirm");
      return id === null ? null : deps.store.confirmSubscription(id, consent, deps.now());
    },
    async findUnsubscribable(token: string): Promise<SubscriptionRecord | null> {
      const id = await readLink(token, "unsubscribe");
      return id === null ? null : deps.store.findSubscription(id);
    },
    async unsubscribe(token: string, consent: ConsentSource): Promise<SubscriptionRecord | null> {
      const id = await readLink(token, "unsubscribe");
      return id === null ? null : deps.store.unsubscribe(id, consent, deps.now());
    },
    /** The subscriber a manage link names and all their subscriptions; null for a bad link. */
    async findManaged(token: string): Promise<SubscriptionRecord[] | null> {
      const id = await readLink(token, "manage");
      if (id === null) return null;
      const records = await deps.store.listSubscriptions(id);
      return records.length === 0 ? null : records;
    },
    async updateTopics(
      token: string,
      subscriptionPublicId: string,
      topics: readonly DigestTopic[],
      consent: ConsentSource,
    ) {
      const records = await this.findManaged(token);
      const record = records?.find((r) => r.subscriptionPublicId === subscriptionPublicId);
      if (record === undefined) return false;
      await deps.store.updateTopics(record.subscriptionPublicId, normalizeTopics(topics), consent, deps.now());
      return true;
    },
    /** Daily ↔ weekly from the manage page; false for a bad link or a list it cannot move to. */
    async changeFrequency(
      token: string,
      subscriptionPublicId: string,
      frequency: DigestFrequency,
      consent: ConsentSource,
    ): Promise<boolean> {
      await deps.ensureLists();
      const records = await this.findManaged(token);
      if (!records?.some((r) => r.subscriptionPublicId === subscriptionPublicId)) return false;
      return (await deps.store.changeFrequency(subscriptionPublicId, frequency, consent, deps.now())) !== null;
    },
    async unsubscribeManaged(token: string, subscriptionPublicId: string, consent: ConsentSource) {
      const records = await this.findManaged(token);
      if (!records?.some((r) => r.subscriptionPublicId === subscriptionPublicId)) return false;
      await deps.store.unsubscribe(subscriptionPublicId, consent, deps.now());
      return true;
    },
    /** A manage link for a subscriber (settings page, per-subscriber preview). */
    async signManageToken(subscriberPublicId: string): Promise<string> {
      return (await deps.linkTokens()).sign({ purpose: "manage", subject: subscriberPublicId }, deps.now());
    },
    listUserSubscriptions: (userId: number) => deps.store.listUserSubscriptions(userId),
    /** Pending subscriptions whose confirm link has expired end (`expired`); returns how many. */
    expirePending(): Promise<number> {
      const now = deps.now();
      return deps.store.expirePending(new Date(now.getTime() - LINK_LIFETIME_MS.confirm!), now);
    },
  };
}

/** Trimmed, domain lower-cased; the local part keeps its case (RFC 5321 §2.4). */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

function normalizeTopics(topics: readonly DigestTopic[]): DigestTopic[] {
  const seen = new Map<string, DigestTopic>();
  for (const topic of topics) {
    const normalized = normalizeDigestTopic(topic);
    if (normalized !== null) seen.set(`${normalized.kind}:${normalized.value}`, normalized);
  }
  return [...seen.values()].slice(0, MAX_TOPICS);
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
