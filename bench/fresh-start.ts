import { mkdirSync } from "node:fs";
import { readPeakRssBytes, type ServerMode, spawnServer, stopServer, waitForOk } from "./server-process.js";

/** Longer than any plausible start: the target is 30 s. */
const FRESH_START_TIMEOUT_MS = 180_000;

export interface FreshStart {
  readonly mode: ServerMode;
  /** From spawning `serve` on an empty data dir to the first 200 on `/` (sample import included). */
  readonly secondsToFirstPage: number;
  readonly peakRssBytes: number | null;
}

export async function benchFreshStart(repoRoot: string, dataDir: string): Promise<FreshStart> {
  mkdirSync(dataDir, { recursive: true });
  console.error("bench: fresh start (empty data dir, bundled sample)");
  const server = await spawnServer({ repoRoot, dataDir, sampleData: true });
  try {
    const ms = await waitForOk(server, "/", FRESH_START_TIMEOUT_MS);
    return { mode: server.mode, secondsToFirstPage: ms / 1000, peakRssBytes: readPeakRssBytes(server.pid) };
  } finally {
    await stopServer(server);
  }
}
