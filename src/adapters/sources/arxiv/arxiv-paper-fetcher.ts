import type { DecodedBatch, ImportSummary } from "../../../core/papers/import-service.js";
import type { Logger } from "../../../lib/logger.js";
import { formatDay } from "../../../lib/dates.js";
import { SourceUnavailableError } from "../polite-http-client.js";
import { ArxivQueryError, type ArxivApiClient } from "./arxiv-api-client.js";
import { decodeArxivEntries, entryPaperId } from "./arxiv-entry-record.js";
import type { AtomEntry } from "./atom-entry-parser.js";
import { MalformedFeedError } from "./atom-entry-parser.js";

export type FetchPaperResult = "imported" | "not-found" | "unavailable";

export interface ArxivPaperFetcherDeps {
  readonly api: Pick<ArxivApiClient, "fetchByIds">;
  readonly importBatches: (batches: AsyncIterable<DecodedBatch>) => Promise<ImportSummary>;
  readonly now: () => Date;
  readonly logger: Logger;
}

/**
 * Fetches one paper from the arXiv API and imports it, as `paperboy add` does: what a
 * submission of an unknown paper needs. arXiv refusing the id reads as "not found"; no
 * answer, an error status or a malformed feed as "unavailable" (logged, try again later).
 */
export function createArxivPaperFetcher(deps: ArxivPaperFetcherDeps) {
  async function findEntry(paperId: string): Promise<AtomEntry | null> {
    for await (const page of deps.api.fetchByIds([paperId])) {
      const entry = page.entries.find((e) => entryPaperId(e) === paperId);
      if (entry) return entry;
    }
    return null;
  }

  return async function fetchPaper(paperId: string): Promise<FetchPaperResult> {
    let entry: AtomEntry | null;
    try {
      entry = await findEntry(paperId);
    } catch (error) {
      if (error instanceof ArxivQueryError) return "not-found";
      if (!(error instanceof SourceUnavailableError || error instanceof MalformedFeedError)) throw error;
      deps.logger.warn({ paperId, err: { message: error.message } }, "arXiv unavailable for a submission");
      return "unavailable";
    }
    if (entry === null) return "not-found";
    const batch = decodeArxivEntries([entry], 1, formatDay(deps.now()));
    if (batch.records.length === 0) {
      deps.logger.warn({ paperId, rejected: batch.rejected }, "arXiv entry rejected for a submission");
      return "not-found";
    }
    await deps.importBatches(
      (async function* () {
        yield batch;
      })(),
    );
    return "imported";
  };
}
