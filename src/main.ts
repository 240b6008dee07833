import { runCli } from "./delivery/cli/cli.js";

/** The one binary: `paperboy serve`, `paperboy import`, … (see `paperboy help`). */
const status = await runCli(process.argv.slice(2));
if (status >= 0) process.exitCode = status;
