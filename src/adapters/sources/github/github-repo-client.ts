import type {
  GithubRepoSource,
  RateLimitStatus,
  RepoFetchResult,
} from "../../../core/ingestion/star-refresh-service.js";
import { normalizeGithubRepo } from "../../../core/papers/github-repo.js";
import {
  type PoliteHttpClient,
  type PoliteResponse,
  SourceUnavailableError,
  parseRetryAfter,
} from "../polite-http-client.js";

/**
 * GitHub's "get a repository" endpoint, for star counts.
 * @see https://docs.github.com/en/rest/repos/repos#get-a-repository
 * @see https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 */

/** The REST API version this client was written against. */
const GITHUB_API_VERSION = "2022-11-28";
/**
 * GitHub's advice for a secondary rate limit reply without Retry-After: wait at least a minute.
 * @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
const SECONDARY_LIMIT_DEFAULT_WAIT_MS = 60_000;
/**
 * Gone for good: deleted or made private (404, which GitHub also answers for a private
 * repository), removed (410), or blocked by a legal takedown (451).
 */
const MISSING_STATUSES = new Set([404, 410, 451]);
const REDIRECT_STATUSES = new Set([301, 302, 307, 308]);

export interface GithubRepoClientOptions {
  readonly http: PoliteHttpClient;
  /** GITHUB_API_URL without a trailing slash: https://api.github.com, or a GitHub Enterprise /api/v3. */
  readonly apiUrl: string;
  /** GITHUB_TOKEN: raises the limit from 60 to 5,000 requests an hour. Sent only to `apiUrl`. */
  readonly token: string | null;
}

export function createGithubRepoClient(options: GithubRepoClientOptions): GithubRepoSource {
  const base = options.apiUrl.replace(/\/+$/, "");
  const headers = (etag: string | null): Record<string, string> => ({
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": GITHUB_API_VERSION,
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(etag ? { "If-None-Match": etag } : {}),
  });

  async function get(url: string, etag: string | null): Promise<PoliteResponse | { problem: string }> {
    try {
      return await options.http.get(url, headers(etag));
    } catch (error) {
      if (error instanceof SourceUnavailableError) return { problem: `GitHub unavailable: ${error.message}` };
      throw error;
    }
  }

  return {
    async fetchRepo(repo, etag) {
      const [owner = "", name = ""] = repo.split("/");
      let response = await get(`${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`, etag);
      if ("problem" in response) return { kind: "unavailable", problem: response.problem };
      if (REDIRECT_STATUSES.has(response.status)) {
        // A renamed or transferred repository answers 301 with its `repositories/{id}` URL: followed once.
        const next = redirectTarget(response, base);
        if (typeof next !== "string") return next;
        response = await get(next, etag);
        if ("problem" in response) return { kind: "unavailable", problem: response.problem };
        if (REDIRECT_STATUSES.has(response.status)) return { kind: "invalid", problem: "redirected more than once" };
      }
      return readReply(response);
    },
  };
}

/** Where a redirect points, if it stays on the API host (the token must not travel elsewhere). */
function redirectTarget(response: PoliteResponse, base: string): string | RepoFetchResult {
  const location = response.headers.get("location");
  if (!location) return { kind: "invalid", problem: `HTTP ${response.status} without a Location` };
  let target: URL;
  try {
    target = new URL(location, response.url);
  } catch {
    return { kind: "invalid", problem: `HTTP ${response.status} to an invalid Location` };
  }
  if (!target.href.startsWith(`${new URL(base).href.replace(/\/+$/, "")}/`)) {
    return { kind: "invalid", problem: `HTTP ${response.status} to ${target.origin}, outside ${new URL(base).origin}` };
  }
  return target.href;
}

function readReply(response: PoliteResponse): RepoFetchResult {
  const rateLimit = readRateLimit(response.headers);
  const { status } = response;
  if (status === 200) return readRepository(response, rateLimit);
  if (status === 304) return { kind: "not-modified", rateLimit };
  if (MISSING_STATUSES.has(status)) return { kind: "missing", rateLimit };
  if (status === 401) {
    return { kind: "unavailable", problem: "GitHub rejected the token (HTTP 401): check GITHUB_TOKEN" };
  }
  if (status === 403 || status === 429) return readRefusal(response, rateLimit);
  return { kind: "invalid", problem: `unexpected HTTP ${status}${describeMessage(response.body)}` };
}

/**
 * A 403 or 429 is a used-up primary limit (remaining 0), a secondary limit (Retry-After,
 * or a message saying so), or a refusal of this one repository ("Repository access blocked").
 * @see https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors
 */
function readRefusal(response: PoliteResponse, rateLimit: RateLimitStatus | null): RepoFetchResult {
  if (rateLimit?.remaining === 0) return { kind: "rate-limited", rateLimit };
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
  if (retryAfterMs !== null) return { kind: "throttled", retryAfterMs };
  const message = describeMessage(response.body);
  if (/rate limit/i.test(message)) return { kind: "throttled", retryAfterMs: SECONDARY_LIMIT_DEFAULT_WAIT_MS };
  return { kind: "invalid", problem: `HTTP ${response.status}${message}` };
}

/** Validates the parts of the repository JSON we use; the reply is `unknown` until then. */
function readRepository(response: PoliteResponse, rateLimit: RateLimitStatus | null): RepoFetchResult {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch (error) {
    return { kind: "invalid", problem: `reply is not JSON (${(error as Error).message})` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { kind: "invalid", problem: "reply is not a JSON object" };
  }
  const { stargazers_count: stars, full_name: fullName } = json as Record<string, unknown>;
  if (typeof stars !== "number" || !Number.isSafeInteger(stars) || stars < 0) {
    return { kind: "invalid", problem: `stargazers_count is not a whole number: ${describeValue(stars)}` };
  }
  if (typeof fullName !== "string" || normalizeGithubRepo(fullName) !== fullName) {
    return { kind: "invalid", problem: `full_name is not owner/repo: ${describeValue(fullName)}` };
  }
  return { kind: "found", fullName, stars, etag: response.headers.get("etag"), rateLimit };
}

/** @see https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit */
function readRateLimit(headers: Headers): RateLimitStatus | null {
  const remaining = readWholeNumber(headers.get("x-ratelimit-remaining"));
  if (remaining === null) return null;
  const resetSeconds = readWholeNumber(headers.get("x-ratelimit-reset"));
  return {
    remaining,
    limit: readWholeNumber(headers.get("x-ratelimit-limit")),
    resetAt: resetSeconds === null ? null : new Date(resetSeconds * 1000).toISOString(),
  };
}

function readWholeNumber(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** `: <message>` from a GitHub error reply `{"message": …}`, or nothing. */
function describeMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown } | null)?.message;
    return typeof message === "string" ? `: ${message.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}

function describeValue(value: unknown): string {
  return value === undefined ? "missing" : JSON.stringify(value).slice(0, 60);
}
