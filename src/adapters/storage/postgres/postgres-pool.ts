import pg from "pg";

export type PostgresPool = pg.Pool;
/** A pool or one checked-out client inside a transaction: both run queries. */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Connections per process unless DATABASE_POOL_SIZE says otherwise; PostgreSQL's default
 * max_connections is 100 for every process together.
 */
export const DEFAULT_POOL_SIZE = 10;
/** A statement running longer than this is cancelled by the server. */
const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Results as the ports expect them: instants (timestamptz) as ISO 8601 UTC strings, days
 * (date) as `YYYY-MM-DD`, and 64-bit integers (ids, counts) as numbers.
 * @see https://node-postgres.com/features/types
 */
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, "text");
const PORT_TYPES: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.TIMESTAMPTZ)
      return (value: string) => (parseTimestamptz(value) as Date).toISOString();
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

/**
 * A connection pool on `url` (postgres://…). Every session runs in UTC, so a `date`
 * compared with a `timestamptz` means midnight UTC, as days do everywhere in the hub.
 */
export function createPostgresPool(
  url: string,
  options: { allowExitOnIdle?: boolean; poolSize?: number } = {},
): PostgresPool {
  return new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types: PORT_TYPES,
    options: `-c TimeZone=UTC -c statement_timeout=${STATEMENT_TIMEOUT_MS}`,
    allowExitOnIdle: options.allowExitOnIdle ?? false,
  });
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(pool: PostgresPool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
