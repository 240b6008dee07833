import { setTimeout as sleep } from "node:timers/promises";

/**
 * HTTP for the sources we ingest from (arXiv, Hugging Face, GitHub), with their rules
 * built in: one request at a time, a minimum interval between requests, a descriptive
 * User-Agent, a timeout, retries with exponential backoff on 5xx, 429, timeouts and
 * dropped connections, and `Retry-After` honoured (seconds or an HTTP date).
 * @see https://info.arxiv.org/help/api/tou.html (one connection, 3 s between requests)
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export interface PoliteHttpOptions {
  readonly userAgent: string;
  /** Minimum time between the start of one request and the next. */
  readonly minIntervalMs: number;
  readonly timeoutMs: number;
  /** Attempts after the first one. */
  readonly retries: number;
  /** First backoff; doubles each retry. */
  readonly backoffMs: number;
  /** Longest Retry-After we are willing to wait; longer ones fail the request. */
  readonly maxRetryAfterMs: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

export interface PoliteResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly url: string;
}

export class SourceUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "SourceUnavailableError";
  }
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export function createPoliteHttpClient(options: PoliteHttpOptions) {
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  let queue: Promise<unknown> = Promise.resolve();
  let lastStart = -Infinity;

  async function attempt(url: string, headers: Record<string, string>): Promise<PoliteResponse> {
    const gap = lastStart + options.minIntervalMs - now();
    if (gap > 0) await wait(gap);
    lastStart = now();
    const response = await doFetch(url, {
      headers: { "User-Agent": options.userAgent, ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Reading the body inside the timeout: a connection that stalls mid-body fails too.
    const body = await response.text();
    return { status: response.status, headers: response.headers, body, url };
  }

  async function request(url: string, headers: Record<string, string>): Promise<PoliteResponse> {
    let lastProblem = "";
    for (let tryNumber = 0; tryNumber <= options.retries; tryNumber++) {
      let delay = options.backoffMs * 2 ** tryNumber;
      try {
        const response = await attempt(url, headers);
        if (!RETRYABLE_STATUS.has(response.status)) return response;
        lastProblem = `HTTP ${response.status}`;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), now());
        if (retryAfter !== null) {
          if (retryAfter > options.maxRetryAfterMs) {
            throw new SourceUnavailableError(
              `${hostOf(url)} asked us to retry after ${Math.round(retryAfter / 1000)} s (HTTP ${response.status}); giving up for now`,
              response.status,
            );
          }
          delay = Math.max(retryAfter, options.minIntervalMs);
        }
        if (tryNumber === options.retries) {
          throw new SourceUnavailableError(`${hostOf(url)} answered HTTP ${response.status}`, response.status);
        }
      } catch (error) {
        if (error instanceof SourceUnavailableError) throw error;
        lastProblem = describeNetworkError(error);
        if (tryNumber === options.retries) break;
      }
      await wait(delay);
    }
    throw new SourceUnavailableError(
      `${hostOf(url)} unreachable after ${options.retries + 1} attempts: ${lastProblem}`,
      null,
    );
  }

  return {
    /** GETs a URL through the single-connection queue. Non-retryable statuses are returned, not thrown. */
    get(url: string, headers: Record<string, string> = {}): Promise<PoliteResponse> {
      const result = queue.then(() => request(url, headers));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export type PoliteHttpClient = ReturnType<typeof createPoliteHttpClient>;

/** Milliseconds to wait, from `Retry-After: 120` or `Retry-After: <HTTP date>`; null if absent or invalid. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
