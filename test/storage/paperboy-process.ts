// `paperboy …` as separate OS processes, for the tests that run the real CLI on PostgreSQL.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

/** `paperboy ARGS` in a child process with `env` added; resolves with its exit code and output. */
export function runPaperboy(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startPaperboy(args, env);
  return new Promise((resolve) =>
    child.once("close", (code) => resolve({ code, stdout: child.out(), stderr: child.err() })),
  );
}

export interface PaperboyProcess extends ChildProcess {
  out(): string;
  err(): string;
}

/** Starts `paperboy ARGS` (e.g. `serve --role web`) and collects what it writes. */
export function startPaperboy(args: readonly string[], env: NodeJS.ProcessEnv): PaperboyProcess {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return Object.assign(child, { out: () => stdout, err: () => stderr });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx, or throws after `deadlineMs`, or when `child` exits first. */
export async function waitUntilReady(url: string, child: PaperboyProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}): ${child.err()}`);
    if (
      await fetch(url)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${deadlineMs} ms: ${child.err()}`);
}
