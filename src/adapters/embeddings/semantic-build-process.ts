import type { SearchConfig } from "../../config.js";
import { openSqliteDatabase } from "../storage/sqlite/sqlite-database.js";
import { createSqliteEmbeddingSource } from "../storage/sqlite/search/sqlite-embedding-source.js";
import { type SemanticBuildSummary, runSemanticBuild } from "./semantic-build.js";

/**
 * A semantic build in a child process, on its own database connection, off the process that
 * serves requests. A child process rather than a worker thread: usearch's native module hangs
 * when loaded in a worker thread. Reads its job as JSON from argv, writes one JSON message per
 * line on stdout.
 */
export interface SemanticBuildJob {
  readonly databaseFile: string;
  readonly config: SearchConfig;
  readonly directory: string;
  readonly rebuild: boolean;
}

export type SemanticBuildMessage =
  | { type: "progress"; phase: string; done: number; total: number | null }
  | { type: "done"; summary: SemanticBuildSummary }
  | { type: "error"; message: string };

const post = (message: SemanticBuildMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

const job = JSON.parse(process.argv[2] ?? "{}") as SemanticBuildJob;
const db = openSqliteDatabase(job.databaseFile);
try {
  const summary = await runSemanticBuild({
    config: job.config,
    directory: job.directory,
    source: createSqliteEmbeddingSource(db),
    rebuild: job.rebuild,
    onProgress: (progress) => post({ type: "progress", ...progress }),
  });
  post({ type: "done", summary });
} catch (error) {
  post({ type: "error", message: (error as Error).message });
  process.exitCode = 1;
} finally {
  db.close();
}
