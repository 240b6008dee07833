import { parseArgs } from "node:util";
import { createApp, openMigrator } from "../../app.js";
import { ConfigError, loadConfig } from "../../config.js";
import { importFile } from "./import-command.js";
import { UsageError, migrateCommand } from "./migrate-command.js";
import { serveCommand } from "./serve-command.js";

export const USAGE = `Usage: paperboy <command> [options]

Commands:
  serve                     serve the site and API (imports the bundled sample into an empty hub)
  import FILE [FILE...]     import papers from JSONL or .jsonl.gz (docs/import-format.md)
      --strict              exit with status 2 when any line was rejected
      --quiet               no progress bar or summary
  migrate [status|apply]    show (and apply) database migrations
  help                      this text

Configuration comes from the environment: see docs/configuration.md.`;

/** Runs one command; returns the process exit status. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    }
    const config = loadConfig();
    if (command === "serve") {
      parseArgs({ args: rest, options: {} });
      await serveCommand(createApp(config));
      return -1; // keeps running until a signal
    }
    if (command === "import") return await runImport(config, rest);
    if (command === "migrate") {
      const migrator = openMigrator(config);
      try {
        await migrateCommand(migrator, rest[0]);
      } finally {
        await migrator.close();
      }
      return 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof UsageError) console.error(`paperboy: ${error.message}\n\n${USAGE}`);
    else if (isParseArgsError(error)) console.error(`paperboy: ${(error as Error).message}\n\n${USAGE}`);
    else throw error;
    return 1;
  }
}

async function runImport(config: ReturnType<typeof loadConfig>, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { strict: { type: "boolean" }, quiet: { type: "boolean" } },
  });
  if (positionals.length === 0) throw new UsageError("import needs at least one FILE");
  const app = createApp(config);
  let rejected = 0;
  try {
    for (const file of positionals) {
      try {
        rejected += (await importFile(app, file, { quiet: values.quiet })).rejected;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (
          code !== "ENOENT" &&
          code !== "EACCES" &&
          code !== "EISDIR" &&
          code !== "Z_DATA_ERROR" &&
          code !== "Z_BUF_ERROR"
        ) {
          throw error;
        }
        console.error(`paperboy: ${file}: ${describeFileError(error as NodeJS.ErrnoException)}`);
        return 1;
      }
    }
  } finally {
    await app.close();
  }
  return values.strict && rejected > 0 ? 2 : 0;
}

function describeFileError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return `the gzip stream is corrupt or truncated (${error.message}); the lines before the damage were imported`;
  }
}

function isParseArgsError(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown })?.code === "string" &&
    (error as { code: string }).code.startsWith("ERR_PARSE_ARGS")
  );
}
