import { findDueIssuePeriod, type IssuePeriod } from "./issue-period.js";
import { createPublicId } from "./link-tokens.js";
import type { AudienceMember, DigestIssue, DigestList, DigestStore, PreparedDelivery } from "./ports.js";
import {
  DEFAULT_SELECTION_LIMITS,
  freezeIssueSelection,
  selectDigestPapers,
  type DigestCandidate,
  type FrozenIssueSelection,
} from "./select-digest-papers.js";

/** A paper as selection reads it, plus what the mail shows. */
export interface DigestPaperInfo extends DigestCandidate {
  /** The AI summary when there is one, else the abstract. */
  readonly summary: string;
}

export interface DigestPlanningDeps {
  readonly store: DigestStore;
  /** The ranked paper ids (best first) an issue of `list` covering `period` reports on. */
  rankIssuePapers(list: DigestList, period: IssuePeriod, limit: number): Promise<string[]>;
  loadPapers(ids: readonly string[]): Promise<Map<string, DigestPaperInfo>>;
  /** Domain of Message-IDs (`d.<delivery id>@<domain>`). */
  readonly messageIdDomain: string;
}

/** One recipient of a planned issue, with the ids its links are signed for. */
export interface PlannedDelivery extends PreparedDelivery {
  readonly member: AudienceMember;
}

export interface IssuePlan {
  readonly list: DigestList;
  readonly period: IssuePeriod;
  readonly content: FrozenIssueSelection;
  readonly deliveries: readonly PlannedDelivery[];
  readonly papers: ReadonlyMap<string, DigestPaperInfo>;
}

/** Audience rows read per page: bounded memory with 10,000 subscribers. */
const AUDIENCE_PAGE_SIZE = 500;

export function createDigestPlanning(deps: DigestPlanningDeps) {
  /** The issue as it would be prepared now, written nowhere (`--dry-run`, `--out`, previews). */
  async function planIssue(list: DigestList, period: IssuePeriod, frozen: FrozenIssueSelection | null, now: Date) {
    const content =
      frozen ??
      freezeIssueSelection(
        await deps.rankIssuePapers(list, period, DEFAULT_SELECTION_LIMITS.poolSize),
        DEFAULT_SELECTION_LIMITS,
      );
    const papers = await deps.loadPapers(content.pool);
    const deliveries: PlannedDelivery[] = [];
    for (let after = 0; ;) {
      const page = await deps.store.listAudience(list.id, after, AUDIENCE_PAGE_SIZE);
      if (page.length === 0) break;
      const sent = await deps.store.listSentPaperIds(page.map((m) => m.subscriberId));
      for (const member of page) deliveries.push(planDelivery(member, content, papers, sent, now));
      after = page.at(-1)!.subscriptionId;
    }
    return { list, period, content, deliveries, papers } satisfies IssuePlan;
  }

  function planDelivery(
    member: AudienceMember,
    content: FrozenIssueSelection,
    papers: ReadonlyMap<string, DigestPaperInfo>,
    sent: Map<number, Set<string>>,
    now: Date,
  ): PlannedDelivery {
    const selection = selectDigestPapers({
      issue: content,
      papers,
      topics: member.topics,
      alreadySent: sent.get(member.subscriberId) ?? new Set(),
      now,
    });
    const publicId = createPublicId();
    return {
      member,
      subscriptionId: member.subscriptionId,
      subscriberId: member.subscriberId,
      toEmail: member.email,
      publicId,
      messageId: `d.${publicId}@${deps.messageIdDomain}`,
      selection: selection.kind === "send" ? selection.papers : [],
      skipped: selection.kind === "skip",
    };
  }

  /**
   * Opens the due issue of `list` and fills its outbox, once. A second call for the same
   * period finds the issue already prepared and does nothing; a call after a crash mid-way
   * keeps the frozen papers and the rows written (`ON CONFLICT DO NOTHING`) and adds the rest.
   */
  async function prepareDueIssue(
    list: DigestList,
    now: Date,
  ): Promise<{ issue: DigestIssue; created: boolean; added: number } | null> {
    const period = findDueIssuePeriod(list.cadence, now);
    if (period === null) return null;
    const { issue, created } = await deps.store.openIssue(list.id, period, now);
    if (issue.status !== "preparing") return { issue, created, added: 0 };
    const plan = await planIssue(list, period, issue.content, now);
    const added = await deps.store.addDeliveries(issue.id, plan.content, plan.deliveries, now);
    await deps.store.markIssuePrepared(issue.id, now);
    return { issue: (await deps.store.findIssue(issue.id))!, created, added };
  }

  return { planIssue, prepareDueIssue };
}

export type DigestPlanning = ReturnType<typeof createDigestPlanning>;
