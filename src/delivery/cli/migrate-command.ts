import type { App } from "../../app.js";

/** `paperboy migrate [status]`: migrations are applied when the app opens its database; this reports them. */
export async function migrateCommand(app: App, sub: string | undefined, out: NodeJS.WritableStream = process.stdout) {
  if (sub !== undefined && sub !== "status" && sub !== "apply") {
    throw new UsageError(`unknown migrate subcommand "${sub}": use "status" or "apply"`);
  }
  const status = await app.storage.migrationStatus();
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
