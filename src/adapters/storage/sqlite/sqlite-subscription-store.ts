import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type {
  ConsentSource,
  SubscriptionRecord,
  SubscriptionStatus,
  SubscriptionStore,
} from "../../../core/digests/subscription-ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqliteSubscriberPrivacy } from "./sqlite-subscriber-privacy.js";

interface RecordRow {
  id: number;
  subscriber_id: number;
  subscriber_public_id: string;
  subscription_public_id: string;
  list_slug: string;
  list_name: string;
  status: SubscriptionStatus;
  suppressed: number;
  created_at: string;
}

const SELECT_RECORD = `SELECT s.id, s.subscriber_id, sub.public_id AS subscriber_public_id,
    s.public_id AS subscription_public_id, l.slug AS list_slug, l.name AS list_name, s.status, s.created_at,
    EXISTS (SELECT 1 FROM mail_suppressions x WHERE x.email_hmac = sub.email_hmac) AS suppressed
  FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id
    JOIN digest_lists l ON l.id = s.list_id`;

export function createSqliteSubscriptionStore(db: SqliteDatabase): SubscriptionStore {
  const q = prepareStatements(db);
  const toRecord = (row: RecordRow): SubscriptionRecord => ({
    subscriberPublicId: row.subscriber_public_id,
    subscriptionPublicId: row.subscription_public_id,
    listSlug: row.list_slug,
    listName: row.list_name,
    status: row.status,
    topics: q.topics.all(row.id).map((t) => ({ kind: t.kind, value: t.value }) as DigestTopic),
    suppressed: row.suppressed === 1,
    createdAt: row.created_at,
  });
  const byPublicId = (id: string) => q.byPublicId.get(id) ?? null;
  const logConsent = (row: RecordRow, kind: string, consent: ConsentSource, at: string, details?: unknown) =>
    q.consent.run(
      row.subscriber_id,
      row.id,
      kind,
      at,
      consent.source,
      consent.textVersion,
      consent.ip,
      consent.userAgent,
      details === undefined ? null : JSON.stringify(details),
    );
  const replaceTopics = (subscriptionId: number, topics: readonly DigestTopic[]) => {
    q.deleteTopics.run(subscriptionId);
    for (const topic of topics) q.insertTopic.run(subscriptionId, topic.kind, topic.value);
  };

  return {
    ...createSqliteSubscriberPrivacy(db),
    async requestSubscription(request, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        q.insertSubscriber.run(
          request.newSubscriberPublicId,
          request.email,
          request.emailNorm,
          request.emailHmac,
          request.userId,
          at,
          at,
        );
        const subscriber = q.subscriberByEmail.get(request.emailNorm)!;
        if (request.userId !== null) q.linkUser.run(request.userId, at, subscriber.id);
        const list = q.listBySlug.get(request.listSlug);
        if (list === undefined) throw new Error(`no digest list ${request.listSlug}`);
        const status = request.confirmNow ? "confirmed" : "pending";
        const created =
          q.insertSubscription.run({
            publicId: request.newSubscriptionPublicId,
            subscriberId: subscriber.id,
            listId: list.id,
            status,
            at,
          }).changes > 0;
        const existing = q.bySubscriberAndList.get(subscriber.id, list.id)!;
        // An ended subscription (unsubscribed or expired) may be asked for again; bounced and
        // complained ones stay ended, whatever the form says.
        const reopened =
          existing.status === "unsubscribed" || (existing.status === "pending" && request.confirmNow)
            ? q.reopen.run({ status, at, confirmedAt: request.confirmNow ? at : null, id: existing.id }).changes > 0
            : false;
        const row = q.byId.get(existing.id)!;
        if (row.status === "pending" || reopened || created) {
          replaceTopics(row.id, request.topics);
          logConsent(row, "signup", request.consent, at, { topics: request.topics });
          if (row.status === "confirmed") logConsent(row, "confirm", request.consent, at, { oneClick: true });
        }
        return toRecord(q.byId.get(existing.id)!);
      })();
    },
    async recordConfirmationSent(subscriptionPublicId, now) {
      const row = byPublicId(subscriptionPublicId);
      if (row === null) return;
      q.confirmSent.run(now.toISOString(), now.toISOString(), row.id);
      logConsent(
        row,
        "confirm_sent",
        { source: "mail", textVersion: null, ip: null, userAgent: null },
        now.toISOString(),
      );
    },
    async confirmSubscription(subscriptionPublicId, consent, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        const row = byPublicId(subscriptionPublicId);
        if (row === null || (row.status !== "pending" && row.status !== "confirmed")) return null;
        if (q.confirm.run(at, at, row.id).changes > 0) logConsent(row, "confirm", consent, at);
        return toRecord(q.byId.get(row.id)!);
      })();
    },
    async unsubscribe(subscriptionPublicId, consent, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        const row = byPublicId(subscriptionPublicId);
        if (row === null) return null;
        const kind = consent.source === "list-unsubscribe-post" ? "one_click" : "unsubscribe";
        if (q.unsubscribe.run(at, at, row.id).changes > 0) logConsent(row, kind, consent, at);
        return toRecord(q.byId.get(row.id)!);
      })();
    },
    async findSubscription(subscriptionPublicId) {
      const row = byPublicId(subscriptionPublicId);
      return row === null ? null : toRecord(row);
    },
    async listSubscriptions(subscriberPublicId) {
      return q.bySubscriber.all(subscriberPublicId).map(toRecord);
    },
    async listUserSubscriptions(userId) {
      return q.byUser.all(userId).map(toRecord);
    },
    async updateTopics(subscriptionPublicId, topics, consent, now) {
      db.transaction(() => {
        const row = byPublicId(subscriptionPublicId);
        if (row === null) return;
        replaceTopics(row.id, topics);
        q.touch.run(now.toISOString(), row.id);
        logConsent(row, "prefs", consent, now.toISOString(), { topics });
      })();
    },
    async expirePending(before, now) {
      return q.expirePending.run(now.toISOString(), now.toISOString(), before.toISOString()).changes;
    },
    async changeFrequency(subscriptionPublicId, listSlug, consent, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        const row = byPublicId(subscriptionPublicId);
        const target = q.listBySlug.get(listSlug);
        if (row === null || target === undefined) return null;
        if (row.status !== "pending" && row.status !== "confirmed") return null;
        if (row.list_slug === listSlug) return toRecord(row);
        const other = q.bySubscriberAndList.get(row.subscriber_id, target.id);
        let moved: number;
        if (other === undefined) {
          // The same subscription, on the other list: its links and history stay with it.
          q.moveToList.run(target.id, at, row.id);
          moved = row.id;
        } else {
          // An old subscription to that list (unsubscribed before) takes over, with this one's
          // status and topics; one that bounced or complained stays ended.
          if (other.status === "bounced" || other.status === "complained") return null;
          q.takeOver.run({ status: row.status, at, id: other.id, from: row.id });
          replaceTopics(other.id, q.topics.all(row.id) as DigestTopic[]);
          q.endForFrequency.run(at, at, row.id);
          moved = other.id;
        }
        const details = { frequency: { from: row.list_slug, to: listSlug } };
        logConsent(q.byId.get(moved)!, "prefs", consent, at, details);
        return toRecord(q.byId.get(moved)!);
      })();
    },
  };
}

