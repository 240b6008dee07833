import { parseArgs } from "node:util";
import type { App } from "../../app.js";
import { type CommandOutput, PROCESS_OUTPUT } from "./command-output.js";
import { createProgressBar } from "./progress-bar.js";

/**
 * `paperboy reindex [--keyword] [--semantic]`: rebuilds what search derives from the papers.
 * Keyword: the impact lists that make frequent words fast (the full-text index itself is kept
 * in step by the database). Semantic: retrains the LSA model if its file was deleted, and
 * embeds every paper again. Both by default. Safe to run while the site serves; it only adds
 * work to the machine.
 */
export async function runReindexCommand(
  app: App,
  args: string[],
  output: CommandOutput = PROCESS_OUTPUT,
): Promise<number> {
  const { values } = parseArgs({ args, options: { keyword: { type: "boolean" }, semantic: { type: "boolean" } } });
  const both = !values.keyword && !values.semantic;
  if (both || values.keyword) {
    let total = 0;
    const bar = createProgressBar({
      total: 1,
      stream: output.err,
      label: "keyword lists",
      rate: () => ({ count: total, unit: "lists" }),
    });
    const summary = await app.storage.keywordIndex.rebuildAccelerators((done, all) => {
      total = done;
      bar.update(all > 0 ? done / all : 1, `${done}/${all}`);
    });
    bar.finish();
    const resumed = summary.resumed > 0 ? ` (${summary.resumed} finished earlier by a build that stopped)` : "";
    output.out.write(`keyword: ${summary.lists} impact lists built in ${summary.seconds.toFixed(1)} s${resumed}\n`);
  }
  if (both || values.semantic) {
    if (app.semantic === null) {
      output.out.write("semantic: off (PAPERBOY_EMBEDDER=off)\n");
      return 0;
    }
    const started = Date.now();
    let embedded = 0;
    const bar = createProgressBar({
      total: 1,
      stream: output.err,
      label: "embedding",
      rate: () => ({ count: embedded, unit: "papers" }),
    });
    const summary = await app.semantic.refresh({
      rebuild: true,
      onProgress: (progress) => {
        embedded = progress.done;
        bar.update(progress.total ? progress.done / progress.total : 0, `${progress.done} ${progress.phase}`);
      },
    });
    bar.finish();
    if (summary === null || summary.embedderId === null) {
      output.out.write("semantic: nothing to embed (no papers yet)\n");
      return 0;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    output.out.write(`semantic: ${summary.vectors} papers embedded with ${summary.embedderId} in ${seconds} s\n`);
  }
  return 0;
}
