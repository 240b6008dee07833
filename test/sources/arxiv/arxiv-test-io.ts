import type { CommandOutput } from "../../../src/delivery/cli/command-output.js";
import { createTestApp } from "../../helpers/test-app.js";
import type { ArxivFixtureServer } from "./arxiv-fixture-server.js";

/** Captures what a command prints; `err` is not a TTY, so no progress bar is drawn. */
export function captureOutput() {
  const captured = { out: "", err: "" };
  const output: CommandOutput = {
    out: { write: (text: string) => (captured.out += text) },
    err: { write: (text: string) => (captured.err += text), isTTY: false } as unknown as NodeJS.WriteStream,
  };
  return { output, captured };
}

/** An empty hub whose arXiv URLs point at the fixture server, with no pause and no retries. */
export async function createArxivTestApp(server: ArxivFixtureServer, file?: string) {
  const { app } = await createTestApp({
    empty: true,
    file,
    env: {
      ARXIV_API_URL: server.apiUrl,
      ARXIV_RSS_URL: server.rssUrl,
      ARXIV_REQUEST_INTERVAL_MS: "0",
      SOURCE_RETRIES: "0",
      SOURCE_TIMEOUT_MS: "2000",
    },
  });
  return app;
}
