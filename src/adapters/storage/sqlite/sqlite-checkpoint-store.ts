import type { CheckpointStore } from "../../../core/ingestion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

export function createSqliteCheckpointStore(db: SqliteDatabase): CheckpointStore {
  const read = db.prepare<[string], { state: string }>("SELECT state FROM ingest_checkpoints WHERE source = ?");
  const write = db.prepare(`INSERT INTO ingest_checkpoints (source, state, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`);
  const clear = db.prepare("DELETE FROM ingest_checkpoints WHERE source = ?");
  return {
    async read(source) {
      const row = read.get(source);
      return row ? (JSON.parse(row.state) as unknown) : null;
    },
    async write(source, state) {
      write.run(source, JSON.stringify(state), new Date().toISOString());
    },
    async clear(source) {
      clear.run(source);
    },
  };
}
