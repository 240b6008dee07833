import { stat } from "node:fs/promises";
import type { App } from "../../app.js";
import type { ImportSummary } from "../../core/papers/import-service.js";
import { createProgressBar } from "./progress-bar.js";

/** Rejected lines printed individually before the rest are only counted. */
const MAX_REJECTIONS_SHOWN = 100;

export interface ImportOptions {
  readonly quiet?: boolean;
  readonly out?: NodeJS.WritableStream;
  readonly err?: NodeJS.WriteStream;
}

/** `paperboy import FILE`: streams a JSONL(.gz) file into the hub, reporting bad lines by number. */
export async function importFile(app: App, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const err = options.err ?? process.stderr;
  const { size } = await stat(path);
  const progress = { bytesRead: 0, totalBytes: size };
  let records = 0;
  const bar = options.quiet
    ? { update() {}, finish() {} }
    : createProgressBar({
        total: size,
        stream: err,
        label: "import",
        rate: () => ({ count: records, unit: "papers" }),
      });
  let shown = 0;
  const started = performance.now();
  const summary = await app.importer.importFile(
    path,
    {
      onRejected(rejected) {
        if (shown++ < MAX_REJECTIONS_SHOWN)
          err.write(`\r\x1b[2K${path}:${rejected.line}: rejected: ${rejected.reason}\n`);
        else if (shown === MAX_REJECTIONS_SHOWN + 1) err.write("… further rejected lines are only counted\n");
      },
      onBatch(soFar) {
        records = soFar.inserted + soFar.updated + soFar.unchanged;
        bar.update(progress.bytesRead);
      },
    },
    progress,
  );
  bar.finish();
  const seconds = (performance.now() - started) / 1000;
  for (const outcome of ["inserted", "updated", "unchanged", "rejected"] as const) {
    app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
  }
  if (!options.quiet) {
    const total = summary.inserted + summary.updated + summary.unchanged;
    (options.out ?? process.stdout).write(
      `${path}: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected (${summary.lines} lines in ${seconds.toFixed(1)} s, ${Math.round(total / Math.max(seconds, 0.001))} papers/s)\n`,
    );
  }
  return summary;
}
