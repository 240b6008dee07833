import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type { DigestStore } from "../../../core/digests/ports.js";
import { recordFeedback, recordOutcome } from "./postgres-digest-outcomes.js";
import {
  type ClaimRow,
  type IssueRow,
  type ListRow,
  fromCadence,
  toClaimed,
  toIssue,
  toList,
} from "./postgres-digest-rows.js";
import { createPostgresDigestSubscriptionStore } from "./postgres-digest-subscriptions.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";

/** A subscription may receive mail: confirmed, its subscriber active, its address not suppressed. */
export const IS_SENDABLE = `s.status = 'confirmed' AND sub.status = 'active' AND sub.email IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM mail_suppressions x WHERE x.email_hmac = sub.email_hmac)`;

// The send-time guard: an unsubscribe or suppression since preparation wins. SKIP LOCKED:
// a row another worker holds is that worker's to skip or claim; waiting for it could
// deadlock two workers locking the same rows in different orders. $1 now.
const SKIP_UNSENDABLE = `
  WITH unsendable AS (
    SELECT d.id FROM digest_deliveries d
    WHERE d.status IN ('queued', 'deferred') AND d.next_attempt_at <= $1 AND d.subscription_id NOT IN (
      SELECT s.id FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id WHERE ${IS_SENDABLE})
    FOR UPDATE OF d SKIP LOCKED)
  UPDATE digest_deliveries d SET status = 'skipped', last_error = 'not sendable at send time', updated_at = $1
  FROM unsendable WHERE d.id = unsendable.id`;

// One statement picks and leases. FOR UPDATE SKIP LOCKED: a second worker passes over the
// rows the first is leasing and takes the next ones, so no delivery is claimed twice; the
// lock is re-checked against the row's newest version, so a row leased and committed since
// this statement's snapshot no longer matches `queued`/`deferred`.
// $1 worker, $2 now, $3 lease end, $4 limit, $5 list id or null.
// @see https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
const CLAIM = `
  WITH picked AS (
    SELECT d.id FROM digest_deliveries d JOIN digest_issues i ON i.id = d.issue_id
    WHERE d.status IN ('queued', 'deferred') AND d.next_attempt_at <= $2 AND i.status IN ('prepared', 'sending')
      AND ($5::bigint IS NULL OR i.list_id = $5)
    ORDER BY d.next_attempt_at, d.id LIMIT $4
    FOR UPDATE OF d SKIP LOCKED)
  UPDATE digest_deliveries d SET status = 'sending', attempts = d.attempts + 1, lease_owner = $1,
    lease_expires_at = $3, first_attempt_at = COALESCE(d.first_attempt_at, $2), updated_at = $2
  FROM picked WHERE d.id = picked.id
  RETURNING d.id`;

const CLAIMED = `SELECT d.id, d.public_id, d.issue_id, d.subscription_id, d.to_email, d.message_id, d.selection,
    d.attempts, d.first_attempt_at, s.public_id AS subscription_public_id, sub.public_id AS subscriber_public_id
  FROM digest_deliveries d JOIN digest_subscriptions s ON s.id = d.subscription_id
    JOIN digest_subscribers sub ON sub.id = d.subscriber_id
  WHERE d.id = ANY ($1) ORDER BY d.next_attempt_at, d.id`;

const AUDIENCE = `SELECT s.id AS subscription_id, s.public_id AS subscription_public_id, sub.id AS subscriber_id,
    sub.public_id AS subscriber_public_id, sub.email
  FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id
  WHERE s.list_id = $1 AND s.id > $2 AND ${IS_SENDABLE}
  ORDER BY s.id LIMIT $3`;

const SAVE_LIST = `INSERT INTO digest_lists
    (slug, name, cadence, send_at_minute, weekday, weekends, list_id_header, active, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (slug) DO UPDATE SET name = excluded.name, cadence = excluded.cadence,
    send_at_minute = excluded.send_at_minute, weekday = excluded.weekday, weekends = excluded.weekends,
    list_id_header = excluded.list_id_header, active = excluded.active
  RETURNING *`;

