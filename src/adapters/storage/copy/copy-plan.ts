/**
 * Which tables and columns `paperboy copy` moves from a SQLite database to PostgreSQL, and in
 * what order. Both schemas are read from the live databases, so a migration written for one
 * backend only is caught here as a named mismatch instead of silently losing data.
 */

/** A column as its database describes it: SQLite's declared type or PostgreSQL's data_type. */
export interface ColumnSchema {
  name: string;
  type: string;
  /** PostgreSQL identity column (GENERATED … AS IDENTITY): its sequence is moved past the copied ids. */
  identity?: boolean;
}

export interface TableSchema {
  name: string;
  columns: ColumnSchema[];
  /** SQLite: the primary key columns, read in this order so parents precede children. */
  primaryKey?: string[];
  /** PostgreSQL: tables this one has foreign keys to. */
  references?: string[];
}

export interface CopyColumn {
  name: string;
  /** The target's type, which decides the conversion (copy-values.ts). */
  targetType: string;
}

export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  identityColumns: string[];
  /** ORDER BY for the source read: the primary key, else SQLite's rowid. */
  orderBy: string[];
}

/**
 * Tables the target rebuilds or that belong to one backend's machinery: the FTS5 indexes and
 * their shadow tables, search's change log, impact lists and postings, and the migration log.
 */
export const SQLITE_DERIVED: readonly (string | RegExp)[] = [
  "schema_migrations",
  "search_changes",
  "search_impact_lists",
  "search_impact_state",
  "search_list_build",
  "search_list_build_atoms",
  "search_word_postings",
  /^sqlite_/,
  /^paper_search($|_)/,
  /^paper_author_index($|_)/,
];

/**
 * paper_authors is PostgreSQL's author index: rebuilt from papers.authors as papers are copied.
 * api_rate_buckets holds the API limit's counts of the last minutes (SQLite keeps them in memory).
 */
export const POSTGRES_DERIVED: readonly (string | RegExp)[] = [
  "schema_migrations",
  "api_rate_buckets",
  "search_changes",
  "search_epoch",
  "search_followers",
  "search_pruned",
  "paper_authors",
];

export class SchemaMismatchError extends Error {
  constructor(readonly problems: string[]) {
    super(`the two schemas differ, so nothing was copied:\n  ${problems.join("\n  ")}`);
    this.name = "SchemaMismatchError";
  }
}

export function isDerived(name: string, skip: readonly (string | RegExp)[]): boolean {
  return skip.some((s) => (typeof s === "string" ? s === name : s.test(name)));
}

/**
 * The copy plan: every non-derived table of both sides, parents before children. Throws
 * SchemaMismatchError naming each table or column present on one side only.
 */
export function planCopy(source: readonly TableSchema[], target: readonly TableSchema[]): CopyTable[] {
  const sources = new Map(source.filter((t) => !isDerived(t.name, SQLITE_DERIVED)).map((t) => [t.name, t]));
  const targets = new Map(target.filter((t) => !isDerived(t.name, POSTGRES_DERIVED)).map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const name of sources.keys())
    if (!targets.has(name)) problems.push(`table ${name} exists only in the SQLite database`);
  for (const name of targets.keys())
    if (!sources.has(name)) problems.push(`table ${name} exists only in the PostgreSQL database`);
  const plan: CopyTable[] = [];
  for (const to of sortByReferences([...targets.values()])) {
    const from = sources.get(to.name);
    if (!from) continue;
    const fromNames = new Set(from.columns.map((c) => c.name));
    const toNames = new Set(to.columns.map((c) => c.name));
    for (const c of from.columns)
      if (!toNames.has(c.name)) problems.push(`column ${to.name}.${c.name} exists only in the SQLite database`);
    for (const c of to.columns)
      if (!fromNames.has(c.name)) problems.push(`column ${to.name}.${c.name} exists only in the PostgreSQL database`);
    plan.push({
      name: to.name,
      columns: to.columns.filter((c) => fromNames.has(c.name)).map((c) => ({ name: c.name, targetType: c.type })),
      identityColumns: to.columns.filter((c) => c.identity).map((c) => c.name),
      orderBy: from.primaryKey && from.primaryKey.length > 0 ? from.primaryKey : ["rowid"],
    });
  }
  if (problems.length > 0) throw new SchemaMismatchError(problems);
  return plan;
}

/** Tables in foreign-key order (a table's own self-reference, e.g. comment replies, is ignored). */
function sortByReferences(tables: readonly TableSchema[]): TableSchema[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const sorted: TableSchema[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: TableSchema) => {
    if (placed.has(table.name)) return;
    if (visiting.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    visiting.add(table.name);
    for (const ref of table.references ?? []) {
      const parent = byName.get(ref);
      if (parent && ref !== table.name) visit(parent);
    }
    visiting.delete(table.name);
    placed.add(table.name);
    sorted.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table);
  return sorted;
}
