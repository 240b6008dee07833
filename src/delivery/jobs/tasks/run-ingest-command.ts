import type { App } from "../../../app.js";

type IngestCommand = (
  app: App,
  args: string[],
  output: { out: { write(text: string): unknown }; err: NodeJS.WriteStream },
) => Promise<number>;

const SUMMARY = /(\d+) inserted, (\d+) updated, (\d+) unchanged, (\d+) rejected/g;

/**
 * Runs an ingestion command as a job: the same code path as `paperboy ingest …`, with its
 * output captured. Its final summary line ("N inserted, N updated, N unchanged, N
 * rejected"; commands print the run's total last) becomes the run's counts; a non-zero
 * status fails the run with what it wrote to stderr.
 */
export async function runIngestCommand(
  app: App,
  command: IngestCommand,
  args: string[],
): Promise<Record<string, number>> {
  let out = "";
  let err = "";
  const errStream = { write: (text: string) => ((err += text), true), isTTY: false } as unknown as NodeJS.WriteStream;
  const status = await command(app, args, { out: { write: (text: string) => (out += text) }, err: errStream });
  if (status !== 0) throw new Error(err.trim().split("\n").slice(-3).join(" ") || `exit status ${status}`);
  const last = [...out.matchAll(SUMMARY)].at(-1);
  if (!last) return { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  return { inserted: Number(last[1]), updated: Number(last[2]), unchanged: Number(last[3]), rejected: Number(last[4]) };
}
