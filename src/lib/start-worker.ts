import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread from a module next to the caller: `name` without extension. Runs
 * the compiled .js from dist/, and the .ts source under tsx (tests, `npm run dev`), where a
 * worker does not inherit tsx's loader and must register it before importing its entry.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSource = callerUrl.endsWith(".ts");
  const url = new URL(`./${name}${fromSource ? ".ts" : ".js"}`, callerUrl);
  if (!fromSource) return new Worker(url, { workerData });
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Runs a module next to the caller in a child process (`name` without extension), under tsx
 * when running from source. For work a worker thread cannot do (native modules that are not
 * thread-safe) or should not share memory with the server.
 */
export function spawnModule(callerUrl: string, name: string, args: readonly string[]): ChildProcess {
  const fromSource = callerUrl.endsWith(".ts");
  const path = fileURLToPath(new URL(`./${name}${fromSource ? ".ts" : ".js"}`, callerUrl));
  return spawn(process.execPath, [...(fromSource ? ["--import", "tsx"] : []), path, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}
