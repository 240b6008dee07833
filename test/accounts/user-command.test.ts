import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

function paperboy(dataDir: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    env: { ...process.env, PAPERBOY_DATA_DIR: dataDir, LOG_LEVEL: "silent", PAPERBOY_EMBEDDER: "off" },
    encoding: "utf8",
    input: input ?? "",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readUser(dataDir: string, email: string) {
  const db = new Database(join(dataDir, "paperboy.sqlite"), { readonly: true });
  try {
    return db.prepare("SELECT handle, role, email_verified_at, password_hash FROM users WHERE email = ?").get(email) as
      { handle: string; role: string; email_verified_at: string | null; password_hash: string } | undefined;
  } finally {
    db.close();
  }
}

describe("paperboy user", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-user-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a confirmed admin with --password, hashing it with argon2id", () => {
    const run = paperboy(dir, [
      "user",
      "create",
      "--email",
      "Root@Example.org",
      "--role",
      "admin",
      "--password",
      "a long admin passphrase",
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /created @root \(root@example\.org\), role admin/);
    const user = readUser(dir, "root@example.org");
    assert.equal(user?.role, "admin");
    assert.ok(user?.email_verified_at);
    assert.match(user!.password_hash, /^\$argon2id\$/);
    assert.ok(!run.stdout.includes("a long admin passphrase"));
  });

  it("reads the password from stdin when it is not a terminal", () => {
    const run = paperboy(
      dir,
      ["user", "create", "--email", "cur@example.org", "--role", "curator", "--handle", "ak-curator"],
      "piped passphrase here\n",
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readUser(dir, "cur@example.org")?.handle, "ak-curator");
  });

  it("changes a role, and refuses bad input with a message and status 1", () => {
    const run = paperboy(dir, ["user", "role", "--email", "cur@example.org", "--role", "moderator"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readUser(dir, "cur@example.org")?.role, "moderator");
    const cases: [string[], RegExp][] = [
      [
        ["user", "role", "--email", "cur@example.org", "--role", "god"],
        /--role takes one of user, curator, moderator, admin/,
      ],
      [["user", "role", "--email", "nobody@example.org", "--role", "user"], /no account has the address/],
      [
        ["user", "create", "--email", "root@example.org", "--role", "user", "--password", "another passphrase"],
        /already has the address/,
      ],
      [
        ["user", "create", "--email", "x@example.org", "--role", "user", "--password", "short"],
        /at least 10 characters/,
      ],
      [["user", "create", "--email", "nope", "--role", "user", "--password", "long enough pass"], /--email/],
      [["user", "frobnicate", "--email", "x@example.org", "--role", "user"], /subcommand/],
    ];
    for (const [args, message] of cases) {
      const bad = paperboy(dir, args);
      assert.equal(bad.status, 1, args.join(" "));
      assert.match(bad.stderr, message);
    }
    assert.equal(paperboy(dir, ["user", "create", "--email", "empty@example.org", "--role", "user"], "").status, 1);
  });
});
