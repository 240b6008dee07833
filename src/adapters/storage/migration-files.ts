import { readFileSync, readdirSync } from "node:fs";

/** One numbered SQL migration file (`003_search.sql`), for any backend's folder. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** The migrations of a folder, in version order; other files are ignored. */
export function loadMigrationFiles(dir: string): Migration[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2]!,
      sql: readFileSync(`${dir}/${file}`, "utf8"),
    }))
    .sort((a, b) => a.version - b.version);
}
