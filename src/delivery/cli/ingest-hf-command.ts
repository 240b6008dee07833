import { parseArgs } from "node:util";
import { toHfImportRecord } from "../../adapters/sources/huggingface/hf-daily-item-record.js";
import {
  type HfDailyPage,
  type HfDailyPapersClient,
  HfReplyError,
  createHfDailyPapersClient,
} from "../../adapters/sources/huggingface/hf-daily-papers-client.js";
import { SourceUnavailableError } from "../../adapters/sources/polite-http-client.js";
import type { App } from "../../app.js";
import { parseArxivId } from "../../core/papers/arxiv-id.js";
import type { DecodedBatch, ImportSummary, RejectedLine } from "../../core/papers/import-service.js";
import { InvalidRecordError, type PaperImport, readPaperRecord } from "../../core/papers/paper-record.js";
import type { Paper } from "../../core/papers/paper.js";
import { addDays, daysBetween, formatDay, parseDay } from "../../lib/dates.js";
import { UsageError } from "./migrate-command.js";
import { createProgressBar } from "./progress-bar.js";
import { type CommandOutput, PROCESS_OUTPUT } from "./command-output.js";

/** Rejections printed one by one before the rest are only counted. */
const MAX_REJECTIONS_SHOWN = 100;

export interface HfDayRange {
  readonly from: string;
  readonly to: string;
}

export interface HfBackfillObserver {
  onResume?(day: string): void;
  onRejected?(day: string, rejected: RejectedLine): void;
  onPage?(page: HfDailyPage): void;
  onDay?(day: string, summary: Readonly<ImportSummary>): void;
}

export interface HfBackfillSummary extends ImportSummary {
  /** Days fetched in this run (a resumed run skips the days done before). */
  days: number;
}

/**
 * `paperboy ingest hf [--from 2025-01-01] [--to 2025-01-31] [--restart] [--quiet]`: Hugging
 * Face Daily Papers of each day in the range (today by default) into daily listings with
 * submitter, upvotes, AI summary and keywords, project page and GitHub repository and stars.
 * Each finished day is checkpointed, so the same command after an interruption resumes at
 * the next day; `--restart` starts the range over. Exit status 1 when a day could not be had.
 */
