import type { Migrator } from "../../adapters/storage/storage.js";

/**
 * `paperboy migrate [status|apply]`: lists migrations; `apply` applies the pending ones
 * (`serve` and `import` also apply them when they open the database).
 */
export async function migrateCommand(
  migrator: Migrator,
  sub: string | undefined,
  out: NodeJS.WritableStream = process.stdout,
) {
  if (sub !== undefined && sub !== "status" && sub !== "apply") {
    throw new UsageError(`unknown migrate subcommand "${sub}": use "status" or "apply"`);
  }
  if (sub === "apply") {
    for (const m of await migrator.apply()) out.write(`applied ${m.version} ${m.name}\n`);
  }
  const status = await migrator.status();
  for (const m of status) {
    out.write(
      `${String(m.version).padStart(3, "0")} ${m.name.padEnd(30)} ${m.appliedAt ? `applied ${m.appliedAt}` : "pending"}\n`,
    );
  }
  const pending = status.filter((m) => !m.appliedAt).length;
  out.write(pending === 0 ? "database is up to date\n" : `${pending} pending\n`);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
