import { parseArgs } from "node:util";
import { type TableCount, copySqliteToPostgres } from "../../adapters/storage/copy/copy-database.js";
import { UsageError } from "./migrate-command.js";

/**
 * `paperboy copy --from sqlite:PATH --to postgres://…`: moves an instance from its SQLite file
 * to a new, empty PostgreSQL database (docs/deployment.md, "Moving an instance"). Prints each
 * table's rows on both sides; exits 1 when any count differs or the copy was refused.
 */
export async function runCopyCommand(
  args: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: "string" }, to: { type: "string" } } });
  if (!values.from?.startsWith("sqlite:") || values.from.length <= "sqlite:".length)
    throw new UsageError("copy needs --from sqlite:PATH");
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) throw new UsageError("copy needs --to postgres://…");
  let counts: TableCount[];
  try {
    counts = await copySqliteToPostgres(values.from.slice("sqlite:".length), values.to, {
      progress: (table, rows) => err.write(`copy: ${table}: ${rows} rows\n`),
    });
  } catch (error) {
    // The message names tables and columns, never the URL (it may hold a password).
    err.write(`paperboy copy: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  out.write(formatCounts(counts));
  const differing = counts.filter((c) => c.sourceRows !== c.copiedRows);
  if (differing.length > 0) {
    err.write(`paperboy copy: row counts differ in ${differing.map((c) => c.name).join(", ")}\n`);
    return 1;
  }
  out.write(`all ${counts.length} tables copied, row counts match\n`);
  return 0;
}

export function formatCounts(counts: readonly TableCount[]): string {
  const width = Math.max(5, ...counts.map((c) => c.name.length));
  const line = (name: string, source: string, copied: string, mark = "") =>
    `${name.padEnd(width)}  ${source.padStart(10)}  ${copied.padStart(10)}${mark}\n`;
  return (
    line("table", "source", "copied") +
    counts
      .map((c) =>
        line(c.name, String(c.sourceRows), String(c.copiedRows), c.sourceRows === c.copiedRows ? "" : "  MISMATCH"),
      )
      .join("")
  );
}