export async function runIngestHfCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      restart: { type: "boolean" },
      quiet: { type: "boolean" },
    },
  });
  const range = readRange(values.from, values.to, formatDay(app.now()));
  if (values.restart) await app.storage.checkpoints.clear(checkpointKey(range));
  const client = createHfDailyPapersClient({
    http: app.sourceHttp.huggingface,
    apiUrl: app.config.sources.hfApiUrl,
    token: app.config.sources.hfToken,
  });
  const { out, err } = output;
  const report = createReport(range, output, values.quiet ?? false);
  try {
    const summary = await backfillHfDailyPapers(app, client, range, report.observer);
    report.finish();
    for (const outcome of ["inserted", "updated", "unchanged", "rejected"] as const) {
      app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
    }
    if (!values.quiet) out.write(`hf ${range.from}..${range.to}: ${formatSummary(summary)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof HfReplyError || error instanceof SourceUnavailableError)) throw error;
    report.finish();
    const day = error instanceof HfReplyError ? error.day : report.currentDay();
    err.write(
      `paperboy: ingest hf: ${error.message}\n  stopped at ${day}, which is not checkpointed; the same command resumes there\n`,
    );
    return 1;
  }
}

/**
 * Fetches and imports each day from the checkpoint (or `range.from`) to `range.to`,
 * checkpointing after each whole day; a finished range clears its checkpoint, so running
 * it again refreshes upvotes and stars. Throws HfReplyError or SourceUnavailableError at
 * the first day that cannot be had; the pages imported before it stay (imports are idempotent).
 */
export async function backfillHfDailyPapers(
  app: App,
  client: HfDailyPapersClient,
  range: HfDayRange,
  observer: HfBackfillObserver = {},
): Promise<HfBackfillSummary> {
  const key = checkpointKey(range);
  const resumeAt = readCheckpoint(await app.storage.checkpoints.read(key), range);
  if (resumeAt !== range.from) observer.onResume?.(resumeAt);
  const total: HfBackfillSummary = { days: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, lines: 0 };
  for (let day = resumeAt; day <= range.to; day = addDays(day, 1)) {
    const summary = await app.importer.importBatches(dayBatches(app, client, day, observer), {
      onRejected: (rejected) => observer.onRejected?.(day, rejected),
    });
    const next = addDays(day, 1);
    if (next <= range.to) await app.storage.checkpoints.write(key, { nextDay: next });
    else await app.storage.checkpoints.clear(key);
    addCounts(total, summary);
    total.days += 1;
    observer.onDay?.(day, summary);
  }
  return total;
}

function addCounts(total: ImportSummary, day: Readonly<ImportSummary>): void {
  for (const field of ["inserted", "updated", "unchanged", "rejected", "lines"] as const) {
    total[field] += day[field];
  }
}

/**
 * One import batch per page: each valid item mapped onto the stored paper; each invalid
 * one rejected as "line" = its 1-based position in the day's listing.
 */
async function* dayBatches(
  app: App,
  client: HfDailyPapersClient,
  day: string,
  observer: HfBackfillObserver,
): AsyncIterable<DecodedBatch> {
  const observedDay = formatDay(app.now());
  let lastLine = 0;
  for await (const page of client.listDay(day)) {
    const stored = await findStoredPapers(app, page);
    const records: PaperImport[] = [];
    const rejected: RejectedLine[] = page.problems.map((p) => ({ line: p.index + 1, reason: withId(p.id, p.reason) }));
    for (const { index, item } of page.entries) {
      try {
        const record = toHfImportRecord(item, day, stored.get(normalizeId(item.paper.id) ?? "") ?? null);
        records.push(readPaperRecord(record, observedDay));
      } catch (error) {
        if (!(error instanceof InvalidRecordError)) throw error;
        rejected.push({ line: index + 1, reason: withId(item.paper.id, error.message) });
      }
    }
    lastLine += page.entries.length + page.problems.length;
    observer.onPage?.(page);
    yield { records, rejected: rejected.sort((a, b) => a.line - b.line), lastLine };
  }
}

async function findStoredPapers(app: App, page: HfDailyPage): Promise<Map<string, Paper>> {
  const ids = page.entries.map(({ item }) => normalizeId(item.paper.id)).filter((id): id is string => id !== null);
  const papers = ids.length > 0 ? await app.storage.papers.findPapers(ids) : [];
  return new Map(papers.map((paper) => [paper.id, paper]));
}

function normalizeId(id: string): string | null {
  try {
    return parseArxivId(id).id;
  } catch {
    return null;
  }
}

function withId(id: string | null, reason: string): string {
  return id ? `${id}: ${reason}` : reason;
}

function checkpointKey(range: HfDayRange): string {
  return `huggingface:daily:${range.from}..${range.to}`;
}

/** The day to start at: the checkpoint's next day when it is valid and inside the range. */
function readCheckpoint(state: unknown, range: HfDayRange): string {
  const next = (state as { nextDay?: unknown } | null)?.nextDay;
  return typeof next === "string" && parseDay(next) && next > range.from && next <= range.to ? next : range.from;
}

function readRange(from: string | undefined, to: string | undefined, today: string): HfDayRange {
  for (const [flag, value] of [
    ["--from", from],
    ["--to", to],
  ] as const) {
    if (value !== undefined && !parseDay(value))
      throw new UsageError(`${flag} ${value}: expected a day like 2025-01-31`);
  }
  const range = { from: from ?? to ?? today, to: to ?? today };
  if (range.to > today) throw new UsageError(`--to ${range.to} is after today (${today})`);
  if (range.from > range.to) throw new UsageError(`--from ${range.from} is after --to ${range.to}`);
  return range;
}

function createReport(range: HfDayRange, { out, err }: CommandOutput, quiet: boolean) {
  const totalDays = daysBetween(range.from, range.to) + 1;
  let papers = 0;
  let daysDone = 0;
  let currentDay = range.from;
  let shown = 0;
  // Clears the progress bar's line before a message, on a terminal only.
  const clear = err.isTTY ? "\r\x1b[2K" : "";
  const bar = quiet
    ? { update() {}, finish() {} }
    : createProgressBar({
        total: totalDays,
        stream: err,
        label: "hf",
        rate: () => ({ count: papers, unit: "papers" }),
      });
  const observer: HfBackfillObserver = {
    onResume(day) {
      daysDone = daysBetween(range.from, day);
      currentDay = day;
      if (!quiet) err.write(`resuming at ${day} (checkpoint of an interrupted run; --restart starts over)\n`);
    },
    onRejected(day, rejected) {
      if (shown++ < MAX_REJECTIONS_SHOWN)
        err.write(`${clear}hf ${day} #${rejected.line}: rejected: ${rejected.reason}\n`);
      else if (shown === MAX_REJECTIONS_SHOWN + 1) err.write("… further rejected items are only counted\n");
    },
    onPage(page) {
      currentDay = page.day;
      papers += page.entries.length;
      bar.update(daysDone, page.day);
    },
    onDay(day, summary) {
      daysDone += 1;
      currentDay = addDays(day, 1);
      if (!quiet) out.write(`${clear}${day}: ${formatSummary(summary)}\n`);
      bar.update(daysDone, day);
    },
  };
  return { observer, finish: () => bar.finish(), currentDay: () => currentDay };
}

function formatSummary(s: ImportSummary & { days?: number }): string {
  const days = s.days === undefined ? "" : `${s.days} day${s.days === 1 ? "" : "s"}, `;
  return `${days}${s.lines} papers listed: ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`;
}
