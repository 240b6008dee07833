import { parseArgs } from "node:util";
import { ArxivQueryError, createArxivApiClient } from "../../adapters/sources/arxiv/arxiv-api-client.js";
import { decodeArxivEntries, entryPaperId } from "../../adapters/sources/arxiv/arxiv-entry-record.js";
import {
  type ArxivAnnouncement,
  createArxivRssClient,
  toAnnouncementRecord,
} from "../../adapters/sources/arxiv/arxiv-rss-client.js";
import { MalformedFeedError } from "../../adapters/sources/arxiv/atom-entry-parser.js";
import { SourceUnavailableError } from "../../adapters/sources/polite-http-client.js";
import type { App } from "../../app.js";
import type { DecodedBatch, ImportSummary, RejectedLine } from "../../core/papers/import-service.js";
import { InvalidRecordError, readPaperRecord } from "../../core/papers/paper-record.js";
import { addDays, daysBetween, formatDay, parseDay } from "../../lib/dates.js";
import { UsageError } from "./migrate-command.js";
import { createProgressBar } from "./progress-bar.js";
import { type CommandOutput, PROCESS_OUTPUT } from "./command-output.js";

/** Rejections printed one by one before the rest are only counted. */
const MAX_REJECTIONS_SHOWN = 100;
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/**
 * `paperboy ingest arxiv [--category cs.LG]… [--from 2025-01-01 [--to 2025-01-31]] [--quiet]`
 *
 * With `--from`: every paper submitted to the categories in the window, through the arXiv
 * API, one day at a time; the last finished day is checkpointed, so an interrupted run
 * started again with the same options resumes there. Without: today's announcements
 * from the arXiv RSS feeds. Categories default to ARXIV_CATEGORIES.
 */
export async function runIngestArxivCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      category: { type: "string", multiple: true },
      from: { type: "string" },
      to: { type: "string" },
      quiet: { type: "boolean" },
    },
  });
  const categories = [...new Set(values.category ?? app.config.sources.arxivCategories)];
  const bad = categories.filter((c) => !CATEGORY.test(c));
  if (bad.length > 0) throw new UsageError(`not an arXiv category: ${bad.join(", ")} (expected e.g. cs.LG)`);
  if (values.to !== undefined && values.from === undefined) throw new UsageError("--to needs --from");
  const reporter = createReporter(app, output, values.quiet ?? false);
  try {
    if (values.from === undefined) {
      await ingestListing(app, categories, reporter);
    } else {
      const to = values.to ?? formatDay(app.now());
      if (!parseDay(values.from) || !parseDay(to)) throw new UsageError("--from and --to take dates like 2025-01-31");
      if (to < values.from) throw new UsageError(`--to ${to} is before --from ${values.from}`);
      await ingestWindow(app, { categories, from: values.from, to }, reporter);
    }
    return 0;
  } catch (error) {
    if (!isSourceProblem(error)) throw error;
    output.err.write(`${output.err.isTTY ? "\n" : ""}paperboy: ${(error as Error).message}\n`);
    if (values.from !== undefined)
      output.err.write("The days finished so far are saved: run the same command to resume.\n");
    return 1;
  }
}

export function isSourceProblem(error: unknown): boolean {
  return (
    error instanceof SourceUnavailableError || error instanceof ArxivQueryError || error instanceof MalformedFeedError
  );
}

async function ingestWindow(
  app: App,
  window: { categories: string[]; from: string; to: string },
  reporter: Reporter,
): Promise<void> {
  const api = createArxivApiClient({ http: app.sourceHttp.arxiv, baseUrl: app.config.sources.arxivApiUrl });
  const key = `arxiv-api:${[...window.categories].sort().join(",")}:${window.from}..${window.to}`;
  const saved = (await app.storage.checkpoints.read(key)) as { nextDay?: unknown } | null;
  const resumeAt = typeof saved?.nextDay === "string" && saved.nextDay > window.from ? saved.nextDay : window.from;
  if (resumeAt !== window.from) reporter.note(`resuming at ${resumeAt} (earlier days were finished by a previous run)`);
  const totalDays = daysBetween(window.from, window.to) + 1;
  const bar = reporter.progress(totalDays, "arXiv");
  let entryNumber = 1;
  for (let day = resumeAt; day <= window.to; day = addDays(day, 1)) {
    const daysDone = daysBetween(window.from, day);
    async function* batches(): AsyncIterable<DecodedBatch> {
      const pages = api.searchBySubmissionDate({ categories: window.categories, from: day, to: day });
      for await (const page of pages) {
        bar.update(daysDone, `${day} ${page.start + page.entries.length}/${page.totalResults}`);
        if (page.missing > 0) {
          reporter.note(`${day}: arXiv reported ${page.missing} more papers but kept answering empty pages`);
        }
        yield decodeArxivEntries(page.entries, entryNumber, formatDay(app.now()));
        entryNumber += page.entries.length;
      }
    }
    reporter.add(await app.importer.importBatches(batches(), { onRejected: reporter.rejectedEntry }));
    await app.storage.checkpoints.write(key, { nextDay: addDays(day, 1) });
  }
  bar.finish();
  await app.storage.checkpoints.clear(key);
  reporter.summary(`arXiv ${window.categories.join(", ")} submitted ${window.from}..${window.to}`);
}

