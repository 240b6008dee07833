import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type {
  ConsentSource,
  SubscriberContact,
  SubscriberDataExport,
  SubscriptionStatus,
} from "../../../core/digests/subscription-ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

interface SubscriberRow {
  id: number;
  public_id: string;
  email: string;
  email_hmac: string | null;
  status: string;
  user_id: number | null;
  created_at: string;
}

/**
 * A subscriber's right of access and right to erasure (GDPR Art. 15, 17, 20) on SQLite.
 * Erasure keeps rows as anonymous tombstones: consent events must keep proving what was
 * agreed to (Art. 7(1)) and point at them; deliveries are referenced by reports and
 * suppressions. The suppression entry is an HMAC of the address, so an erased address
 * that bounced or complained stays suppressed without being kept.
 */
export function createSqliteSubscriberPrivacy(db: SqliteDatabase) {
  const q = prepareStatements(db);
  const contact = (row: SubscriberRow | undefined): SubscriberContact | null =>
    row === undefined ? null : { subscriberPublicId: row.public_id, email: row.email };
  const logConsent = (subscriberId: number, kind: string, consent: ConsentSource, at: string, details: unknown) =>
    q.consent.run(
      subscriberId,
      kind,
      at,
      consent.source,
      consent.textVersion,
      consent.ip,
      consent.userAgent,
      JSON.stringify(details),
    );

  function readExport(row: SubscriberRow): SubscriberDataExport {
    const suppression = row.email_hmac === null ? undefined : q.suppression.get(row.email_hmac);
    return {
      subscriber: {
        id: row.public_id,
        email: row.email,
        status: row.status,
        linkedToAccount: row.user_id !== null,
        createdAt: row.created_at,
      },
      subscriptions: q.subscriptions.all(row.id).map((s) => ({
        id: s.public_id,
        list: s.list,
        status: s.status,
        topics: q.topics.all(s.id).map((t) => ({ kind: t.kind, value: t.value }) as DigestTopic),
        createdAt: s.created_at,
        confirmedAt: s.confirmed_at,
        endedAt: s.ended_at,
        endReason: s.end_reason,
      })),
      consentLog: q.consentLog.all(row.id).map((e) => ({
        kind: e.kind,
        at: e.at,
        source: e.source,
        textVersion: e.consent_text_version,
        ip: e.ip,
        userAgent: e.user_agent,
        details: e.details === null ? null : (JSON.parse(e.details) as unknown),
      })),
      deliveries: q.deliveries.all(row.id).map((d) => ({
        list: d.list,
        issue: d.period_key,
        status: d.status,
        messageId: d.message_id,
        createdAt: d.created_at,
        sentAt: d.sent_at,
        papers: (JSON.parse(d.selection) as { paperId: string }[]).map((p) => p.paperId),
      })),
      mailEvents: q.mailEvents.all(row.id).map((e) => ({
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

  return {
    async findSubscriberContact(subscriberPublicId: string) {
      return contact(q.byPublicId.get(subscriberPublicId));
    },
    async findSubscriberByEmail(emailNorm: string) {
      return contact(q.byEmail.get(emailNorm));
    },
    async exportSubscriberData(subscriberPublicId: string, consent: ConsentSource, now: Date) {
      return db.transaction(() => {
        const row = q.byPublicId.get(subscriberPublicId);
        if (row === undefined) return null;
        logConsent(row.id, "export", consent, now.toISOString(), {});
        return readExport(row);
      })();
    },
    async eraseSubscriber(subscriberPublicId: string, consent: ConsentSource, now: Date) {
      const at = now.toISOString();
      return db.transaction(() => {
        const row = q.byPublicId.get(subscriberPublicId);
        if (row === undefined) return false;
        const subscriptions = q.subscriptions.all(row.id).length;
        q.deleteTopics.run(row.id);
        q.endSubscriptions.run(at, at, row.id);
        q.eraseDeliveries.run(at, row.id);
        q.eraseMailEvents.run(row.id);
        q.blankConsent.run(row.id);
        q.eraseSubscriber.run(at, row.id);
        // The erasure's own event names no address, IP or user agent: only that it happened.
        logConsent(row.id, "erase", { ...consent, ip: null, userAgent: null }, at, { subscriptions });
        return true;
      })();
    },
  };
}

function prepareStatements(db: SqliteDatabase) {
  const subscriber = `SELECT id, public_id, email, email_hmac, status, user_id, created_at FROM digest_subscribers
    WHERE status != 'erased' AND email IS NOT NULL`;
  return {
    byPublicId: db.prepare<[string], SubscriberRow>(`${subscriber} AND public_id = ?`),
    byEmail: db.prepare<[string], SubscriberRow>(`${subscriber} AND email_norm = ?`),
    suppression: db.prepare<[string], { reason: string; created_at: string }>(
      "SELECT reason, created_at FROM mail_suppressions WHERE email_hmac = ?",
    ),
    subscriptions: db.prepare<
      [number],
      {
        id: number;
        public_id: string;
        list: string;
        status: SubscriptionStatus;
        created_at: string;
        confirmed_at: string | null;
        ended_at: string | null;
        end_reason: string | null;
      }
    >(`SELECT s.id, s.public_id, l.slug AS list, s.status, s.created_at, s.confirmed_at, s.ended_at, s.end_reason
      FROM digest_subscriptions s JOIN digest_lists l ON l.id = s.list_id WHERE s.subscriber_id = ? ORDER BY s.id`),
    topics: db.prepare<[number], { kind: string; value: string }>(
      "SELECT kind, value FROM digest_subscription_topics WHERE subscription_id = ? ORDER BY kind, value",
    ),
    consentLog: db.prepare<
      [number],
      {
        kind: string;
        at: string;
        source: string;
        consent_text_version: string | null;
        ip: string | null;
        user_agent: string | null;
        details: string | null;
      }
    >(`SELECT kind, at, source, consent_text_version, ip, user_agent, details FROM digest_consent_events
      WHERE subscriber_id = ? ORDER BY id`),
    deliveries: db.prepare<
      [number],
      {
        list: string;
        period_key: string;
        status: string;
        message_id: string;
        created_at: string;
        sent_at: string | null;
        selection: string;
      }
    >(`SELECT l.slug AS list, i.period_key, d.status, d.message_id, d.created_at, d.sent_at, d.selection
      FROM digest_deliveries d JOIN digest_issues i ON i.id = d.issue_id JOIN digest_lists l ON l.id = i.list_id
      WHERE d.subscriber_id = ? ORDER BY d.id`),
    mailEvents: db.prepare<[number], { kind: string; source: string; status_code: string | null; created_at: string }>(
      "SELECT kind, source, status_code, created_at FROM mail_events WHERE subscriber_id = ? ORDER BY id",
    ),
    deleteTopics: db.prepare(`DELETE FROM digest_subscription_topics
      WHERE subscription_id IN (SELECT id FROM digest_subscriptions WHERE subscriber_id = ?)`),
    endSubscriptions: db.prepare(`UPDATE digest_subscriptions SET status = 'unsubscribed', ended_at = ?,
        end_reason = 'erased', updated_at = ? WHERE subscriber_id = ? AND status IN ('pending', 'confirmed')`),
    // A queued delivery has nobody left to go to: skipped, like an unsubscribe at send time.
    eraseDeliveries: db.prepare(`UPDATE digest_deliveries SET to_email = NULL, relay_response = NULL,
        last_error = NULL, updated_at = ?,
        status = CASE WHEN status IN ('queued', 'deferred') THEN 'skipped' ELSE status END
      WHERE subscriber_id = ?`),
    // A report's diagnostic usually quotes the address ("<x@y>: user unknown").
    eraseMailEvents: db.prepare("UPDATE mail_events SET diagnostic = NULL WHERE subscriber_id = ?"),
    blankConsent: db.prepare("UPDATE digest_consent_events SET ip = NULL, user_agent = NULL WHERE subscriber_id = ?"),
    eraseSubscriber: db.prepare(`UPDATE digest_subscribers SET email = NULL, email_norm = NULL, email_hmac = NULL,
        user_id = NULL, status = 'erased', updated_at = ? WHERE id = ?`),
    consent: db.prepare(`INSERT INTO digest_consent_events
        (subscriber_id, subscription_id, kind, at, source, consent_text_version, ip, user_agent, details)
      VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)`),
  };
}
