import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { App } from "../../app.js";
import type { ImportSummary } from "../../core/papers/import-service.js";
import { UsageError } from "./migrate-command.js";
import { createProgressBar } from "./progress-bar.js";
import { type CommandOutput, PROCESS_OUTPUT, describeFileError } from "./command-output.js";

/** Rejected lines printed individually before the rest are only counted. */
const MAX_REJECTIONS_SHOWN = 100;
/** File problems reported in one line instead of a stack trace (the lines before a gzip fault are kept). */
const FILE_ERROR_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "Z_DATA_ERROR", "Z_BUF_ERROR"]);

/**
 * `paperboy ingest snapshot FILE… [--strict] [--quiet]`: imports the arXiv metadata
 * snapshot (Kaggle's `arxiv-metadata-oai-snapshot.json`, plain or .gz) through the same
 * streamed, worker-decoded path as `paperboy import`. Exit status: 0, 1 when a file
 * cannot be read, 2 with --strict when any line was rejected.
 * @see https://www.kaggle.com/datasets/Cornell-University/arxiv
 */
export async function runIngestSnapshotCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { strict: { type: "boolean" }, quiet: { type: "boolean" } },
  });
  if (positionals.length === 0) throw new UsageError("ingest snapshot needs at least one FILE");
  const { err } = output;
  let rejected = 0;
  for (const file of positionals) {
    try {
      rejected += (await importSnapshotFile(app, file, { ...output, quiet: values.quiet ?? false })).rejected;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (!FILE_ERROR_CODES.has(e.code ?? "")) throw error;
      err.write(`paperboy: ${file}: ${describeFileError(e)}\n`);
      return 1;
    }
  }
  return values.strict && rejected > 0 ? 2 : 0;
}

/** Streams one snapshot file into the hub: bad lines reported by number, a progress bar on a TTY, a summary. */
export async function importSnapshotFile(
  app: App,
  path: string,
  options: CommandOutput & { quiet: boolean },
): Promise<ImportSummary> {
  const { out, err } = options;
  const { size } = await stat(path);
  const progress = { bytesRead: 0, totalBytes: size };
  let papers = 0;
  const bar = options.quiet
    ? { update() {}, finish() {} }
    : createProgressBar({
        total: size,
        stream: err,
        label: "snapshot",
        rate: () => ({ count: papers, unit: "papers" }),
      });
  let shown = 0;
  // Clears the progress bar's line before a message, on a terminal only.
  const clear = err.isTTY ? "\r\x1b[2K" : "";
  const started = performance.now();
  const observer = {
    onRejected(rejected: { line: number; reason: string }) {
      if (shown++ < MAX_REJECTIONS_SHOWN) err.write(`${clear}${path}:${rejected.line}: rejected: ${rejected.reason}\n`);
      else if (shown === MAX_REJECTIONS_SHOWN + 1) err.write("… further rejected lines are only counted\n");
    },
    onBatch(soFar: Readonly<ImportSummary>) {
      papers = soFar.inserted + soFar.updated + soFar.unchanged;
      bar.update(progress.bytesRead);
    },
  };
  const summary = await app.importer.importFile(path, observer, progress, { format: "arxiv-snapshot" });
  bar.finish();
  for (const outcome of ["inserted", "updated", "unchanged", "rejected"] as const) {
    app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
  }
  if (!options.quiet) out.write(formatSummary(path, summary, started));
  return summary;
}

function formatSummary(path: string, s: ImportSummary, startedMs: number): string {
  const seconds = (performance.now() - startedMs) / 1000;
  const papers = s.inserted + s.updated + s.unchanged;
  const rate = Math.round(papers / Math.max(seconds, 0.001));
  return `${path}: ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected (${s.lines} lines in ${seconds.toFixed(1)} s, ${rate} papers/s)\n`;
}