function prepareStatements(db: SqliteDatabase) {
  return {
    insertSubscriber: db.prepare(`INSERT INTO digest_subscribers
        (public_id, email, email_norm, email_hmac, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (email_norm) DO NOTHING`),
    subscriberByEmail: db.prepare<[string], { id: number }>("SELECT id FROM digest_subscribers WHERE email_norm = ?"),
    linkUser: db.prepare("UPDATE digest_subscribers SET user_id = ?, updated_at = ? WHERE id = ? AND user_id IS NULL"),
    listBySlug: db.prepare<[string], { id: number }>("SELECT id FROM digest_lists WHERE slug = ?"),
    insertSubscription: db.prepare(`INSERT INTO digest_subscriptions
        (public_id, subscriber_id, list_id, status, created_at, updated_at, confirmed_at)
      VALUES (@publicId, @subscriberId, @listId, @status, @at, @at, CASE WHEN @status = 'confirmed' THEN @at END)
      ON CONFLICT (subscriber_id, list_id) DO NOTHING`),
    bySubscriberAndList: db.prepare<[number, number], { id: number; status: SubscriptionStatus; created_at: string }>(
      "SELECT id, status, created_at FROM digest_subscriptions WHERE subscriber_id = ? AND list_id = ?",
    ),
    reopen: db.prepare(`UPDATE digest_subscriptions SET status = @status, updated_at = @at, confirmed_at = @confirmedAt,
        ended_at = NULL, end_reason = NULL, created_at = @at WHERE id = @id AND status IN ('unsubscribed', 'pending')`),
    byId: db.prepare<[number], RecordRow>(`${SELECT_RECORD} WHERE s.id = ?`),
    byPublicId: db.prepare<[string], RecordRow>(`${SELECT_RECORD} WHERE s.public_id = ?`),
    // An erased subscriber has no manage page: its link names nobody any more.
    bySubscriber: db.prepare<[string], RecordRow>(
      `${SELECT_RECORD} WHERE sub.public_id = ? AND sub.status != 'erased' ORDER BY l.id`,
    ),
    byUser: db.prepare<[number], RecordRow>(`${SELECT_RECORD} WHERE sub.user_id = ? ORDER BY l.id`),
    topics: db.prepare<[number], { kind: string; value: string }>(
      "SELECT kind, value FROM digest_subscription_topics WHERE subscription_id = ? ORDER BY kind, value",
    ),
    deleteTopics: db.prepare("DELETE FROM digest_subscription_topics WHERE subscription_id = ?"),
    insertTopic: db.prepare(
      "INSERT INTO digest_subscription_topics (subscription_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    confirmSent: db.prepare(
      "UPDATE digest_subscriptions SET confirm_sent_at = ?, confirm_sends = confirm_sends + 1, updated_at = ? WHERE id = ?",
    ),
    confirm: db.prepare(`UPDATE digest_subscriptions SET status = 'confirmed', confirmed_at = ?, updated_at = ?
      WHERE id = ? AND status = 'pending'`),
    unsubscribe: db.prepare(`UPDATE digest_subscriptions SET status = 'unsubscribed', ended_at = ?,
        end_reason = 'unsubscribed', updated_at = ? WHERE id = ? AND status IN ('pending', 'confirmed')`),
    touch: db.prepare("UPDATE digest_subscriptions SET updated_at = ? WHERE id = ?"),
    moveToList: db.prepare("UPDATE digest_subscriptions SET list_id = ?, updated_at = ? WHERE id = ?"),
    takeOver: db.prepare(`UPDATE digest_subscriptions SET status = @status, updated_at = @at, ended_at = NULL,
        end_reason = NULL, confirmed_at = (SELECT confirmed_at FROM digest_subscriptions WHERE id = @from)
      WHERE id = @id`),
    endForFrequency: db.prepare(`UPDATE digest_subscriptions SET status = 'unsubscribed', ended_at = ?,
        end_reason = 'frequency changed', updated_at = ? WHERE id = ?`),
    expirePending: db.prepare(`UPDATE digest_subscriptions SET status = 'unsubscribed', ended_at = ?,
        end_reason = 'expired', updated_at = ? WHERE status = 'pending' AND created_at < ?`),
    consent: db.prepare(`INSERT INTO digest_consent_events
        (subscriber_id, subscription_id, kind, at, source, consent_text_version, ip, user_agent, details)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  };
}
