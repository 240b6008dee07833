import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (
      await fetch(url)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${deadlineMs} ms`);
}

describe("paperboy serve", () => {
  it("imports the sample on first start, serves it, and shuts down cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "paperboy-serve-"));
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "serve"], {
      env: {
        ...process.env,
        PORT: String(port),
        PAPERBOY_DATA_DIR: dataDir,
        LOG_LEVEL: "info",
        // All roles run; sources point at a closed local port so scheduled jobs fail fast, offline.
        ARXIV_API_URL: "http://127.0.0.1:9/api/query",
        ARXIV_OAI_URL: "http://127.0.0.1:9/oai2",
        ARXIV_RSS_URL: "http://127.0.0.1:9/rss",
        HF_API_URL: "http://127.0.0.1:9",
        GITHUB_API_URL: "http://127.0.0.1:9",
        SOURCE_RETRIES: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stdout.on("data", (c: Buffer) => (logs += c.toString()));
    child.stderr.on("data", (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitUntilReady(`${base}/readyz`, 60_000);
      const latest = (await (await fetch(`${base}/api/v1/daily/latest?limit=1`)).json()) as { total: number };
      assert.ok(latest.total > 0, "the bundled sample was imported");
      assert.ok(existsSync(join(dataDir, "paperboy.sqlite-wal")), "WAL mode while running");

      const inFlight = fetch(`${base}/api/v1/trending?window=month&limit=100`);
      await new Promise((r) => setTimeout(r, 5));
      child.kill("SIGTERM");
      assert.equal((await inFlight).status, 200, "the in-flight request finishes");
      assert.equal(await exited, 0);
    } finally {
      child.kill("SIGKILL");
    }
    const lines = logs
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string; requestId?: string });
    assert.ok(lines.some((l) => l.msg === "sample data imported"));
    assert.ok(
      lines.some((l) => l.msg === "request" && l.requestId),
      "one JSON log line per request, with its id",
    );
    assert.equal(lines.at(-1)?.msg, "stopped cleanly");
    assert.ok(!existsSync(join(dataDir, "paperboy.sqlite-wal")), "the database was closed and checkpointed");
  });
});
