import { runIngestArxivCommand } from "../../cli/ingest-arxiv-command.js";
import type { JobDefinition } from "../job-definition.js";
import { runIngestCommand } from "./run-ingest-command.js";

/**
 * The followed categories' announcements of the day, from the arXiv listing feeds.
 * arXiv announces Sunday to Thursday at 20:00 US Eastern, that is 00:00 or 01:00 UTC
 * Monday to Friday; 02:00 UTC is safely after either. Idempotent: papers already stored
 * come back unchanged.
 * @see https://info.arxiv.org/help/availability.html
 */
export const arxivNewPapersJob: JobDefinition = {
  name: "arxiv-new-papers",
  description: "Import today's arXiv announcements in the followed categories (listing feeds)",
  cadence: { kind: "daily", atUtc: "02:00", weekdays: [1, 2, 3, 4, 5] },
  maxAttempts: 5,
  retryBackoffMs: 10 * 60_000,
  leaseMs: 30 * 60_000,
  run: ({ app }) => runIngestCommand(app, runIngestArxivCommand, []),
};
