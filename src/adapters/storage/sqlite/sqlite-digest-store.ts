import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type { DigestCadence } from "../../../core/digests/issue-period.js";
import type { DigestIssue, DigestList, DigestStore, IssueStatus } from "../../../core/digests/ports.js";
import type { FrozenIssueSelection, SelectedPaper } from "../../../core/digests/select-digest-papers.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { recordFeedback, recordOutcome } from "./sqlite-digest-outcomes.js";
import { createSqliteSubscriptionStore } from "./sqlite-subscription-store.js";

interface ListRow {
  id: number;
  slug: string;
  name: string;
  cadence: "daily" | "weekly";
  send_at_minute: number;
  weekday: number;
  weekends: number;
  list_id_header: string;
  active: number;
}

interface IssueRow {
  id: number;
  list_id: number;
  period_key: string;
  covers_from: string;
  covers_to: string;
  status: IssueStatus;
  content: string | null;
  paused_reason: string | null;
}

interface ClaimRow {
  id: number;
  public_id: string;
  issue_id: number;
  subscription_id: number;
  subscription_public_id: string;
  subscriber_public_id: string;
  to_email: string;
  message_id: string;
  selection: string;
  attempts: number;
  first_attempt_at: string;
}

/** A subscription may receive mail: confirmed, its subscriber active, its address not suppressed. */
const IS_SENDABLE = `s.status = 'confirmed' AND sub.status = 'active' AND sub.email IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM mail_suppressions x WHERE x.email_hmac = sub.email_hmac)`;

export function createSqliteDigestStore(db: SqliteDatabase): DigestStore {
  const statements = prepareStatements(db);
  const readIssue = (id: number) => {
    const row = statements.issueById.get(id);
    return row === undefined ? null : toIssue(row);
  };

  return {
    ...createSqliteSubscriptionStore(db),
    async saveList(list, now) {
      const row = statements.saveList.get({
        ...fromCadence(list.cadence),
        ...list,
        active: list.active ? 1 : 0,
        now: now.toISOString(),
      });
      return toList(row!);
    },
    async listLists() {
      return statements.lists.all().map(toList);
    },
    async openIssue(listId, period, now) {
      const params = {
        listId,
        key: period.key,
        from: period.covers.from,
        to: period.covers.to,
        now: now.toISOString(),
      };
      // ON CONFLICT DO NOTHING: a second scheduler tick for the same period finds the first one's issue.
      const created = statements.insertIssue.run(params).changes > 0;
      return { issue: toIssue(statements.issueByPeriod.get(listId, period.key)!), created };
    },
    async findIssue(issueId) {
      return readIssue(issueId);
    },
    async listAudience(listId, afterSubscriptionId, limit) {
      const rows = statements.audience.all(listId, afterSubscriptionId, limit);
      const topics = readTopics(
        statements,
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
      for (const row of statements.sentPapers.all(JSON.stringify(subscriberIds)))
        sent.get(row.subscriber_id)?.add(row.paper_id);
      return sent;
    },
    async addDeliveries(issueId, content, deliveries, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        statements.freezeContent.run(JSON.stringify(content), issueId);
        let added = 0;
        for (const d of deliveries) {
          const status = d.skipped ? "skipped" : "queued";
          added += statements.insertDelivery.run({
            ...d,
            issueId,
            status,
            selection: JSON.stringify(d.selection),
            now: at,
          }).changes;
        }
        return added;
      })();
    },
    async markIssuePrepared(issueId, now) {
      statements.markPrepared.run(now.toISOString(), issueId);
    },
    async claimDeliveries({ workerId, now, leaseMs, limit, listId }) {
      const at = now.toISOString();
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      return db.transaction(() => {
        // The send-time guard: an unsubscribe or suppression since preparation wins.
        statements.skipUnsendable.run(at, at);
        const ids = statements.claim
          .all({ workerId, now: at, leaseUntil, limit, listId: listId ?? null })
          .map((row) => row.id);
        return statements.claimed.all(JSON.stringify(ids)).map(toClaimed);
      })();
    },
    async recordDeliveryOutcome(deliveryId, decision, now) {
      db.transaction(() => recordOutcome(statements, deliveryId, decision, now.toISOString()))();
    },
    async expireLeases(now) {
      return statements.expireLeases.run(now.toISOString(), now.toISOString()).changes;
    },
    async finishIssues(now) {
      return statements.finishIssues.run(now.toISOString()).changes;
    },
    async resumeIssue(issueId) {
      statements.resumeIssue.run(issueId);
    },
    async pauseIssue(issueId, reason) {
      statements.pauseIssue.run(reason, issueId);
    },
    async countDeliveries(issueId) {
      const rows = statements.countByStatus.all(issueId);
      return Object.fromEntries(rows.map((row) => [row.status, row.count]));
    },
    async recordFeedback(record, now) {
      return db.transaction(() => recordFeedback(statements, record, now.toISOString()))();
    },
  };
}

