import { parseArgs } from "node:util";
import { type App, openApp, openMigrator } from "../../app.js";
import { DatabaseOpenError } from "../../adapters/storage/open-storage.js";
import { type Config, ConfigError, type ProcessRole, loadConfig } from "../../config.js";
import { runAddCommand } from "./add-command.js";
import { runIngestArxivCommand } from "./ingest-arxiv-command.js";
import { runIngestGithubCommand } from "./ingest-github-command.js";
import { runIngestHfCommand } from "./ingest-hf-command.js";
import { runIngestSnapshotCommand } from "./ingest-snapshot-command.js";
import { runIngestOaiCommand } from "./ingest-oai-command.js";
import { runReindexCommand } from "./reindex-command.js";
import { runDigestCommand } from "./digest-command.js";
import { runJobsCommand } from "./jobs-command.js";
import { importFile } from "./import-command.js";
import { UsageError, migrateCommand } from "./migrate-command.js";
import { serveCommand } from "./serve-command.js";
import { runUserCommand } from "./user-command.js";
import { runCopyCommand } from "./copy-command.js";
import { describeFileError } from "./command-output.js";

export const USAGE = `Usage: paperboy <command> [options]

Commands:
  serve [--role ROLES]      serve the site and API and run scheduled jobs (imports the bundled
                            sample into an empty hub); ROLES: web,worker,scheduler (default all)
  ingest arxiv [--category C]... [--from DAY [--to DAY]] [--quiet]
                            papers submitted in a window (arXiv API, resumable); without
                            --from, today's announcements (arXiv listing feeds)
  ingest oai --set SET --from DAY [--until DAY] [--prefix arXiv|arXivRaw] [--restart] [--quiet]
                            harvest arXiv metadata over OAI-PMH, checkpointed after every page:
                            an interrupted harvest resumes where it stopped
  ingest snapshot FILE [--strict] [--quiet]
                            import the Kaggle/Cornell arxiv-metadata-oai-snapshot (JSONL or .gz)
  ingest hf [--from DAY] [--to DAY] [--restart] [--quiet]
                            Hugging Face Daily Papers of each day (today by default), resumable
  ingest github [--limit N] [--quiet]
                            record today's star count of each linked GitHub repository
                            (each at most once per 20 h; GITHUB_TOKEN raises the rate limit)
  add ID|URL [ID|URL...]    fetch papers from arXiv by id or URL and import them
  jobs [list]               the job schedule: last run, next run, last error, counts
  jobs run NAME             run a job now for its current slot
  import FILE [FILE...]     import papers from JSONL or .jsonl.gz (docs/import-format.md)
      --strict              exit with status 2 when any line was rejected
      --quiet               no progress bar or summary
  reindex [--keyword] [--semantic]
                            rebuild search's impact lists and embeddings (both by default)
  user create --email E --role R [--handle H] [--name N] [--password P]
                            an account with a confirmed address; R: user, curator, moderator,
                            admin; without --password it is asked for (or read from stdin)
  user role --email E --role R
                            change an account's role
  digest send --list daily|weekly [--dry-run] [--to ADDRESS] [--out DIR]
                            prepare the list's due issue and send the outbox; --dry-run
                            counts, sends nothing; --to mails one preview to ADDRESS; --out
                            writes each subscriber's .eml/.html/.txt to DIR, sends nothing
  digest resume --issue ID  continue an issue paused by a 5.7.x refusal or the circuit breaker
  migrate [status|apply]    show (and apply) database migrations
  copy --from sqlite:PATH --to postgres://…
                            copy every table into a new, empty PostgreSQL database and verify counts
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
      const { values } = parseArgs({ args: rest, options: { role: { type: "string" } } });
      await serveCommand(await openApp(config), values.role ? parseRoles(values.role) : config.roles);
      return -1; // keeps running until a signal
    }
    if (command === "jobs") return await withApp(config, (app) => runJobsCommand(app, rest));
    if (command === "add") return await withApp(config, (app) => runAddCommand(app, rest));
    if (command === "user") return await withApp(config, (app) => runUserCommand(app, rest));
    if (command === "digest") return await withApp(config, (app) => runDigestCommand(app, rest));
    if (command === "reindex") return await withApp(config, (app) => runReindexCommand(app, rest));
    if (command === "ingest") return await runIngest(config, rest);
    if (command === "import") return await runImport(config, rest);
    if (command === "copy") return await runCopyCommand(rest);
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
    if (error instanceof ConfigError || error instanceof DatabaseOpenError) console.error(error.message);
    else if (error instanceof UsageError) console.error(`paperboy: ${error.message}\n\n${USAGE}`);
    else if (isParseArgsError(error)) console.error(`paperboy: ${(error as Error).message}\n\n${USAGE}`);
    else throw error;
    return 1;
  }
}

const ROLES: readonly ProcessRole[] = ["web", "worker", "scheduler"];

function parseRoles(value: string): ProcessRole[] {
  const roles = value.split(",").map((r) => r.trim());
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length > 0 || roles.length === 0)
    throw new UsageError(`--role takes a comma-separated list of ${ROLES.join(", ")}`);
  return roles as ProcessRole[];
}

async function withApp(config: Config, command: (app: App) => Promise<number>): Promise<number> {
  const app = await openApp(config);
  try {
    return await command(app);
  } finally {
    await app.close();
  }
}

const INGEST_COMMANDS: Record<string, (app: App, args: string[]) => Promise<number>> = {
  arxiv: runIngestArxivCommand,
  oai: runIngestOaiCommand,
  github: runIngestGithubCommand,
  hf: runIngestHfCommand,
  snapshot: runIngestSnapshotCommand,
};

async function runIngest(config: Config, [source, ...args]: string[]): Promise<number> {
  const command = source === undefined ? undefined : INGEST_COMMANDS[source];
  if (!command) throw new UsageError(`ingest needs a source: ${Object.keys(INGEST_COMMANDS).join(", ")}`);
  return withApp(config, (app) => command(app, args));
}

async function runImport(config: ReturnType<typeof loadConfig>, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { strict: { type: "boolean" }, quiet: { type: "boolean" } },
  });
  if (positionals.length === 0) throw new UsageError("import needs at least one FILE");
  const app = await openApp(config);
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

function isParseArgsError(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown })?.code === "string" &&
    (error as { code: string }).code.startsWith("ERR_PARSE_ARGS")
  );
}
