import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type {
  ConsentSource,
  SubscriptionRecord,
  SubscriptionStatus,
  SubscriptionStore,
} from "../../../core/digests/subscription-ports.js";
import { createPostgresDigestPrivacy, insertConsentEvent } from "./postgres-digest-privacy.js";
import { readTopics } from "./postgres-digest-rows.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";

interface RecordRow {
  id: number;
  subscriber_id: number;
  subscriber_public_id: string;
  subscription_public_id: string;
  list_slug: string;
  list_name: string;
  status: SubscriptionStatus;
  suppressed: boolean;
  created_at: string;
}

const SELECT_RECORD = `SELECT s.id, s.subscriber_id, sub.public_id AS subscriber_public_id,
    s.public_id AS subscription_public_id, l.slug AS list_slug, l.name AS list_name, s.status, s.created_at,
    EXISTS (SELECT 1 FROM mail_suppressions x WHERE x.email_hmac = sub.email_hmac) AS suppressed
  FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id
    JOIN digest_lists l ON l.id = s.list_id`;

const ENDED = "status = 'unsubscribed', ended_at = $1, updated_at = $1";

/**
 * Subscribers, subscriptions and the consent log on PostgreSQL; mirrors
 * sqlite-subscription-store.ts. A change reads the subscription row FOR UPDATE (or changes it
 * with a conditional UPDATE), so two requests for one subscription run one after the other
 * and the consent log gets each event once.
 */
