import { setTimeout as sleep } from "node:timers/promises";
import { SourceUnavailableError, type PoliteHttpClient } from "../polite-http-client.js";
import { type AtomEntry, MalformedFeedError, parseAtomFeed } from "./atom-entry-parser.js";

/**
 * The arXiv API (export.arxiv.org/api/query): papers by id list and by category and
 * submission date. Pace, User-Agent, timeouts and retries on 5xx come from the polite
 * client (one connection, ≥ 3 s between requests); this adds paging and arXiv's quirks.
 * @see https://info.arxiv.org/help/api/user-manual.html
 * @see https://info.arxiv.org/help/api/tou.html
 */
export interface ArxivApiClientOptions {
  readonly http: PoliteHttpClient;
  /** `app.config.sources.arxivApiUrl`, e.g. https://export.arxiv.org/api/query */
  readonly baseUrl: string;
  readonly pageSize?: number;
  /** Extra tries of a page that came back empty before `totalResults` was reached. */
  readonly emptyPageRetries?: number;
  /** First wait before re-asking for an empty page; doubles each try. */
  readonly emptyPageBackoffMs?: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ArxivApiPage {
  readonly entries: readonly AtomEntry[];
  /** Offset of this page's first entry in the query's results. */
  readonly start: number;
  readonly totalResults: number;
  /**
   * On the last page: results arXiv reported but never returned, because the pages past
   * `start + entries.length` stayed empty through every retry (0 when complete).
   */
  readonly missing: number;
}

export interface SubmissionWindow {
  readonly categories: readonly string[];
  /** First day, `YYYY-MM-DD` (UTC). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly to: string;
}

/** arXiv rejected the request itself (HTTP 400 with an error entry, e.g. a malformed id). */
export class ArxivQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArxivQueryError";
  }
}

/** The manual asks for id lists and pages small enough to answer quickly; 100 is its own example. */
export const ARXIV_MAX_IDS_PER_REQUEST = 100;
export const ARXIV_PAGE_SIZE = 100;
/** arXiv serves at most this many results of one query, however it is paged. */
export const ARXIV_MAX_RESULTS_PER_QUERY = 30_000;
const EMPTY_PAGE_RETRIES = 3;
const EMPTY_PAGE_BACKOFF_MS = 5_000;

export function createArxivApiClient(options: ArxivApiClientOptions) {
  const pageSize = options.pageSize ?? ARXIV_PAGE_SIZE;
  const emptyPageRetries = options.emptyPageRetries ?? EMPTY_PAGE_RETRIES;
  const emptyPageBackoffMs = options.emptyPageBackoffMs ?? EMPTY_PAGE_BACKOFF_MS;
  const wait = options.sleep ?? ((ms: number) => sleep(ms));

  async function fetchFeed(params: Record<string, string>) {
    const url = `${options.baseUrl}?${new URLSearchParams(params)}`;
    const response = await options.http.get(url, { Accept: "application/atom+xml" });
    if (response.status === 400) {
      throw new ArxivQueryError(`arXiv rejected the request: ${readErrorMessage(response.body) ?? "HTTP 400"}`);
    }
    if (response.status !== 200) {
      throw new SourceUnavailableError(`${new URL(url).host} answered HTTP ${response.status}`, response.status);
    }
    let feed;
    try {
      feed = parseAtomFeed(response.body);
    } catch (error) {
      if (!(error instanceof MalformedFeedError)) throw error;
      throw new MalformedFeedError(`arXiv sent a malformed feed for ${url}: ${error.message}`);
    }
    if (feed.error !== null) throw new ArxivQueryError(`arXiv rejected the request: ${feed.error}`);
    return feed;
  }

  /**
   * Fetches one page. arXiv sometimes answers a page with no entries although more
   * results remain (a known fault of its search backend): such a page is asked for
   * again with a growing pause before concluding that the rest is unavailable.
   */
  async function fetchPage(params: Record<string, string>, start: number, count: number): Promise<ArxivApiPage> {
    for (let tryNumber = 0; ; tryNumber++) {
      const feed = await fetchFeed({ ...params, start: String(start), max_results: String(count) });
      const totalResults = feed.totalResults ?? start + feed.entries.length;
      const isEmptyTooSoon = feed.entries.length === 0 && start < totalResults;
      if (!isEmptyTooSoon) return { entries: feed.entries, start, totalResults, missing: 0 };
      if (tryNumber === emptyPageRetries) return { entries: [], start, totalResults, missing: totalResults - start };
      await wait(emptyPageBackoffMs * 2 ** tryNumber);
    }
  }

  async function* pageThrough(params: Record<string, string>): AsyncIterable<ArxivApiPage> {
    let start = 0;
    for (;;) {
      const page = await fetchPage(params, start, pageSize);
      if (page.totalResults > ARXIV_MAX_RESULTS_PER_QUERY) {
        throw new ArxivQueryError(
          `the query matches ${page.totalResults} papers, more than the ${ARXIV_MAX_RESULTS_PER_QUERY} arXiv serves; use a shorter date window`,
        );
      }
      yield page;
      start += page.entries.length;
      if (page.entries.length === 0 || start >= page.totalResults) return;
    }
  }

  return {
    /** Papers by id (with or without `vN`), in requests of at most 100 ids; unknown ids are simply absent. */
    async *fetchByIds(ids: readonly string[]): AsyncIterable<ArxivApiPage> {
      for (let i = 0; i < ids.length; i += ARXIV_MAX_IDS_PER_REQUEST) {
        const chunk = ids.slice(i, i + ARXIV_MAX_IDS_PER_REQUEST);
        yield await fetchPage({ id_list: chunk.join(",") }, 0, chunk.length);
      }
    },

    /** Papers submitted in the window to any of the categories, oldest first, page by page. */
    searchBySubmissionDate(window: SubmissionWindow): AsyncIterable<ArxivApiPage> {
      return pageThrough({
        search_query: buildSubmissionQuery(window),
        sortBy: "submittedDate",
        sortOrder: "ascending",
      });
    },
  };
}

export type ArxivApiClient = ReturnType<typeof createArxivApiClient>;

function readErrorMessage(body: string): string | null {
  try {
    return parseAtomFeed(body).error;
  } catch {
    return null;
  }
}

/**
 * `(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202501010000 TO 202501312359]`; the
 * bounds are GMT to the minute, both inclusive.
 * @see https://info.arxiv.org/help/api/user-manual.html#query_details
 */
export function buildSubmissionQuery(window: SubmissionWindow): string {
  if (window.categories.length === 0) throw new RangeError("at least one category is needed");
  const categories = window.categories.map((c) => `cat:${c}`).join(" OR ");
  const compact = (day: string) => day.replaceAll("-", "");
  const range = `submittedDate:[${compact(window.from)}0000 TO ${compact(window.to)}2359]`;
  return `${window.categories.length > 1 ? `(${categories})` : categories} AND ${range}`;
}
