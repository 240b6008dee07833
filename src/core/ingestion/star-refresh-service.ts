import { MS_PER_HOUR, formatDay } from "../../lib/dates.js";
import type { GithubRepoState, GithubRepoStore } from "./ports.js";

/**
 * Star refresh: once a day, each repository linked by a paper is asked for its star
 * count, and the count becomes that day's star sample, which trending's star gain reads
 * (docs/ranking.md). The GitHub client is a port, so this is pure orchestration.
 */

/**
 * A repository is asked again once its last check is this old. Less than a day, so a
 * daily run that starts a little earlier than yesterday's still refreshes everything.
 */
export const STAR_REFRESH_INTERVAL_HOURS = 20;
/** Repositories per run unless told otherwise: a fifth of an authenticated hour's 5,000 requests. */
export const DEFAULT_STAR_REFRESH_LIMIT = 1_000;
/** Longest secondary-limit pause waited out in a run; a longer one ends the run. */
export const MAX_THROTTLE_WAIT_MS = 10 * 60_000;
/** Times one repository is asked again after a secondary-limit pause before the run gives up. */
const MAX_THROTTLE_RETRIES = 2;

/** GitHub's primary rate limit as the last reply reported it. */
export interface RateLimitStatus {
  readonly remaining: number;
  readonly limit: number | null;
  /** ISO timestamp when the limit resets, if GitHub said. */
  readonly resetAt: string | null;
}

/** What asking GitHub about one repository gave. */
export type RepoFetchResult =
  /** The repository (after following one rename) and its star count. */
  | { kind: "found"; fullName: string; stars: number; etag: string | null; rateLimit: RateLimitStatus | null }
  /** 304: unchanged since the ETag we sent. */
  | { kind: "not-modified"; rateLimit: RateLimitStatus | null }
  /** Deleted, made private or blocked: never asked again. */
  | { kind: "missing"; rateLimit: RateLimitStatus | null }
  /** The primary limit is used up until `resetAt`. */
  | { kind: "rate-limited"; rateLimit: RateLimitStatus }
  /** A secondary limit: wait `retryAfterMs`, then try again. */
  | { kind: "throttled"; retryAfterMs: number }
  /** Nothing more can be done this run: GitHub unreachable, or the token was rejected. */
  | { kind: "unavailable"; problem: string }
  /** This repository's reply was unusable (malformed JSON, an unexpected status). */
  | { kind: "invalid"; problem: string };

/** The GitHub REST API, as star refresh needs it (src/adapters/sources/github/github-repo-client.ts). */
export interface GithubRepoSource {
  /** `repo` is `owner/repo`; `etag` makes the request conditional. */
  fetchRepo(repo: string, etag: string | null): Promise<RepoFetchResult>;
}

export interface StarRefreshDeps {
  readonly repos: GithubRepoStore;
  readonly source: GithubRepoSource;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly maxThrottleWaitMs?: number;
  /** Called once after a run that recorded star samples (trending drops its cache). */
  readonly onRecorded?: () => void;
}

