import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { App } from "../../app.js";
import { importFile } from "./import-command.js";

/** The bundled sample (see sample-data/README.md), at the package root from src/ or dist/. */
export const SAMPLE_DATA_FILE = fileURLToPath(new URL("../../../sample-data/papers.jsonl.gz", import.meta.url));

/** On first start, fills an empty hub with the bundled sample unless PAPERBOY_SAMPLE_DATA=0. */
export async function importSampleDataIfEmpty(app: App, file = SAMPLE_DATA_FILE): Promise<void> {
  if (!app.config.importSampleData) return;
  if ((await app.storage.papers.countPapers()) > 0) return;
  if (!existsSync(file)) {
    app.logger.warn({ file }, "sample data file missing: starting with an empty hub");
    return;
  }
  app.logger.info({ file }, "empty database: importing the bundled sample data");
  const summary = await importFile(app, file, { quiet: true });
  app.logger.info({ ...summary }, "sample data imported");
}
