// Runs every *.test.ts / *.test.tsx under the given folders (default: test, without
// test/slow) with node's test runner and tsx, with test/helpers/no-network.ts loaded
// first so that no test can reach beyond loopback. Node 20's --test does not expand
// globs itself, hence this list.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2);
const folders = roots.length > 0 ? roots : ["test"];
const skip = roots.length > 0 ? [] : [join("test", "slow")];

function findTests(dir) {
  if (skip.includes(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : findTests(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = folders.flatMap(findTests).sort();
if (files.length === 0) {
  console.error(`no test files under ${folders.join(", ")}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--import",
    "./test/helpers/no-network.ts",
    "--test",
    "--test-concurrency=2",
    "--test-reporter=spec",
    ...files,
  ],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
