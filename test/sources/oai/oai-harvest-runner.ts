// A harvest as its own process, for oai-harvest-resume.test.ts to kill and start again:
// the app is built as `paperboy` builds it, on a database in OAI_RUNNER_DATA_DIR, and
// harvests the physics fixture sequence from OAI_RUNNER_URL. OAI_RUNNER_KILL makes the
// process SIGKILL itself at an exact point: "after-import:N" once the Nth page's papers
// are committed (before its checkpoint), "after-checkpoint:N" once the Nth checkpoint is
// written. Prints the summary as JSON; exits 1 with {"error"} when the harvest fails.
import { harvestOai, OaiHarvestError } from "../../../src/adapters/sources/arxiv/oai-harvester.js";
import { createSqliteStorage } from "../../../src/adapters/storage/sqlite/sqlite-storage.js";
import type { Storage } from "../../../src/adapters/storage/storage.js";
import { createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { oaiHarvestDepsOf } from "../../../src/delivery/cli/ingest-oai-command.js";
import { PHYSICS_PARAMS } from "./oai-fixture-server.js";

const config = loadConfig({
  PAPERBOY_DATA_DIR: process.env.OAI_RUNNER_DATA_DIR,
  ARXIV_OAI_URL: process.env.OAI_RUNNER_URL,
  ARXIV_REQUEST_INTERVAL_MS: "0",
  SOURCE_TIMEOUT_MS: "5000",
  SOURCE_RETRIES: "0",
  LOG_LEVEL: "silent",
});
const [killPoint, killAt] = (process.env.OAI_RUNNER_KILL ?? ":").split(":");
const calls = { "after-import": 0, "after-checkpoint": 0 };

function maybeDie(point: keyof typeof calls): void {
  calls[point] += 1;
  if (point === killPoint && calls[point] === Number(killAt)) process.kill(process.pid, "SIGKILL");
}

function withKillPoints(storage: Storage): Storage {
  return {
    ...storage,
    papers: {
      ...storage.papers,
      async importPapers(batch) {
        const counts = await storage.papers.importPapers(batch);
        maybeDie("after-import");
        return counts;
      },
    },
    checkpoints: {
      ...storage.checkpoints,
      async write(source, state) {
        await storage.checkpoints.write(source, state);
        maybeDie("after-checkpoint");
      },
    },
  };
}

const app = createApp(config, { storage: withKillPoints(createSqliteStorage(config.databaseFile)) });
try {
  const summary = await harvestOai(oaiHarvestDepsOf(app), PHYSICS_PARAMS);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} catch (error) {
  if (!(error instanceof OaiHarvestError)) throw error;
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
  process.exitCode = 1;
} finally {
  await app.close();
}
