import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { createGithubRepoClient } from "../../adapters/sources/github/github-repo-client.js";
import type { App } from "../../app.js";
import {
  DEFAULT_STAR_REFRESH_LIMIT,
  STAR_REFRESH_INTERVAL_HOURS,
  type StarRefreshService,
  type StarRefreshSummary,
  createStarRefreshService,
} from "../../core/ingestion/star-refresh-service.js";
import { UsageError } from "./migrate-command.js";
import { type ProgressBar, createProgressBar } from "./progress-bar.js";
import { type CommandOutput, PROCESS_OUTPUT } from "./command-output.js";

/** Problems printed one by one before the rest are only counted. */
const MAX_PROBLEMS_SHOWN = 100;
const MAX_LIMIT = 1_000_000;

/**
 * The star refresh on the app's GitHub client and storage (for this command and a scheduled
 * job); `clock.now` replaces the app's clock, for tests that refresh on several days.
 */
export function createAppStarRefresh(app: App, clock: { now?: () => Date } = {}): StarRefreshService {
  const source = createGithubRepoClient({
    http: app.sourceHttp.github,
    apiUrl: app.config.sources.githubApiUrl,
    token: app.config.sources.githubToken,
  });
  return createStarRefreshService({
    repos: app.storage.githubRepos,
    source,
    now: clock.now ?? app.now,
    sleep: (ms) => sleep(ms),
    onRecorded: () => app.trending.invalidate(),
  });
}

/**
 * `paperboy ingest github [--limit N] [--quiet]`: today's star count of each linked
 * repository not checked in the last STAR_REFRESH_INTERVAL_HOURS, least recently checked
 * first. Exits 1 when the run stopped early (rate limit, GitHub unreachable, token rejected):
 * the repositories left are due again, so running it later carries on.
 */
export async function runIngestGithubCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { limit: { type: "string" }, quiet: { type: "boolean" } },
  });
  const limit = parseLimit(values.limit);
  const quiet = values.quiet ?? false;
  const progress = createRepoProgress(output, quiet);
  const started = performance.now();
  const summary = await createAppStarRefresh(app).refreshStars({ limit, onProgress: progress.update });
  progress.finish();
  reportProblems(summary, output);
  if (summary.stopped) {
    output.err.write(`github: stopped early: ${summary.stopped.reason}\n`);
    if (/rate limit/.test(summary.stopped.reason) && !app.config.sources.githubToken) {
      output.err.write("github: set GITHUB_TOKEN to raise GitHub's limit from 60 to 5,000 requests an hour\n");
    }
  }
  if (!quiet) output.out.write(`${describeSummary(summary, (performance.now() - started) / 1000)}\n`);
  return summary.stopped ? 1 : 0;
}

/** A progress bar made once the number of repositories due is known. */
function createRepoProgress(output: CommandOutput, quiet: boolean) {
  let bar: ProgressBar | null = null;
  let done = 0;
  return {
    update(soFar: number, total: number): void {
      done = soFar;
      if (quiet) return;
      bar ??= createProgressBar({
        total,
        stream: output.err,
        label: "github",
        rate: () => ({ count: done, unit: "repos" }),
      });
      bar.update(soFar);
    },
    finish(): void {
      bar?.finish();
    },
  };
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_STAR_REFRESH_LIMIT;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT) {
    throw new UsageError(`--limit takes a whole number of repositories from 1 to ${MAX_LIMIT}`);
  }
  return n;
}

function reportProblems(summary: StarRefreshSummary, output: CommandOutput): void {
  for (const { repo, problem } of summary.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
    output.err.write(`github: ${repo}: ${problem}\n`);
  }
  if (summary.problems.length > MAX_PROBLEMS_SHOWN) {
    output.err.write(`github: … and ${summary.problems.length - MAX_PROBLEMS_SHOWN} more problems\n`);
  }
}

/** "github: 3 repositories due: 1 updated, 1 unchanged, 0 moved, 1 missing, 0 failed (0.4 s)". */
export function describeSummary(summary: StarRefreshSummary, seconds: number): string {
  if (summary.listed === 0)
    return `github: no repository due (each is checked once every ${STAR_REFRESH_INTERVAL_HOURS} h)`;
  const counts = (["updated", "unchanged", "moved", "missing", "failed"] as const).map((k) => `${summary[k]} ${k}`);
  const due = `${summary.listed} ${summary.listed === 1 ? "repository" : "repositories"} due`;
  return `github: ${due}: ${counts.join(", ")} (${seconds.toFixed(1)} s)`;
}
