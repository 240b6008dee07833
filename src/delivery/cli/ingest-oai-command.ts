import { parseArgs } from "node:util";
import {
  harvestOai,
  type OaiHarvestDeps,
  OaiHarvestError,
  type OaiHarvestObserver,
  type OaiHarvestParams,
  type OaiHarvestSummary,
} from "../../adapters/sources/arxiv/oai-harvester.js";
import type { OaiMetadataPrefix } from "../../adapters/sources/arxiv/oai-record-parser.js";
import { SourceUnavailableError } from "../../adapters/sources/polite-http-client.js";
import type { App } from "../../app.js";
import { parseDay } from "../../lib/dates.js";
import { UsageError } from "./migrate-command.js";
import { createProgressBar, type ProgressBar } from "./progress-bar.js";

/** Where the command writes; the process streams unless a test captures them. */
export interface OaiCommandOutput {
  readonly out: { write(text: string): unknown };
  readonly err: NodeJS.WriteStream;
}

const PROCESS_OUTPUT: OaiCommandOutput = { out: process.stdout, err: process.stderr };
/** Malformed and deleted records printed one by one before the rest are only counted. */
const MAX_RECORDS_SHOWN = 100;
const PREFIXES: readonly OaiMetadataPrefix[] = ["arXiv", "arXivRaw"];
/** arXiv set specs: `cs`, `math`, `physics:hep-ex`, `cs:cs:AI`. */
const SET_SPEC = /^[A-Za-z][\w.-]*(?::[\w.-]+)*$/;

/**
 * `paperboy ingest oai --set cs --from 2025-01-01 [--until 2025-01-31] [--prefix arXiv|arXivRaw] [--restart] [--quiet]`
 *
 * Harvests every record of the set whose datestamp (last change) is in the window. An
 * interrupted harvest started again with the same options resumes after the last page
 * saved; `--restart` starts it over.
 */
export async function runIngestOaiCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      set: { type: "string" },
      from: { type: "string" },
      until: { type: "string" },
      prefix: { type: "string", default: "arXiv" },
      restart: { type: "boolean" },
      quiet: { type: "boolean" },
    },
  });
  const params = readParams(values);
  const started = performance.now();
  const reporter = createReporter(output, values.quiet ?? false);
  try {
    const summary = await harvestOai(oaiHarvestDepsOf(app), params, {
      restart: values.restart ?? false,
      observer: reporter.observer,
    });
    reporter.finish();
    for (const outcome of ["inserted", "updated", "unchanged"] as const) {
      app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
    }
    app.metrics.importedPapers.inc({ outcome: "rejected" }, summary.malformed);
    if (!values.quiet) output.out.write(`${describeSummary(params, summary, (performance.now() - started) / 1000)}\n`);
    return 0;
  } catch (error) {
    reporter.finish();
    if (!(error instanceof OaiHarvestError || error instanceof SourceUnavailableError)) throw error;
    output.err.write(`\npaperboy: ${error.message}\n`);
    return 1;
  }
}

/** The harvester's dependencies from the app: arXiv's polite client, the OAI base URL, the stores. */
export function oaiHarvestDepsOf(app: App): OaiHarvestDeps {
  return {
    http: app.sourceHttp.arxiv,
    baseUrl: app.config.sources.arxivOaiUrl,
    importer: app.importer,
    checkpoints: app.storage.checkpoints,
    now: app.now,
  };
}

function readParams(values: { set?: string; from?: string; until?: string; prefix?: string }): OaiHarvestParams {
  const { set, from, until, prefix } = values;
  if (set === undefined) throw new UsageError("ingest oai needs --set, e.g. --set cs");
  if (!SET_SPEC.test(set))
    throw new UsageError(`--set ${set}: expected an arXiv set such as cs, math or physics:hep-ex`);
  // Without --from a harvest is the whole of arXiv's history in the set: make that a choice.
  if (from === undefined) throw new UsageError("ingest oai needs --from, e.g. --from 2025-01-01");
  if (!parseDay(from) || (until !== undefined && !parseDay(until))) {
    throw new UsageError("--from and --until take dates like 2025-01-31");
  }
  if (until !== undefined && until < from) throw new UsageError(`--until ${until} is before --from ${from}`);
  if (!(PREFIXES as readonly string[]).includes(prefix ?? "")) {
    throw new UsageError(`--prefix ${prefix}: expected ${PREFIXES.join(" or ")}`);
  }
  return { set, from, until: until ?? null, metadataPrefix: prefix as OaiMetadataPrefix };
}

function createReporter(output: OaiCommandOutput, quiet: boolean): { observer: OaiHarvestObserver; finish(): void } {
  let shown = 0;
  let bar: ProgressBar | null = null;
  let records = 0;
  let counting = false;
  const show = (line: string) => {
    if (quiet) return;
    if (shown++ < MAX_RECORDS_SHOWN) output.err.write(`\r\x1b[2K${line}\n`);
    else if (shown === MAX_RECORDS_SHOWN + 1)
      output.err.write("… further malformed and deleted records are only counted\n");
  };
  const observer: OaiHarvestObserver = {
    onResume(counts) {
      if (!quiet) output.err.write(`resuming after page ${counts.pages} (${counts.harvested} records so far)\n`);
    },
    onMalformed(record) {
      show(`${record.identifier}: malformed, skipped: ${record.reason}`);
    },
    onDeleted(record) {
      show(`${record.identifier}: deleted in the repository${record.datestamp ? ` on ${record.datestamp}` : ""}`);
    },
    onPage({ counts, completeListSize }) {
      records = counts.harvested + counts.malformed + counts.deleted;
      if (quiet) return;
      // arXiv's tokens carry no completeListSize: without a total, a count instead of a bar.
      if (completeListSize === null && bar === null) {
        if (output.err.isTTY) output.err.write(`\r\x1b[2Koai: page ${counts.pages} · ${records} records`);
        counting = output.err.isTTY;
        return;
      }
      bar ??= createProgressBar({
        total: completeListSize ?? 0,
        stream: output.err,
        label: "oai",
        rate: () => ({ count: records, unit: "records" }),
      });
      bar.update(records, `page ${counts.pages}`);
    },
  };
  return {
    observer,
    finish() {
      bar?.finish();
      if (counting) output.err.write("\n");
    },
  };
}

function describeSummary(params: OaiHarvestParams, s: OaiHarvestSummary, seconds: number): string {
  const window = `${params.from}..${params.until ?? ""}`;
  return (
    `oai ${params.metadataPrefix} ${params.set} ${window}: ${s.inserted} inserted, ${s.updated} updated, ` +
    `${s.unchanged} unchanged, ${s.malformed} malformed, ${s.deleted} deleted ` +
    `(${s.pages} pages${s.resumed ? ", resumed" : ""} in ${seconds.toFixed(1)} s)` +
    (s.responseDate ? `; next incremental harvest: --from ${s.responseDate.slice(0, 10)}` : "")
  );
}
