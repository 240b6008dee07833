import type {
  ConsentSource,
  SubscriberContact,
  SubscriberDataExport,
  SubscriptionStatus,
  SubscriptionStore,
} from "../../../core/digests/subscription-ports.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";
import { readTopics } from "./postgres-digest-rows.js";

interface SubscriberRow {
  id: number;
  public_id: string;
  email: string;
  email_hmac: string | null;
  status: string;
  user_id: number | null;
  created_at: string;
}

const SUBSCRIBER = `SELECT id, public_id, email, email_hmac, status, user_id, created_at FROM digest_subscribers
  WHERE status <> 'erased' AND email IS NOT NULL`;

/** Appends one consent event (GDPR Art. 7(1)); the table refuses changes (migration 007). */
export async function insertConsentEvent(
  db: Queryable,
  event: {
    subscriberId: number;
    subscriptionId: number | null;
    kind: string;
    consent: ConsentSource;
    at: string;
    details?: unknown;
  },
): Promise<void> {
  const { consent } = event;
  await db.query(
    `INSERT INTO digest_consent_events
       (subscriber_id, subscription_id, kind, at, source, consent_text_version, ip, user_agent, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      event.subscriberId,
      event.subscriptionId,
      event.kind,
      event.at,
      consent.source,
      consent.textVersion,
      consent.ip,
      consent.userAgent,
      event.details === undefined ? null : JSON.stringify(event.details),
    ],
  );
}

type PrivacyMethods = Pick<
  SubscriptionStore,
  "findSubscriberContact" | "findSubscriberByEmail" | "exportSubscriberData" | "eraseSubscriber"
>;

/**
 * A subscriber's right of access and right to erasure (GDPR Art. 15, 17, 20) on PostgreSQL;
 * mirrors sqlite-subscriber-privacy.ts. Erasure keeps rows as anonymous tombstones (consent
 * events must keep proving what was agreed to), and the suppression entry, an HMAC of the
 * address, stays: an erased address that bounced or complained stays suppressed.
 */
export function createPostgresDigestPrivacy(pool: PostgresPool): PrivacyMethods {
  const find = async (db: Queryable, where: string, value: string, lock = false) =>
    (await db.query<SubscriberRow>(`${SUBSCRIBER} AND ${where} = $1${lock ? " FOR UPDATE" : ""}`, [value])).rows[0];
  const contact = (row: SubscriberRow | undefined): SubscriberContact | null =>
    row === undefined ? null : { subscriberPublicId: row.public_id, email: row.email };

  return {
    async findSubscriberContact(subscriberPublicId) {
      return contact(await find(pool, "public_id", subscriberPublicId));
    },
    async findSubscriberByEmail(emailNorm) {
      return contact(await find(pool, "email_norm", emailNorm));
    },
    async exportSubscriberData(subscriberPublicId, consent, now) {
      return withTransaction(pool, async (client) => {
        const row = await find(client, "public_id", subscriberPublicId);
        if (row === undefined) return null;
        const at = now.toISOString();
        await insertConsentEvent(client, {
          subscriberId: row.id,
          subscriptionId: null,
          kind: "export",
          consent,
          at,
          details: {},
        });
        return readExport(client, row);
      });
    },
    async eraseSubscriber(subscriberPublicId, consent, now) {
      const at = now.toISOString();
      return withTransaction(pool, async (client) => {
        // Locked: a second erasure at the same moment waits, then finds nobody (status 'erased').
        const row = await find(client, "public_id", subscriberPublicId, true);
        if (row === undefined) return false;
        const subscriptions = (
          await client.query("SELECT 1 FROM digest_subscriptions WHERE subscriber_id = $1", [row.id])
        ).rowCount;
        await client.query(
          `DELETE FROM digest_subscription_topics
           WHERE subscription_id IN (SELECT id FROM digest_subscriptions WHERE subscriber_id = $1)`,
          [row.id],
        );
        await client.query(
          `UPDATE digest_subscriptions SET status = 'unsubscribed', ended_at = $1, end_reason = 'erased', updated_at = $1
           WHERE subscriber_id = $2 AND status IN ('pending', 'confirmed')`,
          [at, row.id],
        );
        // A queued delivery has nobody left to go to: skipped, like an unsubscribe at send time.
        await client.query(
          `UPDATE digest_deliveries SET to_email = NULL, relay_response = NULL, last_error = NULL, updated_at = $1,
             status = CASE WHEN status IN ('queued', 'deferred') THEN 'skipped' ELSE status END
           WHERE subscriber_id = $2`,
          [at, row.id],
        );
        // A report's diagnostic usually quotes the address ("<x@y>: user unknown").
        await client.query("UPDATE mail_events SET diagnostic = NULL WHERE subscriber_id = $1", [row.id]);
        await client.query("UPDATE digest_consent_events SET ip = NULL, user_agent = NULL WHERE subscriber_id = $1", [
          row.id,
        ]);
        await client.query(
          `UPDATE digest_subscribers SET email = NULL, email_norm = NULL, email_hmac = NULL, user_id = NULL,
             status = 'erased', updated_at = $1 WHERE id = $2`,
          [at, row.id],
        );
        // The erasure's own event names no address, IP or user agent: only that it happened.
        await insertConsentEvent(client, {
          subscriberId: row.id,
          subscriptionId: null,
          kind: "erase",
          consent: { ...consent, ip: null, userAgent: null },
          at,
          details: { subscriptions },
        });
        return true;
      });
    },
  };
}

async function readExport(db: Queryable, row: SubscriberRow): Promise<SubscriberDataExport> {
  const suppression =
    row.email_hmac === null
      ? undefined
      : (
          await db.query<{ reason: string; created_at: string }>(
            "SELECT reason, created_at FROM mail_suppressions WHERE email_hmac = $1",
            [row.email_hmac],
          )
        ).rows[0];
  const subscriptions = await db.query<{
    id: number;
    public_id: string;
    list: string;
    status: SubscriptionStatus;
    created_at: string;
    confirmed_at: string | null;
    ended_at: string | null;
    end_reason: string | null;
  }>(
    `SELECT s.id, s.public_id, l.slug AS list, s.status, s.created_at, s.confirmed_at, s.ended_at, s.end_reason
     FROM digest_subscriptions s JOIN digest_lists l ON l.id = s.list_id WHERE s.subscriber_id = $1 ORDER BY s.id`,
    [row.id],
  );
  const consentLog = await db.query<{
    kind: string;
    at: string;
    source: string;
    consent_text_version: string | null;
    ip: string | null;
    user_agent: string | null;
    details: unknown;
  }>(
    `SELECT kind, at, source, consent_text_version, ip, user_agent, details FROM digest_consent_events
     WHERE subscriber_id = $1 ORDER BY id`,
    [row.id],
  );
  const deliveries = await db.query<{
    list: string;
    period_key: string;
    status: string;
    message_id: string;
    created_at: string;
    sent_at: string | null;
    selection: { paperId: string }[];
  }>(
    `SELECT l.slug AS list, i.period_key, d.status, d.message_id, d.created_at, d.sent_at, d.selection
     FROM digest_deliveries d JOIN digest_issues i ON i.id = d.issue_id JOIN digest_lists l ON l.id = i.list_id
     WHERE d.subscriber_id = $1 ORDER BY d.id`,
    [row.id],
  );
  const mailEvents = await db.query<{ kind: string; source: string; status_code: string | null; created_at: string }>(
    "SELECT kind, source, status_code, created_at FROM mail_events WHERE subscriber_id = $1 ORDER BY id",
    [row.id],
  );
  return {
    subscriber: {
      id: row.public_id,
      email: row.email,
      status: row.status,
      linkedToAccount: row.user_id !== null,
      createdAt: row.created_at,
    },
    subscriptions: await Promise.all(
      subscriptions.rows.map(async (s) => ({
        id: s.public_id,
        list: s.list,
        status: s.status,
        topics: await readTopics(db, s.id),
        createdAt: s.created_at,
        confirmedAt: s.confirmed_at,
        endedAt: s.ended_at,
        endReason: s.end_reason,
      })),
    ),
    consentLog: consentLog.rows.map((e) => ({
      kind: e.kind,
      at: e.at,
      source: e.source,
      textVersion: e.consent_text_version,
      ip: e.ip,
      userAgent: e.user_agent,
      details: e.details,
    })),
    deliveries: deliveries.rows.map((d) => ({
      list: d.list,
      issue: d.period_key,
      status: d.status,
      messageId: d.message_id,
      createdAt: d.created_at,
      sentAt: d.sent_at,
      papers: d.selection.map((p) => p.paperId),
    })),
    mailEvents: mailEvents.rows.map((e) => ({
      kind: e.kind,
      source: e.source,
      statusCode: e.status_code,
      at: e.created_at,
    })),
    suppression: {
      suppressed: suppression !== undefined,
      reason: suppression?.reason ?? null,
      since: suppression?.created_at ?? null,
    },
  };
}
