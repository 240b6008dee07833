import { addDays, formatDay } from "../../../lib/dates.js";
import { runIngestHfCommand } from "../../cli/ingest-hf-command.js";
import type { JobDefinition } from "../job-definition.js";
import { runIngestCommand } from "./run-ingest-command.js";

/**
 * Hugging Face Daily Papers of yesterday and today, every hour: papers join the list
 * through the day and their upvotes and stars keep moving, so each run fetches both days
 * again (`--restart`) and the import rules keep it idempotent (the same item twice is
 * unchanged; upvotes only grow). Yesterday is included because HF's day is not UTC's.
 */
export const hfDailyPapersJob: JobDefinition = {
  name: "hf-daily-papers",
  description: "Import Hugging Face Daily Papers of yesterday and today (listings, submitters, upvotes, stars)",
  cadence: { kind: "hourly", atMinute: 5 },
  maxAttempts: 3,
  retryBackoffMs: 5 * 60_000,
  leaseMs: 30 * 60_000,
  run({ app }) {
    const today = formatDay(app.now());
    return runIngestCommand(app, runIngestHfCommand, ["--from", addDays(today, -1), "--to", today, "--restart"]);
  },
};
