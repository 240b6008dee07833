import type { Logger } from "../../lib/logger.js";
import type { Mailer } from "../mail/ports.js";
import { createDigestPlanning, type DigestPlanningDeps } from "./digest-planning-service.js";
import { createDigestSender, type ComposeDigestMail, type SendRunOptions } from "./digest-sender-service.js";
import type { DigestTopic } from "./digest-topics.js";
import { findLatestIssuePeriod, type DigestCadence } from "./issue-period.js";
import { DEFAULT_SELECTION_LIMITS, freezeIssueSelection, selectDigestPapers } from "./select-digest-papers.js";
import type { DigestList, DigestStore } from "./ports.js";

/** The lists the hub offers, as configured (slug, name, cadence). */
export interface DigestListSpec {
  readonly slug: "daily" | "weekly";
  readonly name: string;
  readonly cadence: DigestCadence;
}

export interface DigestServiceDeps extends DigestPlanningDeps {
  readonly store: DigestStore;
  readonly mailer: Mailer;
  readonly composeMail: ComposeDigestMail;
  readonly lists: readonly DigestListSpec[];
  /** The host part of List-Id (`daily.<host>`): the PUBLIC_URL host. */
  readonly listIdDomain: string;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Email digests as jobs and commands: lists saved from configuration, issues opened and
 * prepared when due (planning), the outbox sent (sender). Every operation is idempotent.
 */
export function createDigestService(deps: DigestServiceDeps) {
  const planning = createDigestPlanning(deps);
  const sender = createDigestSender(deps);
  let saved: Promise<DigestList[]> | null = null;

  /** Saves the configured lists once per process (cadence changes apply on restart). */
  function ensureLists(): Promise<DigestList[]> {
    saved ??= Promise.all(
      deps.lists.map((spec) =>
        deps.store.saveList({ ...spec, listIdHeader: `${spec.slug}.${deps.listIdDomain}`, active: true }, deps.now()),
      ),
    );
    return saved;
  }

  async function findList(slug: string): Promise<DigestList | null> {
    return (await ensureLists()).find((list) => list.slug === slug) ?? null;
  }

  return {
    ensureLists,
    findList,
    planIssue: planning.planIssue,
    /** Prepares each list's due issue; returns how many issues were opened and rows added. */
    async prepareDueIssues(): Promise<Record<string, number>> {
      const counts = { opened: 0, deliveries: 0 };
      for (const list of await ensureLists()) {
        const prepared = await planning.prepareDueIssue(list, deps.now());
        if (prepared === null) continue;
        if (prepared.created) counts.opened += 1;
        counts.deliveries += prepared.added;
        if (prepared.added > 0) {
          deps.logger.info(
            { list: list.slug, issue: prepared.issue.periodKey, deliveries: prepared.added },
            "digest issue prepared",
          );
        }
      }
      return counts;
    },
    prepareDueIssue: async (list: DigestList) => planning.prepareDueIssue(list, deps.now()),
    sendDue: (options: SendRunOptions) => sender.sendDue(options),
    countDeliveries: (issueId: number) => deps.store.countDeliveries(issueId),
    /**
     * What a subscriber with `topics` would get in the list's current (or latest) period, for
     * the preview pages: a fresh ranking, papers sent before not dropped. Writes nothing.
     */
    async previewSelection(list: DigestList, topics: readonly DigestTopic[]) {
      const now = deps.now();
      const period = findLatestIssuePeriod(list.cadence, now);
      const content = freezeIssueSelection(await deps.rankIssuePapers(list, period, DEFAULT_SELECTION_LIMITS.poolSize));
      const papers = await deps.loadPapers(content.pool);
      const selection = selectDigestPapers({ issue: content, papers, topics, alreadySent: new Set(), now });
      return { period, papers, selection };
    },
  };
}

export type DigestService = ReturnType<typeof createDigestService>;
