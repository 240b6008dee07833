import type { DigestTopic } from "../../../core/digests/digest-topics.js";
import type { DigestCadence } from "../../../core/digests/issue-period.js";
import type { ClaimedDelivery, DigestIssue, DigestList, IssueStatus } from "../../../core/digests/ports.js";
import type { FrozenIssueSelection, SelectedPaper } from "../../../core/digests/select-digest-papers.js";
import type { Queryable } from "./postgres-pool.js";

/** Rows of the digest tables as node-postgres returns them: jsonb parsed, instants as ISO text. */
export interface ListRow {
  id: number;
  slug: string;
  name: string;
  cadence: "daily" | "weekly";
  send_at_minute: number;
  weekday: number;
  weekends: boolean;
  list_id_header: string;
  active: boolean;
}

export interface IssueRow {
  id: number;
  list_id: number;
  period_key: string;
  covers_from: string;
  covers_to: string;
  status: IssueStatus;
  content: FrozenIssueSelection | null;
  paused_reason: string | null;
}

export interface ClaimRow {
  id: number;
  public_id: string;
  issue_id: number;
  subscription_id: number;
  subscription_public_id: string;
  subscriber_public_id: string;
  to_email: string;
  message_id: string;
  selection: SelectedPaper[];
  attempts: number;
  first_attempt_at: string;
}

/** The columns a cadence is stored in; a weekly list keeps no weekend flag, a daily one weekday 1. */
export function fromCadence(cadence: DigestCadence) {
  return cadence.kind === "daily"
    ? { kind: "daily", sendAtMinute: cadence.sendAtMinute, weekday: 1, weekends: cadence.weekends }
    : { kind: "weekly", sendAtMinute: cadence.sendAtMinute, weekday: cadence.weekday, weekends: false };
}

export function toList(row: ListRow): DigestList {
  const cadence: DigestCadence =
    row.cadence === "daily"
      ? { kind: "daily", sendAtMinute: row.send_at_minute, weekends: row.weekends }
      : { kind: "weekly", weekday: row.weekday, sendAtMinute: row.send_at_minute };
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    cadence,
    listIdHeader: row.list_id_header,
    active: row.active,
  };
}

export function toIssue(row: IssueRow): DigestIssue {
  return {
    id: row.id,
    listId: row.list_id,
    periodKey: row.period_key,
    covers: { from: row.covers_from, to: row.covers_to },
    status: row.status,
    content: row.content,
    pausedReason: row.paused_reason,
  };
}

export function toClaimed(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    publicId: row.public_id,
    issueId: row.issue_id,
    subscriptionId: row.subscription_id,
    subscriptionPublicId: row.subscription_public_id,
    subscriberPublicId: row.subscriber_public_id,
    toEmail: row.to_email,
    messageId: row.message_id,
    selection: row.selection,
    attempts: row.attempts,
    firstAttemptAt: new Date(row.first_attempt_at),
  };
}

/** A subscription's topics in the order SQLite sorts them (bytewise), whatever the database's collation. */
export async function readTopics(db: Queryable, subscriptionId: number): Promise<DigestTopic[]> {
  const { rows } = await db.query<DigestTopic>(
    `SELECT kind, value FROM digest_subscription_topics WHERE subscription_id = $1
     ORDER BY kind COLLATE "C", value COLLATE "C"`,
    [subscriptionId],
  );
  return rows.map((t) => ({ kind: t.kind, value: t.value }) as DigestTopic);
}
