import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** How long SIGTERM may take (the server drains in-flight requests) before SIGKILL. */
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 50;
/** Kept from the server's stderr, to explain a failed start. */
const STDERR_TAIL_CHARS = 4_000;

export type ServerMode = "compiled" | "source";

export interface ServerProcess {
  readonly pid: number;
  readonly baseUrl: string;
  readonly mode: ServerMode;
  /** performance.now() just before the process was spawned. */
  readonly spawnedAt: number;
  readonly child: ChildProcess;
  stderrTail(): string;
}

export interface ServerSettings {
  readonly repoRoot: string;
  readonly dataDir: string;
  readonly sampleData: boolean;
  /** PostgreSQL to serve (`openApp` honours DATABASE_URL); absent: the SQLite file in dataDir. */
  readonly databaseUrl?: string;
  /** HTTP_CACHE_MS for the server; absent: its default (answers reused for 30 s). */
  readonly httpCacheMs?: number;
}

/**
 * `paperboy serve` from dist/ when dist/ is complete and not older than src/, else from
 * src/ through tsx (the same code, transpiled on load: slower to start, same steady state).
 */
export function chooseServerCommand(repoRoot: string): { mode: ServerMode; args: string[] } {
  const dist = join(repoRoot, "dist");
  const isComplete = ["main.js", "delivery/http/server.js", "delivery/cli/serve-command.js"].every((f) =>
    existsSync(join(dist, f)),
  );
  if (isComplete && newestMtimeMs(dist) >= newestMtimeMs(join(repoRoot, "src"))) {
    return { mode: "compiled", args: [join(repoRoot, "bin/paperboy.js"), "serve"] };
  }
  return { mode: "source", args: ["--import", "tsx", join(repoRoot, "src/main.ts"), "serve"] };
}

export async function spawnServer(settings: ServerSettings): Promise<ServerProcess> {
  const port = await findFreePort();
  const { mode, args } = chooseServerCommand(settings.repoRoot);
  const { DATABASE_URL: _inherited, ...inheritedEnv } = process.env;
  const env = {
    ...inheritedEnv,
    ...(settings.databaseUrl === undefined ? {} : { DATABASE_URL: settings.databaseUrl }),
    PAPERBOY_DATA_DIR: settings.dataDir,
    PAPERBOY_SAMPLE_DATA: settings.sampleData ? "1" : "0",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    // Off unless asked for (BENCH_API_RATE_LIMIT_PER_MINUTE): the load comes from one address.
    API_RATE_LIMIT_PER_MINUTE: process.env.BENCH_API_RATE_LIMIT_PER_MINUTE ?? "0",
    // Only the web role: scheduled ingestion would compete for the CPU being measured.
    PAPERBOY_ROLES: "web",
    ...(settings.httpCacheMs === undefined ? {} : { HTTP_CACHE_MS: String(settings.httpCacheMs) }),
  };
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: settings.repoRoot, env, stdio: ["ignore", "ignore", "pipe"] });
  let tail = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    tail = (tail + text).slice(-STDERR_TAIL_CHARS);
  });
  return { pid: child.pid!, baseUrl: `http://127.0.0.1:${port}`, mode, spawnedAt, child, stderrTail: () => tail };
}

/** Polls `path` until it answers 200; returns ms since spawn. Fails if the server exits or time runs out. */
export async function waitForOk(server: ServerProcess, path: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (hasExited(server.child)) {
      throw new Error(
        `server exited (status ${server.child.exitCode ?? server.child.signalCode}):\n${server.stderrTail()}`,
      );
    }
    const status = await fetch(server.baseUrl + path).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status === 200) return performance.now() - server.spawnedAt;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`no 200 from ${path} within ${timeoutMs / 1000} s:\n${server.stderrTail()}`);
}

/** The process's peak resident set (VmHWM), or null where /proc is not available. */
export function readPeakRssBytes(pid: number): number | null {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Number(kib) * 1024 : null;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (getconf CLK_TCK). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time (user + system, all threads) the process has used, or null without /proc.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html fields 14 and 15
 */
export function readCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** SIGTERM, then SIGKILL after STOP_GRACE_MS; resolves once the process is gone. */
export async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
