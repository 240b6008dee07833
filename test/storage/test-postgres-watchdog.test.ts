// The test PostgreSQL of a test process that is killed outright (SIGKILL: no exit handler
// runs) does not outlive it: the helper's watchdog stops the server and deletes its folder.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { it } from "node:test";
import { findPostgresBin } from "../helpers/postgres.js";

const CHILD = fileURLToPath(new URL("./test-postgres-child.ts", import.meta.url));
/** The watchdog notices at once; pg_ctl's immediate stop takes a moment on a loaded machine. */
const GONE_WITHIN_MS = 15_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

it(
  "stops and deletes a killed test process's PostgreSQL",
  { skip: findPostgresBin() === null, timeout: 90_000 },
  async () => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { stdio: ["ignore", "pipe", "inherit"] });
    const data = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^DATA (.+)$/m.exec(out);
        if (line) resolve(line[1]!);
      });
      child.once("exit", (code) => reject(new Error(`the child exited (${code}) before its server answered`)));
    });
    const postmaster = Number(readFileSync(`${data}/postmaster.pid`, "utf8").split("\n")[0]);
    assert.ok(isRunning(postmaster), "the server runs while its test process does");

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const deadline = Date.now() + GONE_WITHIN_MS;
    while ((isRunning(postmaster) || existsSync(dirname(data))) && Date.now() < deadline) await sleep(200);
    assert.equal(isRunning(postmaster), false, `server ${postmaster} stopped`);
    assert.equal(existsSync(dirname(data)), false, `${dirname(data)} deleted`);
  },
);