async function ingestListing(app: App, categories: string[], reporter: Reporter): Promise<void> {
  const rss = createArxivRssClient({ http: app.sourceHttp.arxiv, baseUrl: app.config.sources.arxivRssUrl });
  const listing = await rss.fetchListing(categories);
  for (const p of listing.problems) reporter.reject(`arXiv RSS ${p.category} item ${p.item}`, p.reason);
  reporter.add({ inserted: 0, updated: 0, unchanged: 0, rejected: listing.problems.length, lines: 0 });
  const { batch, known, lookups } = await decodeListing(app, listing.announcements);
  reporter.add(await app.importer.importBatches(only(batch), { onRejected: reporter.rejectedEntry }));
  reporter.add({ inserted: 0, updated: 0, unchanged: known, rejected: 0, lines: 0 });
  if (lookups.length > 0) await importLookups(app, lookups, reporter);
  const counts = countTypes(listing.announcements.map((a) => a.type));
  reporter.summary(`arXiv listing ${categories.join(", ")}: ${listing.announcements.length} announcements (${counts})`);
}

/** Replacements of papers the hub has never seen: the API knows their first-version date. */
async function importLookups(app: App, ids: readonly string[], reporter: Reporter): Promise<void> {
  const api = createArxivApiClient({ http: app.sourceHttp.arxiv, baseUrl: app.config.sources.arxivApiUrl });
  const missing = new Set(ids);
  let entryNumber = 1;
  async function* batches(): AsyncIterable<DecodedBatch> {
    for await (const page of api.fetchByIds(ids)) {
      for (const entry of page.entries) missing.delete(entryPaperId(entry) ?? "");
      yield decodeArxivEntries(page.entries, entryNumber, formatDay(app.now()));
      entryNumber += page.entries.length;
    }
  }
  reporter.add(await app.importer.importBatches(batches(), { onRejected: reporter.rejectedEntry }));
  for (const id of missing) reporter.reject(`arXiv ${id}`, "announced as replaced, but the API does not know it");
  reporter.add({ inserted: 0, updated: 0, unchanged: 0, rejected: missing.size, lines: 0 });
}

/** Records for the announcements the hub does not have yet, and the ids only the API can complete. */
async function decodeListing(app: App, announcements: readonly ArxivAnnouncement[]) {
  const stored = new Map((await app.storage.papers.findPapers(announcements.map((a) => a.id))).map((p) => [p.id, p]));
  const observedDay = formatDay(app.now());
  const batch: DecodedBatch = { records: [], rejected: [], lastLine: announcements.length };
  const lookups: string[] = [];
  let known = 0;
  for (const [i, a] of announcements.entries()) {
    const outcome = toAnnouncementRecord(a, stored.get(a.id) ?? null);
    if (outcome.kind === "known") known += 1;
    else if (outcome.kind === "lookup") lookups.push(a.id);
    else {
      try {
        batch.records.push(readPaperRecord(outcome.record, observedDay));
      } catch (error) {
        if (!(error instanceof InvalidRecordError)) throw error;
        batch.rejected.push({ line: i + 1, reason: `${a.id}v${a.version}: ${error.message}` });
      }
    }
  }
  return { batch, known, lookups };
}

/** A single batch as the stream importBatches reads. */
export async function* only(batch: DecodedBatch): AsyncIterable<DecodedBatch> {
  yield batch;
}

function countTypes(types: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return ["new", "cross", "replace", "replace-cross"].map((t) => `${counts.get(t) ?? 0} ${t}`).join(", ");
}

type Reporter = ReturnType<typeof createReporter>;

function createReporter(app: App, output: CommandOutput, quiet: boolean) {
  const total: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, lines: 0 };
  const started = performance.now();
  // Clears the progress bar's line first; only a terminal has one.
  const clearLine = output.err.isTTY ? "\r\x1b[2K" : "";
  let shown = 0;
  const reporter = {
    add(summary: ImportSummary) {
      for (const outcome of ["inserted", "updated", "unchanged", "rejected"] as const) {
        total[outcome] += summary[outcome];
        app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
      }
    },
    reject(where: string, reason: string) {
      if (shown++ < MAX_REJECTIONS_SHOWN) output.err.write(`${clearLine}${where}: rejected: ${reason}\n`);
      else if (shown === MAX_REJECTIONS_SHOWN + 1) output.err.write("… further rejections are only counted\n");
    },
    /** An ImportObserver's onRejected: `line` numbers the entries of the run. */
    rejectedEntry(rejected: RejectedLine) {
      reporter.reject(`arXiv entry ${rejected.line}`, rejected.reason);
    },
    note(text: string) {
      if (!quiet) output.err.write(`${clearLine}${text}\n`);
    },
    progress(totalDays: number, label: string) {
      if (quiet) return { update() {}, finish() {} };
      const papers = () => ({ count: total.inserted + total.updated + total.unchanged, unit: "papers" });
      return createProgressBar({ total: totalDays, stream: output.err, label, rate: papers });
    },
    summary(what: string) {
      if (quiet) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      output.out.write(
        `${what}: ${total.inserted} inserted, ${total.updated} updated, ${total.unchanged} unchanged, ${total.rejected} rejected (${seconds} s)\n`,
      );
    },
  };
  return reporter;
}
