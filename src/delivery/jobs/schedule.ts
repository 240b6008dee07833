import type { JobDefinition } from "./job-definition.js";
import { digestPrepareJob } from "./tasks/digest-prepare.task.js";
import { digestSendJob } from "./tasks/digest-send.task.js";
import { arxivNewPapersJob } from "./tasks/arxiv-new-papers.task.js";
import { githubStarsJob } from "./tasks/github-stars.task.js";
import { hfDailyPapersJob } from "./tasks/hf-daily-papers.task.js";
import { searchChangesPruneJob } from "./tasks/search-changes-prune.task.js";
import { searchIndexJob } from "./tasks/search-index.task.js";
import { trendingRecomputeJob } from "./tasks/trending-recompute.task.js";

/**
 * Every recurring job of the hub, in one list (docs/jobs.md). `paperboy jobs` prints it
 * with each job's last and next run.
 */
export const SCHEDULE: readonly JobDefinition[] = [
  arxivNewPapersJob,
  hfDailyPapersJob,
  githubStarsJob,
  trendingRecomputeJob,
  searchIndexJob,
  searchChangesPruneJob,
  digestPrepareJob,
  digestSendJob,
];
