import { MS_PER_DAY } from "../../lib/dates.js";
import { isTopicMatch, type DigestTopic } from "./digest-topics.js";

/**
 * What an issue (one list, one period) froze when it was prepared: the ranked paper ids,
 * best first. Every subscriber of the issue is served from this, never from a fresh ranking,
 * so a retry or a late worker sends the same papers (Ghost's "frozen preparation").
 */
export interface FrozenIssueSelection {
  /** The papers every subscriber gets, in trending order. */
  readonly trending: readonly string[];
  /** The ranked pool topic picks are drawn from (includes `trending`). */
  readonly pool: readonly string[];
}

/** The paper fields selection reads. */
export interface DigestCandidate {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly string[];
  /** arXiv codes, primary first. */
  readonly categories: readonly string[];
  readonly keywords: readonly string[];
  /** ISO 8601, first announcement. */
  readonly publishedAt: string;
}

export interface SelectionLimits {
  /** Trending papers frozen per issue. */
  readonly trendingCount: number;
  /** Ranked papers kept for topic picks. */
  readonly poolSize: number;
  /** Topic picks added per subscriber, at most. */
  readonly topicPicks: number;
  /** Fewer papers than this after dropping those already sent: no mail at all. */
  readonly minPapers: number;
  /** Topic picks must be this recent; trending ones are not limited (they trend now). */
  readonly topicPickMaxAgeDays: number;
}

export const DEFAULT_SELECTION_LIMITS: SelectionLimits = {
  trendingCount: 5,
  poolSize: 200,
  topicPicks: 5,
  minPapers: 3,
  topicPickMaxAgeDays: 14,
};

export interface SelectedPaper {
  readonly paperId: string;
  /** "trending" for the shared section; "topic" when picked for the subscriber's topics. */
  readonly section: "trending" | "topic";
  /** The subscriber's topics the paper matches (shown in the "why you got this" line). */
  readonly matchedTopics: readonly DigestTopic[];
}

export type DigestSelection =
  | { readonly kind: "send"; readonly papers: readonly SelectedPaper[] }
  | { readonly kind: "skip"; readonly reason: "too-few-papers"; readonly available: number };

/** Freezes an issue from a ranking (best first): duplicates dropped, first place kept. */
export function freezeIssueSelection(
  rankedPaperIds: readonly string[],
  limits: Pick<SelectionLimits, "trendingCount" | "poolSize"> = DEFAULT_SELECTION_LIMITS,
): FrozenIssueSelection {
  const unique = [...new Set(rankedPaperIds)];
  return {
    trending: unique.slice(0, limits.trendingCount),
    pool: unique.slice(0, Math.max(limits.poolSize, limits.trendingCount)),
  };
}

export interface SubscriberSelectionInput {
  readonly issue: FrozenIssueSelection;
  /** Metadata of the pool's papers; a paper missing here (deleted since) is left out. */
  readonly papers: ReadonlyMap<string, DigestCandidate>;
  /** Empty: the trending section only. */
  readonly topics: readonly DigestTopic[];
  /** Papers this subscriber already received in earlier issues. */
  readonly alreadySent: ReadonlySet<string>;
  readonly now: Date;
  readonly limits?: SelectionLimits;
}

/**
 * One subscriber's digest. Deterministic: the same input gives the same papers in the same
 * order, so a retried delivery renders the same mail.
 */
export function selectDigestPapers(input: SubscriberSelectionInput): DigestSelection {
  const limits = input.limits ?? DEFAULT_SELECTION_LIMITS;
  // Rule 1: nobody gets a paper twice across issues, and a paper that no longer exists is skipped.
  const isFresh = (id: string) => !input.alreadySent.has(id) && input.papers.has(id);
  // Rule 2: everyone gets the issue's trending papers, in trending order, tagged with any
  // of their topics they match.
  const trending = input.issue.trending.filter(isFresh).map((id) => ({
    paperId: id,
    section: "trending" as const,
    matchedTopics: matchingTopics(input.papers.get(id)!, input.topics),
  }));
  // Rule 3: topic picks come from the rest of the pool in trending order (the pool is ranked,
  // so the order is the tie-break), match at least one topic, and are recent enough.
  const taken = new Set(trending.map((p) => p.paperId));
  const oldest = input.now.getTime() - limits.topicPickMaxAgeDays * MS_PER_DAY;
  const picks: SelectedPaper[] = [];
  for (const id of input.issue.pool) {
    if (picks.length >= limits.topicPicks || input.topics.length === 0) break;
    if (taken.has(id) || !isFresh(id)) continue;
    const paper = input.papers.get(id)!;
    if (Date.parse(paper.publishedAt) < oldest) continue;
    const matched = matchingTopics(paper, input.topics);
    if (matched.length === 0) continue;
    taken.add(id);
    picks.push({ paperId: id, section: "topic", matchedTopics: matched });
  }
  // Rule 4: never send a near-empty digest (arxiv-sanity-lite's skip rule): below the
  // minimum the subscriber gets nothing this period.
  const papers = [...trending, ...picks];
  if (papers.length < limits.minPapers) return { kind: "skip", reason: "too-few-papers", available: papers.length };
  return { kind: "send", papers };
}

function matchingTopics(paper: DigestCandidate, topics: readonly DigestTopic[]): DigestTopic[] {
  return topics.filter((topic) => isTopicMatch(paper, topic));
}