/** The store's prepared statements, shared with sqlite-digest-outcomes.ts. */
export type DigestStatements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: SqliteDatabase) {
  return {
    saveList: db.prepare<Record<string, unknown>, ListRow>(`INSERT INTO digest_lists
        (slug, name, cadence, send_at_minute, weekday, weekends, list_id_header, active, created_at)
      VALUES (@slug, @name, @kind, @sendAtMinute, @weekday, @weekends, @listIdHeader, @active, @now)
      ON CONFLICT (slug) DO UPDATE SET name = excluded.name, cadence = excluded.cadence,
        send_at_minute = excluded.send_at_minute, weekday = excluded.weekday, weekends = excluded.weekends,
        list_id_header = excluded.list_id_header, active = excluded.active
      RETURNING *`),
    lists: db.prepare<[], ListRow>("SELECT * FROM digest_lists ORDER BY id"),
    insertIssue: db.prepare(`INSERT INTO digest_issues (list_id, period_key, covers_from, covers_to, created_at)
      VALUES (@listId, @key, @from, @to, @now) ON CONFLICT (list_id, period_key) DO NOTHING`),
    issueByPeriod: db.prepare<[number, string], IssueRow>(
      "SELECT * FROM digest_issues WHERE list_id = ? AND period_key = ?",
    ),
    issueById: db.prepare<[number], IssueRow>("SELECT * FROM digest_issues WHERE id = ?"),
    audience: db.prepare<
      [number, number, number],
      {
        subscription_id: number;
        subscription_public_id: string;
        subscriber_id: number;
        subscriber_public_id: string;
        email: string;
      }
    >(`SELECT s.id AS subscription_id, s.public_id AS subscription_public_id, sub.id AS subscriber_id,
        sub.public_id AS subscriber_public_id, sub.email
      FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id
      WHERE s.list_id = ? AND s.id > ? AND ${IS_SENDABLE}
      ORDER BY s.id LIMIT ?`),
    topics: db.prepare<[string], { subscription_id: number; kind: DigestTopic["kind"]; value: string }>(`
      SELECT subscription_id, kind, value FROM digest_subscription_topics
      WHERE subscription_id IN (SELECT value FROM json_each(?)) ORDER BY subscription_id, kind, value`),
    // "Maybe sent" counts as sent: an uncertain delivery probably arrived.
    sentPapers: db.prepare<[string], { subscriber_id: number; paper_id: string }>(`
      SELECT DISTINCT d.subscriber_id, json_extract(p.value, '$.paperId') AS paper_id
      FROM digest_deliveries d, json_each(d.selection) p
      WHERE d.subscriber_id IN (SELECT value FROM json_each(?)) AND d.status IN ('sent', 'uncertain')`),
    // COALESCE keeps the first freeze: a re-run of preparation never changes an issue's papers.
    freezeContent: db.prepare("UPDATE digest_issues SET content = COALESCE(content, ?) WHERE id = ?"),
    insertDelivery: db.prepare(`INSERT INTO digest_deliveries (public_id, issue_id, subscription_id, subscriber_id,
        to_email, message_id, selection, status, next_attempt_at, created_at, updated_at)
      VALUES (@publicId, @issueId, @subscriptionId, @subscriberId, @toEmail, @messageId, @selection, @status, @now, @now, @now)
      ON CONFLICT (issue_id, subscription_id) DO NOTHING`),
    markPrepared: db.prepare(
      "UPDATE digest_issues SET status = 'prepared', prepared_at = COALESCE(prepared_at, ?) WHERE id = ? AND status = 'preparing'",
    ),
    skipUnsendable:
      db.prepare(`UPDATE digest_deliveries SET status = 'skipped', last_error = 'not sendable at send time', updated_at = ?
      WHERE status IN ('queued', 'deferred') AND next_attempt_at <= ? AND subscription_id NOT IN (
        SELECT s.id FROM digest_subscriptions s JOIN digest_subscribers sub ON sub.id = s.subscriber_id WHERE ${IS_SENDABLE})`),
    // One statement picks and leases, so two workers never hold the same row.
    claim: db.prepare<
      { workerId: string; now: string; leaseUntil: string; limit: number; listId: number | null },
      { id: number }
    >(`
      UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1, lease_owner = @workerId,
        lease_expires_at = @leaseUntil, first_attempt_at = COALESCE(first_attempt_at, @now), updated_at = @now
      WHERE id IN (
        SELECT d.id FROM digest_deliveries d JOIN digest_issues i ON i.id = d.issue_id
        WHERE d.status IN ('queued', 'deferred') AND d.next_attempt_at <= @now AND i.status IN ('prepared', 'sending')
          AND (@listId IS NULL OR i.list_id = @listId)
        ORDER BY d.next_attempt_at, d.id LIMIT @limit)
      RETURNING id`),
    claimed: db.prepare<[string], ClaimRow>(`SELECT d.id, d.public_id, d.issue_id, d.subscription_id, d.to_email,
        d.message_id, d.selection, d.attempts, d.first_attempt_at, s.public_id AS subscription_public_id,
        sub.public_id AS subscriber_public_id
      FROM digest_deliveries d JOIN digest_subscriptions s ON s.id = d.subscription_id
        JOIN digest_subscribers sub ON sub.id = d.subscriber_id
      WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.next_attempt_at, d.id`),
    markSending: db.prepare("UPDATE digest_issues SET status = 'sending' WHERE id = ? AND status = 'prepared'"),
    sent: db.prepare(`UPDATE digest_deliveries SET status = 'sent', relay_response = ?, sent_at = ?, lease_owner = NULL,
      lease_expires_at = NULL, last_code = NULL, updated_at = ? WHERE id = ?`),
    retry:
      db.prepare(`UPDATE digest_deliveries SET status = @status, next_attempt_at = COALESCE(@next, next_attempt_at),
      last_code = @code, last_error = @error, bounce = @bounce, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
      WHERE id = @id`),
    deliveryRefs: db.prepare<
      [number],
      { issue_id: number; subscription_id: number; subscriber_id: number; email_hmac: string | null }
    >(`
      SELECT d.issue_id, d.subscription_id, d.subscriber_id, sub.email_hmac
      FROM digest_deliveries d JOIN digest_subscribers sub ON sub.id = d.subscriber_id WHERE d.id = ?`),
    bounceSubscription:
      db.prepare(`UPDATE digest_subscriptions SET status = 'bounced', ended_at = ?, end_reason = ?, updated_at = ?
      WHERE id = ? AND status = 'confirmed'`),
    suppress: db.prepare(`INSERT INTO mail_suppressions (email_hmac, reason, delivery_id, created_at)
      VALUES (?, ?, ?, ?) ON CONFLICT (email_hmac) DO NOTHING`),
    consent: db.prepare(`INSERT INTO digest_consent_events (subscriber_id, subscription_id, kind, at, source, details)
      VALUES (?, ?, ?, ?, ?, ?)`),
    mailEvent: db.prepare(`INSERT INTO mail_events
        (delivery_id, subscriber_id, kind, source, status_code, diagnostic, dedupe_key, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`),
    deliveryByReference: db.prepare<[string | null, string | null], { id: number }>(
      "SELECT id FROM digest_deliveries WHERE public_id = ? OR message_id = ? ORDER BY id LIMIT 1",
    ),
    // The subscription's deliveries of the last 30 days that soft-bounced (when reported) or
    // went through cleanly (when sent): the input of shouldBounceAfterSoftBounces.
    softBounceHistory: db.prepare<
      [number, string],
      { delivery_id: number; outcome: "soft-bounce" | "clean"; at: string }
    >(`SELECT d.id AS delivery_id,
        CASE WHEN soft.at IS NOT NULL THEN 'soft-bounce' ELSE 'clean' END AS outcome, COALESCE(soft.at, d.sent_at) AS at
      FROM digest_deliveries d
        LEFT JOIN (SELECT delivery_id, MAX(created_at) AS at FROM mail_events WHERE kind = 'soft' GROUP BY delivery_id) soft
          ON soft.delivery_id = d.id
      WHERE d.subscription_id = ? AND COALESCE(soft.at, d.sent_at) >= ?
        AND (soft.at IS NOT NULL OR (d.status = 'sent' AND NOT EXISTS (SELECT 1 FROM mail_events e
          WHERE e.delivery_id = d.id AND e.kind IN ('hard', 'complaint', 'policy'))))`),
    complainAll: db.prepare(`UPDATE digest_subscriptions SET status = 'complained', ended_at = ?,
      end_reason = 'complaint', updated_at = ? WHERE subscriber_id = ? AND status IN ('pending', 'confirmed')`),
    pauseIssue: db.prepare(
      "UPDATE digest_issues SET status = 'paused', paused_reason = ? WHERE id = ? AND status IN ('prepared', 'sending')",
    ),
    countByStatus: db.prepare<[number], { status: string; count: number }>(
      "SELECT status, COUNT(*) AS count FROM digest_deliveries WHERE issue_id = ? GROUP BY status",
    ),
    resumeIssue: db.prepare(
      "UPDATE digest_issues SET status = 'sending', paused_reason = NULL WHERE id = ? AND status = 'paused'",
    ),
    // Not resent: the worker died between handing the message over and recording the reply.
    expireLeases:
      db.prepare(`UPDATE digest_deliveries SET status = 'uncertain', last_error = 'lease expired while sending',
      lease_owner = NULL, updated_at = ? WHERE status = 'sending' AND lease_expires_at <= ?`),
    finishIssues:
      db.prepare(`UPDATE digest_issues SET status = 'done', finished_at = ? WHERE status IN ('prepared', 'sending')
      AND NOT EXISTS (SELECT 1 FROM digest_deliveries d WHERE d.issue_id = digest_issues.id
        AND d.status IN ('queued', 'deferred', 'sending'))`),
  };
}

