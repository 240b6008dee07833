import { parseArgs } from "node:util";
import { createArxivApiClient } from "../../adapters/sources/arxiv/arxiv-api-client.js";
import { decodeArxivEntries, entryPaperId } from "../../adapters/sources/arxiv/arxiv-entry-record.js";
import type { AtomEntry } from "../../adapters/sources/arxiv/atom-entry-parser.js";
import { SourceUnavailableError } from "../../adapters/sources/polite-http-client.js";
import type { App } from "../../app.js";
import { type ArxivId, InvalidArxivIdError, parseArxivId } from "../../core/papers/arxiv-id.js";
import { formatDay } from "../../lib/dates.js";
import { isSourceProblem, only } from "./ingest-arxiv-command.js";
import { PROCESS_OUTPUT } from "./command-output.js";
import { UsageError } from "./migrate-command.js";

/**
 * `paperboy add <arXiv id or URL>…`: fetches the papers from the arXiv API and imports
 * them, printing per id whether it was added, updated or unchanged. Exit status 1 when
 * any id was not found, was rejected, or arXiv could not be reached.
 */
export async function runAddCommand(app: App, args: string[], output = PROCESS_OUTPUT): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError("add needs at least one arXiv id or URL, e.g. 2501.01234");
  const requested = parseIds(positionals);
  const api = createArxivApiClient({ http: app.sourceHttp.arxiv, baseUrl: app.config.sources.arxivApiUrl });
  const found = new Map<string, AtomEntry>();
  try {
    for await (const page of api.fetchByIds(requested.map(spell))) {
      for (const entry of page.entries) found.set(entryPaperId(entry) ?? "", entry);
    }
  } catch (error) {
    if (!isSourceProblem(error)) throw error;
    const what =
      error instanceof SourceUnavailableError ? "arXiv is unreachable, nothing was added" : "nothing was added";
    output.err.write(`paperboy: ${what}: ${(error as Error).message}\n`);
    return 1;
  }
  let failed = 0;
  for (const id of requested) {
    const entry = found.get(id.id);
    const result = entry ? await importEntry(app, entry) : { ok: false, text: "not found on arXiv" };
    if (!result.ok) failed += 1;
    output.out.write(`${spell(id)}: ${result.text}\n`);
  }
  return failed > 0 ? 1 : 0;
}

/** Every argument is checked before asking arXiv, so one typo does not cost a request. */
function parseIds(inputs: readonly string[]): ArxivId[] {
  const ids: ArxivId[] = [];
  const bad: string[] = [];
  for (const input of inputs) {
    try {
      ids.push(parseArxivId(input));
    } catch (error) {
      if (!(error instanceof InvalidArxivIdError)) throw error;
      bad.push(error.message);
    }
  }
  if (bad.length > 0) throw new UsageError(bad.join("\n"));
  return [...new Map(ids.map((id) => [spell(id), id])).values()];
}

async function importEntry(app: App, entry: AtomEntry): Promise<{ ok: boolean; text: string }> {
  const batch = decodeArxivEntries([entry], 1, formatDay(app.now()));
  const rejected = batch.rejected[0];
  if (rejected) return { ok: false, text: `rejected: ${rejected.reason}` };
  const summary = await app.importer.importBatches(only(batch));
  const version = `v${batch.records[0]!.paper.version}`;
  for (const outcome of ["inserted", "updated", "unchanged"] as const) {
    app.metrics.importedPapers.inc({ outcome }, summary[outcome]);
  }
  const outcome = summary.inserted > 0 ? "added" : summary.updated > 0 ? "updated" : "unchanged";
  return { ok: true, text: `${outcome} (${version})` };
}

function spell(id: ArxivId): string {
  return id.version === null ? id.id : `${id.id}v${id.version}`;
}
