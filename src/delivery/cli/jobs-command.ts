import { parseArgs } from "node:util";
import type { App } from "../../app.js";
import { describeCadence, findDueSlot } from "../../core/ingestion/job-cadence.js";
import { createJobRunner } from "../jobs/job-runner.js";
import { readJobStatuses } from "../jobs/job-status.js";
import { SCHEDULE } from "../jobs/schedule.js";
import { UsageError } from "./migrate-command.js";

/**
 * `paperboy jobs`: the schedule with each job's last run, next run, last error and counts.
 * `paperboy jobs run NAME`: runs a job now, in this process, for its current slot.
 */
export async function runJobsCommand(
  app: App,
  args: string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [sub, name] = positionals;
  if (sub === undefined || sub === "list") {
    out.write(await formatJobStatus(app));
    return 0;
  }
  if (sub === "run") {
    const job = SCHEDULE.find((j) => j.name === name);
    if (!job) throw new UsageError(`unknown job "${name ?? ""}": one of ${SCHEDULE.map((j) => j.name).join(", ")}`);
    const slot = findDueSlot(job.cadence, app.now()).slot;
    await app.storage.jobRuns.enqueue(job.name, slot, job.maxAttempts, app.now());
    await createJobRunner({ app, jobs: [job], schedule: false, work: true }).tick();
    out.write(await formatJobStatus(app, job.name));
    const latest = (await app.storage.jobRuns.listLatestRuns()).find((r) => r.job === job.name);
    return latest?.status === "succeeded" ? 0 : 1;
  }
  throw new UsageError(`unknown jobs subcommand "${sub}": use "list" or "run NAME"`);
}

async function formatJobStatus(app: App, only?: string): Promise<string> {
  const lines: string[] = [];
  const jobs = SCHEDULE.filter((j) => !only || j.name === only);
  for (const { job, lastRun: run, lastFailure: failure, nextDueAt } of await readJobStatuses(app, jobs)) {
    lines.push(`${job.name} — ${job.description}`);
    lines.push(`  schedule:   ${describeCadence(job.cadence)}; ${job.maxAttempts} attempts`);
    lines.push(
      `  last run:   ${run ? `${run.slot} ${run.status}${run.finishedAt ? ` at ${run.finishedAt}` : ""} (attempt ${run.attempts}/${run.maxAttempts})` : "never"}`,
    );
    if (run?.counts)
      lines.push(
        `  counts:     ${Object.entries(run.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
    lines.push(`  next run:   ${nextDueAt.toISOString()}${run?.retryAt ? ` (retry at ${run.retryAt})` : ""}`);
    if (failure) lines.push(`  last error: ${failure.finishedAt} ${failure.error}`);
  }
  return `${lines.join("\n")}\n`;
}