function readTopics(statements: DigestStatements, subscriptionIds: readonly number[]): Map<number, DigestTopic[]> {
  const topics = new Map<number, DigestTopic[]>();
  for (const row of statements.topics.all(JSON.stringify(subscriptionIds))) {
    topics.set(row.subscription_id, [...(topics.get(row.subscription_id) ?? []), { kind: row.kind, value: row.value }]);
  }
  return topics;
}

function fromCadence(cadence: DigestCadence) {
  return cadence.kind === "daily"
    ? { kind: "daily", sendAtMinute: cadence.sendAtMinute, weekday: 1, weekends: cadence.weekends ? 1 : 0 }
    : { kind: "weekly", sendAtMinute: cadence.sendAtMinute, weekday: cadence.weekday, weekends: 0 };
}

function toList(row: ListRow): DigestList {
  const cadence: DigestCadence =
    row.cadence === "daily"
      ? { kind: "daily", sendAtMinute: row.send_at_minute, weekends: row.weekends === 1 }
      : { kind: "weekly", weekday: row.weekday, sendAtMinute: row.send_at_minute };
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    cadence,
    listIdHeader: row.list_id_header,
    active: row.active === 1,
  };
}

function toIssue(row: IssueRow): DigestIssue {
  return {
    id: row.id,
    listId: row.list_id,
    periodKey: row.period_key,
    covers: { from: row.covers_from, to: row.covers_to },
    status: row.status,
    content: row.content === null ? null : (JSON.parse(row.content) as FrozenIssueSelection),
    pausedReason: row.paused_reason,
  };
}

function toClaimed(row: ClaimRow) {
  return {
    id: row.id,
    publicId: row.public_id,
    issueId: row.issue_id,
    subscriptionId: row.subscription_id,
    subscriptionPublicId: row.subscription_public_id,
    subscriberPublicId: row.subscriber_public_id,
    toEmail: row.to_email,
    messageId: row.message_id,
    selection: JSON.parse(row.selection) as SelectedPaper[],
    attempts: row.attempts,
    firstAttemptAt: new Date(row.first_attempt_at),
  };
}