export function createPostgresDigestSubscriptionStore(pool: PostgresPool): SubscriptionStore {
  const one = async (db: Queryable, where: string, params: unknown[], lock = false) =>
    (await db.query<RecordRow>(`${SELECT_RECORD} WHERE ${where}${lock ? " FOR UPDATE OF s" : ""}`, params)).rows[0] ??
    null;
  const toRecord = async (db: Queryable, row: RecordRow): Promise<SubscriptionRecord> => ({
    subscriberPublicId: row.subscriber_public_id,
    subscriptionPublicId: row.subscription_public_id,
    listSlug: row.list_slug,
    listName: row.list_name,
    status: row.status,
    topics: await readTopics(db, row.id),
    suppressed: row.suppressed,
    createdAt: row.created_at,
  });
  const byId = async (db: Queryable, id: number) => toRecord(db, (await one(db, "s.id = $1", [id]))!);
  const logConsent = (
    db: Queryable,
    row: RecordRow,
    kind: string,
    consent: ConsentSource,
    at: string,
    details?: unknown,
  ) => insertConsentEvent(db, { subscriberId: row.subscriber_id, subscriptionId: row.id, kind, consent, at, details });
  const replaceTopics = async (db: Queryable, subscriptionId: number, topics: readonly DigestTopic[]) => {
    await db.query("DELETE FROM digest_subscription_topics WHERE subscription_id = $1", [subscriptionId]);
    await db.query(
      `INSERT INTO digest_subscription_topics (subscription_id, kind, value)
       SELECT $1, t.kind, t.value FROM unnest($2::text[], $3::text[]) AS t (kind, value) ON CONFLICT DO NOTHING`,
      [subscriptionId, topics.map((t) => t.kind), topics.map((t) => t.value)],
    );
  };
  const listId = async (db: Queryable, slug: string) =>
    (await db.query<{ id: number }>("SELECT id FROM digest_lists WHERE slug = $1", [slug])).rows[0]?.id;

  return {
    ...createPostgresDigestPrivacy(pool),
    async requestSubscription(request, now) {
      const at = now.toISOString();
      return withTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO digest_subscribers (public_id, email, email_norm, email_hmac, user_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (email_norm) DO NOTHING`,
          [request.newSubscriberPublicId, request.email, request.emailNorm, request.emailHmac, request.userId, at],
        );
        const subscriberId = (
          await client.query<{ id: number }>("SELECT id FROM digest_subscribers WHERE email_norm = $1", [
            request.emailNorm,
          ])
        ).rows[0]!.id;
        if (request.userId !== null) {
          await client.query(
            "UPDATE digest_subscribers SET user_id = $1, updated_at = $2 WHERE id = $3 AND user_id IS NULL",
            [request.userId, at, subscriberId],
          );
        }
        const list = await listId(client, request.listSlug);
        if (list === undefined) throw new Error(`no digest list ${request.listSlug}`);
        const status = request.confirmNow ? "confirmed" : "pending";
        const inserted = await client.query(
          `INSERT INTO digest_subscriptions (public_id, subscriber_id, list_id, status, created_at, updated_at, confirmed_at)
           VALUES ($1, $2, $3, $4, $5, $5, CASE WHEN $4 = 'confirmed' THEN $5::timestamptz END)
           ON CONFLICT (subscriber_id, list_id) DO NOTHING`,
          [request.newSubscriptionPublicId, subscriberId, list, status, at],
        );
        const existing = (await one(client, "s.subscriber_id = $1 AND s.list_id = $2", [subscriberId, list], true))!;
        // An ended subscription (unsubscribed or expired) may be asked for again; bounced and
        // complained ones stay ended, whatever the form says.
        const reopened =
          existing.status === "unsubscribed" || (existing.status === "pending" && request.confirmNow)
            ? (
                await client.query(
                  `UPDATE digest_subscriptions SET status = $1, updated_at = $2, confirmed_at = $3, ended_at = NULL,
                     end_reason = NULL, created_at = $2 WHERE id = $4 AND status IN ('unsubscribed', 'pending')`,
                  [status, at, request.confirmNow ? at : null, existing.id],
                )
              ).rowCount === 1
            : false;
        const row = (await one(client, "s.id = $1", [existing.id]))!;
        if (row.status === "pending" || reopened || inserted.rowCount === 1) {
          await replaceTopics(client, row.id, request.topics);
          await logConsent(client, row, "signup", request.consent, at, { topics: request.topics });
          if (row.status === "confirmed")
            await logConsent(client, row, "confirm", request.consent, at, { oneClick: true });
        }
        return byId(client, existing.id);
      });
    },
    async recordConfirmationSent(subscriptionPublicId, now) {
      const at = now.toISOString();
      await withTransaction(pool, async (client) => {
        const row = await one(client, "s.public_id = $1", [subscriptionPublicId]);
        if (row === null) return;
        await client.query(
          `UPDATE digest_subscriptions SET confirm_sent_at = $1, confirm_sends = confirm_sends + 1, updated_at = $1
           WHERE id = $2`,
          [at, row.id],
        );
        await logConsent(
          client,
          row,
          "confirm_sent",
          { source: "mail", textVersion: null, ip: null, userAgent: null },
          at,
        );
      });
    },
    async confirmSubscription(subscriptionPublicId, consent, now) {
      const at = now.toISOString();
      return withTransaction(pool, async (client) => {
        const row = await one(client, "s.public_id = $1", [subscriptionPublicId]);
        if (row === null || (row.status !== "pending" && row.status !== "confirmed")) return null;
        const confirmed = await client.query(
          `UPDATE digest_subscriptions SET status = 'confirmed', confirmed_at = $1, updated_at = $1
           WHERE id = $2 AND status = 'pending'`,
          [at, row.id],
        );
        if (confirmed.rowCount === 1) await logConsent(client, row, "confirm", consent, at);
        return byId(client, row.id);
      });
    },
    async unsubscribe(subscriptionPublicId, consent, now) {
      const at = now.toISOString();
      return withTransaction(pool, async (client) => {
        const row = await one(client, "s.public_id = $1", [subscriptionPublicId]);
        if (row === null) return null;
        const kind = consent.source === "list-unsubscribe-post" ? "one_click" : "unsubscribe";
        const ended = await client.query(
          `UPDATE digest_subscriptions SET ${ENDED}, end_reason = 'unsubscribed'
           WHERE id = $2 AND status IN ('pending', 'confirmed')`,
          [at, row.id],
        );
        if (ended.rowCount === 1) await logConsent(client, row, kind, consent, at);
        return byId(client, row.id);
      });
    },
    async findSubscription(subscriptionPublicId) {
      const row = await one(pool, "s.public_id = $1", [subscriptionPublicId]);
      return row === null ? null : toRecord(pool, row);
    },
    async listSubscriptions(subscriberPublicId) {
      // An erased subscriber has no manage page: its link names nobody any more.
      const where = "sub.public_id = $1 AND sub.status <> 'erased' ORDER BY l.id";
      const { rows } = await pool.query<RecordRow>(`${SELECT_RECORD} WHERE ${where}`, [subscriberPublicId]);
      return Promise.all(rows.map((row) => toRecord(pool, row)));
    },
    async listUserSubscriptions(userId) {
      const { rows } = await pool.query<RecordRow>(`${SELECT_RECORD} WHERE sub.user_id = $1 ORDER BY l.id`, [userId]);
      return Promise.all(rows.map((row) => toRecord(pool, row)));
    },
    async updateTopics(subscriptionPublicId, topics, consent, now) {
      const at = now.toISOString();
      await withTransaction(pool, async (client) => {
        const row = await one(client, "s.public_id = $1", [subscriptionPublicId], true);
        if (row === null) return;
        await replaceTopics(client, row.id, topics);
        await client.query("UPDATE digest_subscriptions SET updated_at = $1 WHERE id = $2", [at, row.id]);
        await logConsent(client, row, "prefs", consent, at, { topics });
      });
    },
    async expirePending(before, now) {
      const result = await pool.query(
        `UPDATE digest_subscriptions SET ${ENDED}, end_reason = 'expired' WHERE status = 'pending' AND created_at < $2`,
        [now.toISOString(), before.toISOString()],
      );
      return result.rowCount ?? 0;
    },
    async changeFrequency(subscriptionPublicId, listSlug, consent, now) {
      const at = now.toISOString();
      return withTransaction(pool, async (client) => {
        const row = await one(client, "s.public_id = $1", [subscriptionPublicId], true);
        const target = await listId(client, listSlug);
        if (row === null || target === undefined) return null;
        if (row.status !== "pending" && row.status !== "confirmed") return null;
        if (row.list_slug === listSlug) return toRecord(client, row);
        const other = await one(client, "s.subscriber_id = $1 AND s.list_id = $2", [row.subscriber_id, target], true);
        let moved: number;
        if (other === null) {
          // The same subscription, on the other list: its links and history stay with it.
          await client.query("UPDATE digest_subscriptions SET list_id = $1, updated_at = $2 WHERE id = $3", [
            target,
            at,
            row.id,
          ]);
          moved = row.id;
        } else {
          // An old subscription to that list (unsubscribed before) takes over, with this one's
          // status and topics; one that bounced or complained stays ended.
          if (other.status === "bounced" || other.status === "complained") return null;
          await client.query(
            `UPDATE digest_subscriptions SET status = $1, updated_at = $2, ended_at = NULL, end_reason = NULL,
               confirmed_at = (SELECT confirmed_at FROM digest_subscriptions WHERE id = $4) WHERE id = $3`,
            [row.status, at, other.id, row.id],
          );
          await replaceTopics(client, other.id, await readTopics(client, row.id));
          await client.query(
            `UPDATE digest_subscriptions SET ${ENDED}, end_reason = 'frequency changed' WHERE id = $2`,
            [at, row.id],
          );
          moved = other.id;
        }
        const details = { frequency: { from: row.list_slug, to: listSlug } };
        await logConsent(client, (await one(client, "s.id = $1", [moved]))!, "prefs", consent, at, details);
        return byId(client, moved);
      });
    },
  };
}
