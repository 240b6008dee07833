import type { PoliteHttpClient } from "../polite-http-client.js";
import { type HfDailyItem, HfDailyItemSchema } from "./hf-daily-item-record.js";

/**
 * Hugging Face's Daily Papers, one day at a time: `GET /api/daily_papers?date=&limit=&p=`.
 * Pages are 0-based; a `Link: <…>; rel="next"` header or a full page means another page
 * follows. HF answers 400 to a date it does not accept.
 * @see https://huggingface-openapi.hf.space/#tag/papers
 * @see https://github.com/huggingface/huggingface_hub/blob/main/src/huggingface_hub/hf_api.py (list_daily_papers)
 */

/** HF's largest page. */
export const HF_DAILY_PAGE_SIZE = 100;
/** Far above any real day (tens of papers): a server that keeps paging is stopped here. */
const MAX_PAGES_PER_DAY = 20;
/** Characters of an unexpected reply quoted in an error. */
const SNIPPET_CHARS = 200;

/** An item of a reply that failed validation: reported and skipped, the rest are kept. */
export interface HfItemProblem {
  /** 0-based position in the day's listing. */
  readonly index: number;
  readonly id: string | null;
  readonly reason: string;
}

/** A valid item and its 0-based position in the day's listing. */
export interface HfDailyEntry {
  readonly index: number;
  readonly item: HfDailyItem;
}

export interface HfDailyPage {
  readonly day: string;
  /** 0-based. */
  readonly page: number;
  readonly entries: HfDailyEntry[];
  readonly problems: HfItemProblem[];
}

/** HF answered something other than a daily-papers page: the day cannot be trusted as fetched. */
export class HfReplyError extends Error {
  constructor(
    message: string,
    readonly day: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "HfReplyError";
  }
}

export function createHfDailyPapersClient({
  http,
  apiUrl,
  token,
}: {
  http: PoliteHttpClient;
  /** `HF_API_URL`, e.g. https://huggingface.co */
  apiUrl: string;
  /** `HF_TOKEN`: optional for reading, sent as a bearer token when set. */
  token: string | null;
}) {
  const base = apiUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;

  async function fetchPage(day: string, page: number, firstIndex: number): Promise<HfDailyPage & { hasNext: boolean }> {
    const url = `${base}/api/daily_papers?date=${encodeURIComponent(day)}&limit=${HF_DAILY_PAGE_SIZE}&p=${page}`;
    const response = await http.get(url, headers);
    if (response.status !== 200) {
      const what = response.status === 400 ? `rejected the date ${day}` : `answered HTTP ${response.status} for ${day}`;
      throw new HfReplyError(`Hugging Face ${what}: ${snippet(response.body)}`, day, response.status);
    }
    const raw = parseJsonArray(response.body, day, page);
    const { entries, problems } = validateItems(raw, firstIndex);
    const hasNext = hasNextLink(response.headers.get("link")) || raw.length >= HF_DAILY_PAGE_SIZE;
    return { day, page, entries, problems, hasNext: hasNext && raw.length > 0 };
  }

  return {
    /** The day's pages in order; throws HfReplyError or SourceUnavailableError when a page cannot be had. */
    async *listDay(day: string): AsyncIterable<HfDailyPage> {
      const seen = new Set<string>();
      let index = 0;
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES_PER_DAY) {
          throw new HfReplyError(`Hugging Face kept paging past ${MAX_PAGES_PER_DAY} pages for ${day}`, day, null);
        }
        const result = await fetchPage(day, page, index);
        index += result.entries.length + result.problems.length;
        // A server that ignores `p` repeats its page: nothing new means the day is done.
        const fresh = result.entries.filter((entry) => !seen.has(entry.item.paper.id));
        if (page > 0 && fresh.length === 0 && result.problems.length === 0) return;
        for (const entry of fresh) seen.add(entry.item.paper.id);
        yield { day, page, entries: fresh, problems: result.problems };
        if (!result.hasNext) return;
      }
    },
  };
}

export type HfDailyPapersClient = ReturnType<typeof createHfDailyPapersClient>;

function parseJsonArray(body: string, day: string, page: number): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new HfReplyError(
      `Hugging Face sent truncated or invalid JSON for ${day} (page ${page}, ${body.length} bytes): ${(error as Error).message}`,
      day,
      200,
    );
  }
  if (!Array.isArray(value)) {
    throw new HfReplyError(`Hugging Face sent no list of papers for ${day}: ${snippet(body)}`, day, 200);
  }
  return value;
}

function validateItems(raw: unknown[], firstIndex: number): { entries: HfDailyEntry[]; problems: HfItemProblem[] } {
  const entries: HfDailyEntry[] = [];
  const problems: HfItemProblem[] = [];
  for (const [i, value] of raw.entries()) {
    const parsed = HfDailyItemSchema.safeParse(value);
    if (parsed.success) {
      entries.push({ index: firstIndex + i, item: parsed.data });
      continue;
    }
    const reason = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "item"}: ${issue.message}`)
      .join("; ");
    problems.push({ index: firstIndex + i, id: idOf(value), reason });
  }
  return { entries, problems };
}

/** The paper id of an invalid item, when it has one, to name it in the report. */
function idOf(value: unknown): string | null {
  const id = (value as { paper?: { id?: unknown } } | null)?.paper?.id;
  return typeof id === "string" ? id : null;
}

/**
 * True when a Link header has a link whose relation types include "next"
 * (`<…?p=1>; rel="next"`). @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
function hasNextLink(link: string | null): boolean {
  if (!link) return false;
  return link.split(/,\s*(?=<)/).some((value) => {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(value);
    return (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/).includes("next");
  });
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, " ").trim();
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text || "(empty body)";
}
