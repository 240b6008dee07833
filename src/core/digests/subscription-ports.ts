import type { DigestTopic } from "./digest-topics.js";

/** Where a consent event came from, for the consent log (GDPR Art. 7(1)). */
export interface ConsentSource {
  /** The form, URL or header: "subscribe-form", "api", "confirm-page", "list-unsubscribe-post". */
  readonly source: string;
  /** Version of the wording the person agreed to (CONSENT_TEXT_VERSION). */
  readonly textVersion: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export type SubscriptionStatus = "pending" | "confirmed" | "unsubscribed" | "bounced" | "complained";

export interface SubscriptionRequest {
  /** As entered (trimmed). */
  readonly email: string;
  /** Trimmed, domain lower-cased: the subscriber's identity. */
  readonly emailNorm: string;
  /** HMAC of emailNorm: matches the suppression list. */
  readonly emailHmac: string;
  readonly listSlug: string;
  readonly topics: readonly DigestTopic[];
  readonly userId: number | null;
  /** Signed-in users with a confirmed account address skip double opt-in. */
  readonly confirmNow: boolean;
  readonly consent: ConsentSource;
  /** Fresh public ids, used only when rows are created. */
  readonly newSubscriberPublicId: string;
  readonly newSubscriptionPublicId: string;
}

export interface SubscriptionRecord {
  readonly subscriberPublicId: string;
  readonly subscriptionPublicId: string;
  readonly listSlug: string;
  readonly listName: string;
  readonly status: SubscriptionStatus;
  readonly topics: readonly DigestTopic[];
  /** The address is on the suppression list (hard bounce, complaint). */
  readonly suppressed: boolean;
  readonly createdAt: string;
}

/** Subscribers, their subscriptions and the consent log. Email addresses never leave in links. */
export interface SubscriptionStore {
  /**
   * Creates the subscriber and a `pending` subscription (or `confirmed` with `confirmNow`);
   * an unsubscribed subscription becomes pending again; a confirmed one is left as it is.
   * Logs a `signup` consent event when the subscription was (re)requested.
   */
  requestSubscription(request: SubscriptionRequest, now: Date): Promise<SubscriptionRecord>;
  /** Counts a confirmation mail sent (logged as `confirm_sent`). */
  recordConfirmationSent(subscriptionPublicId: string, now: Date): Promise<void>;
  /** pending → confirmed, once; null for an unknown or expired (no longer pending, not confirmed) one. */
  confirmSubscription(
    subscriptionPublicId: string,
    consent: ConsentSource,
    now: Date,
  ): Promise<SubscriptionRecord | null>;
  /** pending|confirmed → unsubscribed; logs the event once. Null for an unknown subscription. */
  unsubscribe(subscriptionPublicId: string, consent: ConsentSource, now: Date): Promise<SubscriptionRecord | null>;
  findSubscription(subscriptionPublicId: string): Promise<SubscriptionRecord | null>;
  /** Every subscription of a subscriber (the manage page), by the subscriber's public id. */
  listSubscriptions(subscriberPublicId: string): Promise<SubscriptionRecord[]>;
  /** The subscriptions of a signed-in user. */
  listUserSubscriptions(userId: number): Promise<SubscriptionRecord[]>;
  /** Replaces a subscription's topics; logs `prefs`. */
  updateTopics(
    subscriptionPublicId: string,
    topics: readonly DigestTopic[],
    consent: ConsentSource,
    now: Date,
  ): Promise<void>;
  /** Pending subscriptions created before `before` become unsubscribed (`expired`); returns how many. */
  expirePending(before: Date, now: Date): Promise<number>;
  /**
   * Moves a pending or confirmed subscription to another list (daily ↔ weekly), keeping its
   * status and topics; logs `prefs`. Null when it is unknown, ended, or the subscriber's
   * subscription to that list ended by bounce or complaint.
   */
  changeFrequency(
    subscriptionPublicId: string,
    listSlug: string,
    consent: ConsentSource,
    now: Date,
  ): Promise<SubscriptionRecord | null>;
  /** The address of a subscriber (not erased), to mail them an export or erasure link. */
  findSubscriberContact(subscriberPublicId: string): Promise<SubscriberContact | null>;
  /** The subscriber with this normalized address (not erased). */
  findSubscriberByEmail(emailNorm: string): Promise<SubscriberContact | null>;
  /** Everything held about a subscriber (GDPR Art. 15/20); logs `export`. Null once erased or unknown. */
  exportSubscriberData(
    subscriberPublicId: string,
    consent: ConsentSource,
    now: Date,
  ): Promise<SubscriberDataExport | null>;
  /**
   * Erases a subscriber (GDPR Art. 17): the address, topics, the addresses of its deliveries,
   * report diagnostics and the IPs and user agents of its consent events go; the rows stay as
   * anonymous tombstones, the suppression entry (a keyed hash) stays, and an `erase` event
   * without the address is appended. False when unknown or already erased.
   */
  eraseSubscriber(subscriberPublicId: string, consent: ConsentSource, now: Date): Promise<boolean>;
}

export interface SubscriberContact {
  readonly subscriberPublicId: string;
  readonly email: string;
}

/** The export a subscriber downloads: plain data, dates as ISO 8601 text. */
export interface SubscriberDataExport {
  readonly subscriber: {
    readonly id: string;
    readonly email: string;
    readonly status: string;
    readonly linkedToAccount: boolean;
    readonly createdAt: string;
  };
  readonly subscriptions: readonly {
    readonly id: string;
    readonly list: string;
    readonly status: SubscriptionStatus;
    readonly topics: readonly DigestTopic[];
    readonly createdAt: string;
    readonly confirmedAt: string | null;
    readonly endedAt: string | null;
    readonly endReason: string | null;
  }[];
  readonly consentLog: readonly {
    readonly kind: string;
    readonly at: string;
    readonly source: string;
    readonly textVersion: string | null;
    readonly ip: string | null;
    readonly userAgent: string | null;
    readonly details: unknown;
  }[];
  readonly deliveries: readonly {
    readonly list: string;
    readonly issue: string;
    readonly status: string;
    readonly messageId: string;
    readonly createdAt: string;
    readonly sentAt: string | null;
    readonly papers: readonly string[];
  }[];
  readonly mailEvents: readonly {
    readonly kind: string;
    readonly source: string;
    readonly statusCode: string | null;
    readonly at: string;
  }[];
  readonly suppression: { readonly suppressed: boolean; readonly reason: string | null; readonly since: string | null };
}
