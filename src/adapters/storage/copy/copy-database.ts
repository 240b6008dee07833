import { existsSync } from "node:fs";
import type pg from "pg";
import { openSqliteDatabase, type SqliteDatabase } from "../sqlite/sqlite-database.js";
import { applySqliteMigrations } from "../sqlite/sqlite-migrations.js";
import { createPostgresMigrator } from "../postgres/postgres-migrator.js";
import { createPostgresPool, withTransaction, type Queryable } from "../postgres/postgres-pool.js";
import { toAuthorKey } from "../postgres/postgres-rows.js";
import { type CopyTable, planCopy } from "./copy-plan.js";
import { quote, readPostgresSchema, readSqliteSchema } from "./copy-schemas.js";
import { toTargetValue } from "./copy-values.js";

export interface TableCount {
  name: string;
  sourceRows: number;
  copiedRows: number;
}

export interface CopyOptions {
  /** Called after each batch with the table and the rows copied into it so far. */
  progress?: (table: string, rows: number) => void;
}

/** Rows per INSERT, fewer for wide tables: a statement takes at most 65,535 parameters. */
const BATCH_ROWS = 1_000;
const MAX_PARAMETERS = 60_000;

/**
 * PostgreSQL triggers that derive rows of copied tables: paper_votes' trigger adds to
 * papers.upvotes and paper_vote_counts, which arrive already counted from the source.
 */
const DERIVING_TRIGGERS = [{ table: "paper_votes", trigger: "paper_votes_count" }];

export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CopyRefusedError";
  }
}

/**
 * Copies every table of the SQLite file into the empty PostgreSQL database at `targetUrl` in
 * one transaction (migrating both first), moves identity sequences past the copied ids, and
 * returns each table's row count on both sides. Throws SchemaMismatchError or
 * CopyRefusedError before writing anything.
 */
export async function copySqliteToPostgres(
  sourceFile: string,
  targetUrl: string,
  options: CopyOptions = {},
): Promise<TableCount[]> {
  if (!existsSync(sourceFile)) throw new CopyRefusedError(`${sourceFile}: no such SQLite database`);
  const source = openSqliteDatabase(sourceFile);
  try {
    applySqliteMigrations(source);
    const migrator = createPostgresMigrator(targetUrl);
    try {
      await migrator.apply();
    } finally {
      await migrator.close();
    }
    const pool = createPostgresPool(targetUrl, { allowExitOnIdle: true });
    try {
      const plan = planCopy(readSqliteSchema(source), await readPostgresSchema(pool));
      await refuseNonEmpty(pool, [...plan.map((t) => t.name), "paper_authors"]);
      await withTransaction(pool, async (client) => {
        for (const { table, trigger } of DERIVING_TRIGGERS)
          await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER ${quote(trigger)}`);
        for (const table of plan) await copyTable(source, client, table, options);
        for (const { table, trigger } of DERIVING_TRIGGERS)
          await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER ${quote(trigger)}`);
        for (const table of plan) await resetIdentities(client, table);
      });
      return await countRows(source, pool, plan);
    } finally {
      await pool.end();
    }
  } finally {
    source.close();
  }
}

async function refuseNonEmpty(db: Queryable, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await db.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS present`);
    if (rows[0]!.present)
      throw new CopyRefusedError(
        `the target database is not empty (table ${table} has rows): copy into a newly created database`,
      );
  }
}

async function copyTable(source: SqliteDatabase, client: pg.PoolClient, table: CopyTable, options: CopyOptions) {
  const names = table.columns.map((c) => c.name);
  const read = source.prepare(
    `SELECT ${names.map(quote).join(", ")} FROM ${quote(table.name)} ORDER BY ${table.orderBy.map(quote).join(", ")}`,
  );
  const batchRows = Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / names.length));
  let batch: Record<string, unknown>[] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await insertBatch(client, table, batch);
    copied += batch.length;
    batch = [];
    options.progress?.(table.name, copied);
  };
  for (const row of read.iterate() as Iterable<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  if (copied === 0) options.progress?.(table.name, 0);
}

async function insertBatch(client: pg.PoolClient, table: CopyTable, rows: Record<string, unknown>[]) {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = table.columns.map((c) => {
      values.push(toTargetValue(row[c.name], c.targetType, `${table.name}.${c.name}`));
      return `$${values.length}`;
    });
    return `(${placeholders.join(", ")})`;
  });
  const overriding = table.identityColumns.length > 0 ? " OVERRIDING SYSTEM VALUE" : "";
  await client.query(
    `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(", ")})${overriding} VALUES ${tuples.join(", ")}`,
    values,
  );
  if (table.name === "papers") await insertAuthorKeys(client, rows);
}

/** PostgreSQL's author index (paper_authors), as the importer writes it. */
async function insertAuthorKeys(client: pg.PoolClient, papers: Record<string, unknown>[]) {
  const ids: string[] = [];
  const positions: number[] = [];
  const keys: string[] = [];
  for (const paper of papers) {
    const authors = toTargetValue(paper.authors, "ARRAY", "papers.authors") as string[];
    authors.forEach((name, i) => {
      ids.push(String(paper.id));
      positions.push(i + 1);
      keys.push(toAuthorKey(name));
    });
  }
  await client.query(
    `INSERT INTO paper_authors (paper_id, position, name_key)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`,
    [ids, positions, keys],
  );
}

/** Moves each identity sequence past the largest copied id, so new rows do not collide. */
async function resetIdentities(client: pg.PoolClient, table: CopyTable) {
  for (const column of table.identityColumns) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table.name)}), 0) + 1, false)`,
      [table.name, column],
    );
  }
}

async function countRows(source: SqliteDatabase, target: Queryable, plan: readonly CopyTable[]): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const table of plan) {
    const sourceRows = source.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${quote(table.name)}`).get()!.n;
    const { rows } = await target.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
    counts.push({ name: table.name, sourceRows, copiedRows: rows[0]!.n });
  }
  return counts;
}