// No conflict target: a row for the same subscription or the same subscriber in this issue
// is kept as it is (migration 007's two unique keys). A concurrent run waits for the first to
// commit, then adds nothing.
const INSERT_DELIVERIES = `INSERT INTO digest_deliveries (public_id, issue_id, subscription_id, subscriber_id,
    to_email, message_id, selection, status, next_attempt_at, created_at, updated_at)
  SELECT r.public_id, $1::bigint, r.subscription_id, r.subscriber_id, r.to_email, r.message_id, r.selection, r.status,
    $2::timestamptz, $2::timestamptz, $2::timestamptz
  FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::jsonb[], $9::text[])
    AS r (public_id, subscription_id, subscriber_id, to_email, message_id, selection, status)
  ON CONFLICT DO NOTHING`;

/**
 * Lists, issues and the outbox on PostgreSQL, shared by several sender processes: every
 * write that must happen once is keyed by a unique constraint (issue per period, delivery
 * per issue and subscription, report per dedupe key), and claims lease rows with SKIP LOCKED.
 */
export function createPostgresDigestStore(pool: PostgresPool): DigestStore {
  const readIssue = async (db: Queryable, sql: string, params: unknown[]) => {
    const row = (await db.query<IssueRow>(sql, params)).rows[0];
    return row === undefined ? null : toIssue(row);
  };

  return {
    ...createPostgresDigestSubscriptionStore(pool),
    async saveList(list, now) {
      const c = fromCadence(list.cadence);
      const params = [list.slug, list.name, c.kind, c.sendAtMinute, c.weekday, c.weekends, list.listIdHeader];
      const { rows } = await pool.query<ListRow>(SAVE_LIST, [...params, list.active, now.toISOString()]);
      return toList(rows[0]!);
    },
    async listLists() {
      return (await pool.query<ListRow>("SELECT * FROM digest_lists ORDER BY id")).rows.map(toList);
    },
    async openIssue(listId, period, now) {
      // ON CONFLICT DO NOTHING: a second scheduler tick for the same period (even in another
      // process, at the same moment) waits for the first insert and then finds its issue.
      const inserted = await pool.query(
        `INSERT INTO digest_issues (list_id, period_key, covers_from, covers_to, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (list_id, period_key) DO NOTHING`,
        [listId, period.key, period.covers.from, period.covers.to, now.toISOString()],
      );
      const issue = await readIssue(pool, "SELECT * FROM digest_issues WHERE list_id = $1 AND period_key = $2", [
        listId,
        period.key,
      ]);
      return { issue: issue!, created: inserted.rowCount === 1 };
    },
    async findIssue(issueId) {
      return readIssue(pool, "SELECT * FROM digest_issues WHERE id = $1", [issueId]);
    },
    async listAudience(listId, afterSubscriptionId, limit) {
      const { rows } = await pool.query<{
        subscription_id: number;
        subscription_public_id: string;
        subscriber_id: number;
        subscriber_public_id: string;
        email: string;
      }>(AUDIENCE, [listId, afterSubscriptionId, limit]);
      const topics = await readAudienceTopics(
        pool,
        rows.map((r) => r.subscription_id),
      );
      return rows.map((r) => ({
        subscriptionId: r.subscription_id,
        subscriptionPublicId: r.subscription_public_id,
        subscriberId: r.subscriber_id,
        subscriberPublicId: r.subscriber_public_id,
        email: r.email,
        topics: topics.get(r.subscription_id) ?? [],
      }));
    },
    async listSentPaperIds(subscriberIds) {
      const sent = new Map<number, Set<string>>(subscriberIds.map((id) => [id, new Set<string>()]));
      // "Maybe sent" counts as sent: an uncertain delivery probably arrived.
      const { rows } = await pool.query<{ subscriber_id: number; paper_id: string }>(
        `SELECT DISTINCT d.subscriber_id, p ->> 'paperId' AS paper_id
         FROM digest_deliveries d CROSS JOIN LATERAL jsonb_array_elements(d.selection) p
         WHERE d.subscriber_id = ANY ($1) AND d.status IN ('sent', 'uncertain')`,
        [subscriberIds],
      );
      for (const row of rows) sent.get(row.subscriber_id)?.add(row.paper_id);
      return sent;
    },
    async addDeliveries(issueId, content, deliveries, now) {
      return withTransaction(pool, async (client) => {
        // COALESCE keeps the first freeze: a re-run of preparation never changes an issue's papers.
        await client.query("UPDATE digest_issues SET content = COALESCE(content, $1::jsonb) WHERE id = $2", [
          JSON.stringify(content),
          issueId,
        ]);
        if (deliveries.length === 0) return 0;
        const result = await client.query(INSERT_DELIVERIES, [
          issueId,
          now.toISOString(),
          deliveries.map((d) => d.publicId),
          deliveries.map((d) => d.subscriptionId),
          deliveries.map((d) => d.subscriberId),
          deliveries.map((d) => d.toEmail),
          deliveries.map((d) => d.messageId),
          deliveries.map((d) => JSON.stringify(d.selection)),
          deliveries.map((d) => (d.skipped ? "skipped" : "queued")),
        ]);
        return result.rowCount ?? 0;
      });
    },
    async markIssuePrepared(issueId, now) {
      await pool.query(
        `UPDATE digest_issues SET status = 'prepared', prepared_at = COALESCE(prepared_at, $1)
         WHERE id = $2 AND status = 'preparing'`,
        [now.toISOString(), issueId],
      );
    },
    async claimDeliveries({ workerId, now, leaseMs, limit, listId }) {
      const at = now.toISOString();
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      return withTransaction(pool, async (client) => {
        await client.query(SKIP_UNSENDABLE, [at]);
        const picked = await client.query<{ id: number }>(CLAIM, [workerId, at, leaseUntil, limit, listId ?? null]);
        if (picked.rows.length === 0) return [];
        const claimed = await client.query<ClaimRow>(CLAIMED, [picked.rows.map((row) => row.id)]);
        return claimed.rows.map(toClaimed);
      });
    },
    async recordDeliveryOutcome(deliveryId, decision, now) {
      await withTransaction(pool, (client) => recordOutcome(client, deliveryId, decision, now.toISOString()));
    },
    async expireLeases(now) {
      // Not resent: the worker died between handing the message over and recording the reply.
      const result = await pool.query(
        `UPDATE digest_deliveries SET status = 'uncertain', last_error = 'lease expired while sending',
           lease_owner = NULL, updated_at = $1 WHERE status = 'sending' AND lease_expires_at <= $1`,
        [now.toISOString()],
      );
      return result.rowCount ?? 0;
    },
    async finishIssues(now) {
      const result = await pool.query(
        `UPDATE digest_issues SET status = 'done', finished_at = $1 WHERE status IN ('prepared', 'sending')
         AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.issue_id = digest_issues.id
           AND d.status IN ('queued', 'deferred', 'sending'))`,
        [now.toISOString()],
      );
      return result.rowCount ?? 0;
    },
    async resumeIssue(issueId) {
      await pool.query(
        "UPDATE digest_issues SET status = 'sending', paused_reason = NULL WHERE id = $1 AND status = 'paused'",
        [issueId],
      );
    },
    async pauseIssue(issueId, reason) {
      await pool.query(
        "UPDATE digest_issues SET status = 'paused', paused_reason = $1 WHERE id = $2 AND status IN ('prepared', 'sending')",
        [reason, issueId],
      );
    },
    async countDeliveries(issueId) {
      const { rows } = await pool.query<{ status: string; count: number }>(
        "SELECT status, count(*) AS count FROM digest_deliveries WHERE issue_id = $1 GROUP BY status",
        [issueId],
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.count]));
    },
    async recordFeedback(record, now) {
      return withTransaction(pool, (client) => recordFeedback(client, record, now.toISOString()));
    },
  };
}

async function readAudienceTopics(
  db: Queryable,
  subscriptionIds: readonly number[],
): Promise<Map<number, DigestTopic[]>> {
  const topics = new Map<number, DigestTopic[]>();
  if (subscriptionIds.length === 0) return topics;
  const { rows } = await db.query<{ subscription_id: number; kind: DigestTopic["kind"]; value: string }>(
    `SELECT subscription_id, kind, value FROM digest_subscription_topics WHERE subscription_id = ANY ($1)
     ORDER BY subscription_id, kind COLLATE "C", value COLLATE "C"`,
    [subscriptionIds],
  );
  for (const row of rows) {
    topics.set(row.subscription_id, [...(topics.get(row.subscription_id) ?? []), { kind: row.kind, value: row.value }]);
  }
  return topics;
}