export interface StarRefreshOptions {
  readonly limit: number;
  /** Aborted (at shutdown): the run stops before the next repository. */
  readonly signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

export interface StarRefreshProblem {
  readonly repo: string;
  readonly problem: string;
}

export interface StarRefreshSummary {
  /** Repositories due for a refresh (at most the limit). */
  readonly listed: number;
  /** New counts read (HTTP 200). */
  readonly updated: number;
  /** Counts unchanged since the last check (HTTP 304). */
  readonly unchanged: number;
  /** Renamed or transferred: counted, and `moved_to` recorded. */
  readonly moved: number;
  readonly missing: number;
  readonly failed: number;
  readonly problems: readonly StarRefreshProblem[];
  /** Why the run ended before its last repository, or null when it got through them all. */
  readonly stopped: { readonly reason: string; readonly resumeAt: string | null } | null;
}

type Outcome =
  | { kind: "updated" | "unchanged" | "moved" | "missing"; rateLimit: RateLimitStatus | null }
  | { kind: "failed"; problem: string }
  | { kind: "stop"; reason: string; resumeAt: string | null };

export function createStarRefreshService(deps: StarRefreshDeps) {
  const maxWaitMs = deps.maxThrottleWaitMs ?? MAX_THROTTLE_WAIT_MS;

  /** Asks GitHub, waiting out secondary limits up to MAX_THROTTLE_RETRIES times. */
  async function fetchPolitely(target: string, etag: string | null): Promise<RepoFetchResult> {
    for (let retry = 0; ; retry++) {
      const result = await deps.source.fetchRepo(target, etag);
      if (result.kind !== "throttled" || result.retryAfterMs > maxWaitMs || retry === MAX_THROTTLE_RETRIES) {
        return result;
      }
      await deps.sleep(result.retryAfterMs);
    }
  }

  async function refreshOne(repo: string): Promise<Outcome> {
    const state = await deps.repos.findRepoState(repo);
    // A renamed repository is asked for by its new name: one request instead of a 301 and another.
    const target = state?.status === "moved" && state.movedTo ? state.movedTo : repo;
    // Only a stored count makes a 304 usable, so only then is the request conditional.
    const etag = state?.etag && state.stars !== null ? state.etag : null;
    const result = await fetchPolitely(target, etag);
    const now = deps.now();
    const checked = { repo, checkedAt: now.toISOString() };
    switch (result.kind) {
      case "found": {
        const moved = result.fullName.toLowerCase() !== repo.toLowerCase();
        const status = moved ? "moved" : "ok";
        const movedTo = moved ? result.fullName : null;
        await deps.repos.saveRepoState({ ...checked, etag: result.etag, status, movedTo, stars: result.stars });
        await deps.repos.recordStars(repo, formatDay(now), result.stars);
        return { kind: moved ? "moved" : "updated", rateLimit: result.rateLimit };
      }
      case "not-modified":
        if (state?.stars == null)
          return { kind: "failed", problem: "HTTP 304 to a request we did not make conditional" };
        await deps.repos.saveRepoState({ ...state, checkedAt: checked.checkedAt });
        await deps.repos.recordStars(repo, formatDay(now), state.stars);
        return { kind: "unchanged", rateLimit: result.rateLimit };
      case "missing":
        await deps.repos.saveRepoState({
          ...checked,
          etag: null,
          status: "missing",
          movedTo: null,
          stars: state?.stars ?? null,
        });
        return { kind: "missing", rateLimit: result.rateLimit };
      case "invalid":
        // Checked, so the next try is tomorrow's run; no ETag, so that try reads the full reply.
        await deps.repos.saveRepoState({ ...keptState(repo, state), ...checked, etag: null });
        return { kind: "failed", problem: result.problem };
      default:
        return describeRefusal(result, now);
    }
  }

  return {
    /** Refreshes up to `limit` repositories not checked in the last STAR_REFRESH_INTERVAL_HOURS. */
    async refreshStars(options: StarRefreshOptions): Promise<StarRefreshSummary> {
      const checkedBefore = new Date(deps.now().getTime() - STAR_REFRESH_INTERVAL_HOURS * MS_PER_HOUR);
      const repos = await deps.repos.listReposToRefresh(checkedBefore.toISOString(), options.limit);
      const counts = { updated: 0, unchanged: 0, moved: 0, missing: 0, failed: 0 };
      const problems: StarRefreshProblem[] = [];
      let stopped: StarRefreshSummary["stopped"] = null;
      for (const [index, repo] of repos.entries()) {
        const outcome = options.signal?.aborted
          ? ({ kind: "stop", reason: "interrupted", resumeAt: null } as const)
          : await refreshOne(repo);
        if (outcome.kind === "stop") {
          stopped = describeStop(outcome, repos.length - index);
          break;
        }
        counts[outcome.kind]++;
        if (outcome.kind === "failed") problems.push({ repo, problem: outcome.problem });
        options.onProgress?.(index + 1, repos.length);
        // Spent: asking again before the reset would only collect 403s.
        const rateLimit = outcome.kind === "failed" ? null : outcome.rateLimit;
        if (rateLimit?.remaining === 0 && index + 1 < repos.length) {
          stopped = describeStop(stopForRateLimit(rateLimit), repos.length - index - 1);
          break;
        }
      }
      if (counts.updated + counts.unchanged + counts.moved > 0) deps.onRecorded?.();
      return { listed: repos.length, ...counts, problems, stopped };
    },
  };
}

export type StarRefreshService = ReturnType<typeof createStarRefreshService>;

/** Why GitHub's answer ends the run (nothing is saved: the repository stays due). */
function describeRefusal(
  result: RepoFetchResult & { kind: "rate-limited" | "throttled" | "unavailable" },
  now: Date,
): Outcome & { kind: "stop" } {
  if (result.kind === "rate-limited") return stopForRateLimit(result.rateLimit);
  if (result.kind === "unavailable") return { kind: "stop", reason: result.problem, resumeAt: null };
  return {
    kind: "stop",
    reason: `GitHub's secondary rate limit asked us to wait ${Math.ceil(result.retryAfterMs / 1000)} s`,
    resumeAt: new Date(now.getTime() + result.retryAfterMs).toISOString(),
  };
}

function stopForRateLimit(rateLimit: RateLimitStatus): Outcome & { kind: "stop" } {
  const limit = rateLimit.limit === null ? "" : ` (${rateLimit.limit} requests per hour)`;
  const reset = rateLimit.resetAt ? `; it resets at ${rateLimit.resetAt}` : "";
  return { kind: "stop", reason: `GitHub rate limit used up${limit}${reset}`, resumeAt: rateLimit.resetAt };
}

function describeStop(stop: Outcome & { kind: "stop" }, left: number): NonNullable<StarRefreshSummary["stopped"]> {
  const repositories = left === 1 ? "repository" : "repositories";
  return { reason: `${stop.reason}; ${left} ${repositories} left for a later run`, resumeAt: stop.resumeAt };
}

/** What a failed check keeps of the stored state (a first check stores a blank "ok"). */
function keptState(repo: string, state: GithubRepoState | null): GithubRepoState {
  return state ?? { repo, etag: null, checkedAt: null, status: "ok", movedTo: null, stars: null };
}
