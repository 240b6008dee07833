import { parseArxivId } from "../../../core/papers/arxiv-id.js";
import type { Paper } from "../../../core/papers/paper.js";
import { toIsoTimestamp } from "../../../lib/dates.js";
import { SourceUnavailableError, type PoliteHttpClient } from "../polite-http-client.js";
import { MalformedFeedError, asArray, parseXmlDocument, textOf } from "./atom-entry-parser.js";

/**
 * arXiv's daily announcement feeds (rss.arxiv.org/rss/cs.LG): what was announced today,
 * new papers, cross-lists and replacements, in one small request per category.
 * @see https://info.arxiv.org/help/rss_specifications.html
 * @see https://info.arxiv.org/help/rss.html
 */
export type AnnounceType = "new" | "cross" | "replace" | "replace-cross";

export interface ArxivAnnouncement {
  readonly type: AnnounceType;
  /** Normalised id without version. */
  readonly id: string;
  readonly version: number;
  /** `pubDate`: the announcement of this version (midnight US Eastern), as ISO UTC. */
  readonly announcedAt: string;
  readonly title: string | null;
  readonly abstract: string | null;
  readonly authors: readonly string[];
  /** `<category>` in feed order, which lists the primary category first. */
  readonly categories: readonly string[];
  readonly doi: string | null;
  readonly journalRef: string | null;
}

export interface ArxivListing {
  readonly announcements: readonly ArxivAnnouncement[];
  /** Items that could not be read, by 1-based position in their feed. */
  readonly problems: readonly { readonly category: string; readonly item: number; readonly reason: string }[];
}

/** What importing an announcement needs, given the stored paper (null when the hub lacks it). */
export type AnnouncementOutcome =
  | { readonly kind: "record"; readonly record: Record<string, unknown> }
  /** The hub already has this version or a later one. */
  | { readonly kind: "known" }
  /** A later version of a paper the hub lacks: the feed does not say when v1 appeared, the API does. */
  | { readonly kind: "lookup" };

const ANNOUNCE_TYPES: readonly string[] = ["new", "cross", "replace", "replace-cross"];
/** `arXiv:2501.01234v2 Announce Type: new \nAbstract: …` */
const DESCRIPTION = /^arXiv:(\S+)\s+Announce Type:\s*(\S+)\s*(?:Abstract:\s*)?([\s\S]*)$/;

export function createArxivRssClient(options: { http: PoliteHttpClient; baseUrl: string }) {
  return {
    /**
     * Today's announcements in each category, one request per category: a combined feed
     * (`cs.LG+cs.CL`) stops at 2,000 items, which a busy day of several categories passes.
     * A paper listed in several categories is returned once, at its highest version.
     */
    async fetchListing(categories: readonly string[]): Promise<ArxivListing> {
      const byId = new Map<string, ArxivAnnouncement>();
      const problems: ArxivListing["problems"][number][] = [];
      for (const category of categories) {
        const url = `${options.baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(category)}`;
        const response = await options.http.get(url, { Accept: "application/rss+xml" });
        if (response.status !== 200) {
          throw new SourceUnavailableError(`${new URL(url).host} answered HTTP ${response.status}`, response.status);
        }
        const feed = parseArxivRss(response.body, url);
        for (const problem of feed.problems) problems.push({ category, ...problem });
        for (const a of feed.announcements) {
          const seen = byId.get(a.id);
          if (!seen || a.version > seen.version) byId.set(a.id, a);
        }
      }
      return { announcements: [...byId.values()], problems };
    },
  };
}

export type ArxivRssClient = ReturnType<typeof createArxivRssClient>;

/** Reads one feed; an item that cannot be read is reported and the others kept. */
export function parseArxivRss(
  xml: string,
  url = "the RSS feed",
): { announcements: ArxivAnnouncement[]; problems: { item: number; reason: string }[] } {
  let document;
  try {
    document = parseXmlDocument(xml, ["item", "category"]);
  } catch (error) {
    if (!(error instanceof MalformedFeedError)) throw error;
    throw new MalformedFeedError(`arXiv sent a malformed feed for ${url}: ${error.message}`);
  }
  const channel = (document.rss as { channel?: unknown } | undefined)?.channel;
  if (typeof channel !== "object" || channel === null) throw new MalformedFeedError(`${url} is not an RSS 2.0 feed`);
  const channelDate = textOf((channel as Record<string, unknown>).pubDate);
  const announcements: ArxivAnnouncement[] = [];
  const problems: { item: number; reason: string }[] = [];
  for (const [i, item] of asArray((channel as Record<string, unknown>).item).entries()) {
    try {
      announcements.push(readItem(item as Record<string, unknown>, channelDate));
    } catch (error) {
      problems.push({ item: i + 1, reason: (error as Error).message });
    }
  }
  return { announcements, problems };
}

function readItem(item: Record<string, unknown>, channelDate: string | null): ArxivAnnouncement {
  const description = textOf(item.description) ?? "";
  const parts = DESCRIPTION.exec(description);
  const guid = textOf(item.guid)?.replace(/^oai:arXiv\.org:/i, "");
  const rawId = guid ?? parts?.[1] ?? textOf(item.link);
  if (!rawId) throw new Error("no arXiv id in guid, description or link");
  const { id, version } = parseArxivId(rawId);
  if (version === null) throw new Error(`${rawId}: no version (expected e.g. ${id}v1)`);
  const type = textOf(item.announce_type) ?? parts?.[2] ?? "";
  if (!ANNOUNCE_TYPES.includes(type)) throw new Error(`${rawId}: unknown announce type "${type}"`);
  const date = textOf(item.pubDate) ?? channelDate;
  const announcedAt = date === null ? null : toIsoTimestamp(date);
  if (announcedAt === null) throw new Error(`${rawId}: no valid pubDate`);
  return {
    type: type as AnnounceType,
    id,
    version,
    announcedAt,
    title: textOf(item.title),
    abstract: parts ? parts[3]!.trim() : description,
    authors: (textOf(item.creator) ?? "").split(/\s*,\s*/).filter((name) => name !== ""),
    categories: asArray(item.category)
      .map(textOf)
      .filter((c): c is string => c !== null),
    doi: textOf(item.DOI),
    journalRef: textOf(item.journal_reference),
  };
}

/**
 * Turns an announcement into an import record. A first version is recorded with its
 * announcement as `published` (the feed does not carry the submission time, which is
 * 0–3 days earlier). A later version of a stored paper bumps its version and keeps its
 * `published` and comments, which the feed does not carry either.
 */
export function toAnnouncementRecord(a: ArxivAnnouncement, stored: Paper | null): AnnouncementOutcome {
  if (stored && stored.version >= a.version) return { kind: "known" };
  if (!stored && a.version > 1) return { kind: "lookup" };
  const record: Record<string, unknown> = {
    id: `${a.id}v${a.version}`,
    title: a.title,
    abstract: a.abstract,
    authors: a.authors,
    categories: a.categories,
    published: stored?.publishedAt ?? a.announcedAt,
    updated: a.announcedAt,
    comments: stored?.comments ?? null,
    doi: a.doi ?? stored?.doi ?? null,
    journal_ref: a.journalRef ?? stored?.journalRef ?? null,
  };
  return { kind: "record", record };
}
