import type { CheckpointStore } from "../../../core/ingestion/ports.js";
import type { PostgresPool } from "./postgres-pool.js";

export function createPostgresCheckpointStore(pool: PostgresPool): CheckpointStore {
  return {
    async read(source) {
      const { rows } = await pool.query<{ state: unknown }>("SELECT state FROM ingest_checkpoints WHERE source = $1", [
        source,
      ]);
      return rows[0] ? rows[0].state : null;
    },
    async write(source, state) {
      await pool.query(
        `INSERT INTO ingest_checkpoints (source, state, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (source) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        // Serialised here: node-postgres would send a JavaScript array as a PostgreSQL array, not JSON.
        [source, JSON.stringify(state)],
      );
    },
    async clear(source) {
      await pool.query("DELETE FROM ingest_checkpoints WHERE source = $1", [source]);
    },
  };
}
