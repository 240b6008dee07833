import type { SqliteDatabase } from "../sqlite/sqlite-database.js";
import type { Queryable } from "../postgres/postgres-pool.js";
import type { TableSchema } from "./copy-plan.js";

/** Every table of the SQLite file (FTS5 virtual tables included: the plan skips them by name). */
export function readSqliteSchema(db: SqliteDatabase): TableSchema[] {
  const names = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
  return names.map((name) => {
    const info = db.pragma(`table_info(${quote(name)})`) as { name: string; type: string; pk: number }[];
    return {
      name,
      columns: info.map((c) => ({ name: c.name, type: c.type })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    };
  });
}

/** Every base table of the public schema, with identity columns and foreign-key parents. */
export async function readPostgresSchema(db: Queryable): Promise<TableSchema[]> {
  const { rows: columns } = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_identity: string;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const { rows: references } = await db.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
       FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
  );
  const tables = new Map<string, TableSchema>();
  for (const c of columns) {
    const table = tables.get(c.table_name) ?? { name: c.table_name, columns: [], references: [] };
    table.columns.push({ name: c.column_name, type: c.data_type, identity: c.is_identity === "YES" });
    tables.set(c.table_name, table);
  }
  for (const r of references) tables.get(r.child)?.references?.push(r.parent);
  return [...tables.values()];
}

/** A double-quoted identifier (both dialects). */
export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
