// A real, throwaway PostgreSQL server for tests: the system's initdb and pg_ctl build a
// cluster in a temporary folder, started once per test process and deleted at exit. It
// listens only on a Unix socket inside that folder (no TCP port to collide on), with
// fsync off: the data is worthless after the run, so durability only costs time.
// @see https://www.postgresql.org/docs/current/non-durability.html
// A test process killed outright (SIGKILL, a runner's timeout) runs no exit handler, so a
// watchdog process started with the cluster stops and deletes it then (startWatchdog).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** Set by .ci/run: a machine without PostgreSQL fails the suite instead of skipping it. */
const REQUIRE_ENV = "PAPERBOY_REQUIRE_POSTGRES";
const START_TIMEOUT_S = 30;
/** Unprivileged account the server runs as when the tests run as root (initdb refuses root). */
const FALLBACK_USER = { name: "nobody", uid: 65534, gid: 65534 };

export interface TestPostgresOptions {
  /**
   * Keep fsync and full-page writes on (commits still not waited for, like SQLite's WAL with
   * synchronous=NORMAL) and give the server 512 MB of shared buffers: what the bench measures,
   * so PostgreSQL is not flattered by settings no operator runs. Tests leave it off.
   */
  readonly durable?: boolean;
}

export interface TestPostgres {
  /** Creates an empty database and returns its connection URL. */
  createDatabase(): Promise<string>;
}

let server: Promise<TestPostgres> | null = null;

/**
 * The process's test server, started on first call; null (after a loud warning) when no
 * PostgreSQL binaries exist here, unless PAPERBOY_REQUIRE_POSTGRES=1, which throws instead.
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres | null> {
  const bin = findPostgresBin();
  if (!bin) {
    const message = `PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin`;
    if (process.env[REQUIRE_ENV] === "1") throw new Error(`${message}, and ${REQUIRE_ENV}=1`);
    console.warn(`\n!!! SKIPPING the PostgreSQL tests: ${message}. Install postgresql to run them. !!!\n`);
    return null;
  }
  // One server per process, with the options of the first call.
  server ??= Promise.resolve().then(() => startCluster(bin, options));
  return server;
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders, newest first. */
export function findPostgresBin(): string | null {
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const candidates = [...(process.env.PATH ?? "").split(delimiter), ...debian, "/usr/local/bin"];
  return (
    candidates.find((dir) => dir !== "" && isExecutable(join(dir, "initdb")) && isExecutable(join(dir, "pg_ctl"))) ??
    null
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function startCluster(bin: string, settings: TestPostgresOptions): TestPostgres {
  const root = mkdtempSync(join(tmpdir(), "paperboy-pg-"));
  const data = join(root, "data");
  const asUser = runAs(root);
  const run = (tool: string, args: string[]) => {
    const [command, ...prefix] = [...asUser, join(bin, tool)];
    execFileSync(command!, [...prefix, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C", TZ: "UTC" },
    });
  };
  let watchdog: ChildProcess | null = null;
  const stop = () => {
    // The cluster goes now: the watchdog (and its `cat`, one process group) has nothing left to do.
    if (watchdog?.pid !== undefined) {
      try {
        process.kill(-watchdog.pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
    try {
      run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]);
    } catch {
      // Not running (start failed): nothing to stop.
    }
    rmSync(root, { recursive: true, force: true });
  };
  // Before initdb: a process killed while the server starts leaves nothing behind either.
  watchdog = startWatchdog([...asUser, join(bin, "pg_ctl")], data, root);
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const durability = settings.durable ? ["-c shared_buffers=512MB"] : ["-c fsync=off", "-c full_page_writes=off"];
    const options = [
      `-k ${root}`,
      "-c listen_addresses=''",
      ...durability,
      "-c synchronous_commit=off",
      "-c max_connections=200",
    ].join(" ");
    run("pg_ctl", [
      "start",
      "-D",
      data,
      "-l",
      join(root, "server.log"),
      "-w",
      "-t",
      String(START_TIMEOUT_S),
      "-o",
      options,
    ]);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    const log = existsSync(join(root, "server.log")) ? readFileSync(join(root, "server.log"), "utf8") : "";
    stop();
    throw new Error(`could not start a test PostgreSQL with ${bin}: ${stderr}${log}`, { cause: error });
  }
  process.once("exit", stop);

  // allowExitOnIdle: an idle admin connection must not keep the test process alive.
  const admin = new pg.Pool({ host: root, user: "postgres", database: "postgres", max: 1, allowExitOnIdle: true });
  return {
    async createDatabase() {
      const name = `paperboy_test_${randomBytes(6).toString("hex")}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgres://postgres@/${name}?host=${encodeURIComponent(root)}`;
    },
  };
}

/**
 * A detached shell that waits for this process to end, however it ends, then stops the
 * cluster (`pg_ctl stop -m immediate`) and deletes its folder; after a normal exit both are
 * gone already and it does nothing. It learns of the end from a pipe, not by polling a pid:
 * the kernel closes this process's end of the pipe when it dies (zombie or not), so the
 * shell's read returns at once, and a pid reused by another process cannot fool it. Detached
 * (its own session), so a signal to the test's process group does not take it along, and
 * unreferenced, so it never keeps the test process alive.
 */
function startWatchdog(pgCtl: string[], data: string, root: string): ChildProcess {
  // A server still starting (pg_ctl start outlives a killed test) cannot be stopped yet: retry a few times.
  const script = `data=$1 root=$2; shift 2; cat >/dev/null
    for attempt in 1 2 3 4 5; do "$@" stop -D "$data" -m immediate -w && break; [ -d "$data" ] || break; sleep 2; done
    rm -rf "$root"`;
  const child = spawn("/bin/sh", ["-c", script, "paperboy-pg-watchdog", data, root, ...pgCtl], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  child.unref();
  (child.stdin as { unref?: () => void } | null)?.unref?.();
  return child;
}

/**
 * The command prefix that drops root privileges for initdb and pg_ctl (and so the server),
 * empty when not root. setpriv (util-linux, in every Debian) needs no PAM session, unlike su.
 */
function runAs(root: string): string[] {
  if (userInfo().uid !== 0) return [];
  const user = FALLBACK_USER;
  chownSync(root, user.uid, user.gid);
  return ["setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--"];
}
