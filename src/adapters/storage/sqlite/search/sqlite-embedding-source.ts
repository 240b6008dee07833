import type { EmbeddingChange, EmbeddingSource, EmbeddingText } from "../../../../core/search/ports.js";
import type { SqliteDatabase } from "../sqlite-database.js";

/**
 * Paper texts for the semantic indexer, in `seq` order, and the log of text changes (the log
 * also holds changes of authors, categories and dates, which the vectors do not depend on).
 */
export function createSqliteEmbeddingSource(db: SqliteDatabase): EmbeddingSource {
  const after = db.prepare<[number, number], EmbeddingText>(
    "SELECT seq, title, abstract FROM papers WHERE seq > ? ORDER BY seq LIMIT ?",
  );
  const changes = db.prepare<
    [number, number],
    { changeId: number; seq: number; title: string | null; abstract: string | null }
  >(
    `SELECT c.change_id AS changeId, c.seq AS seq, p.title AS title, p.abstract AS abstract
     FROM search_changes c LEFT JOIN papers p ON p.seq = c.seq
     WHERE c.change_id > ? AND c.text_changed = 1 ORDER BY c.change_id LIMIT ?`,
  );
  const latest = db.prepare<[], { id: number | null }>("SELECT max(change_id) AS id FROM search_changes");
  const stats = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM papers");
  // Every seq (SQLite reads them from the smallest index, not the rows), to sample by rank.
  const allSeqs = db.prepare<[], number>("SELECT seq FROM papers").pluck();
  const bySeqs = db.prepare<[string], EmbeddingText>(
    "SELECT seq, title, abstract FROM papers WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq",
  );

  return {
    async papersAfter(afterSeq, limit) {
      return after.all(afterSeq, limit);
    },
    async changesAfter(afterChangeId, limit): Promise<EmbeddingChange[]> {
      return changes.all(afterChangeId, limit).map((row) => ({
        changeId: row.changeId,
        seq: row.seq,
        text:
          row.title === null || row.abstract === null
            ? null
            : { seq: row.seq, title: row.title, abstract: row.abstract },
      }));
    },
    async latestChangeId() {
      return latest.get()?.id ?? 0;
    },
    async samplePapers(limit) {
      // Evenly spaced ranks in seq order: an even spread over import history, the same sample
      // every time, and `limit` papers whenever there are that many, however gapped the seqs
      // (deleted papers here; a PostgreSQL mirror's seqs skip a value at every re-import).
      if (limit <= 0) return [];
      const seqs = Int32Array.from(allSeqs.all()).sort();
      const count = Math.min(limit, seqs.length);
      const step = count > 1 ? (seqs.length - 1) / (count - 1) : 0;
      const picked = new Set<number>();
      for (let i = 0; i < count; i++) picked.add(seqs[Math.round(i * step)] as number);
      return bySeqs.all(JSON.stringify([...picked]));
    },
    async countPapers() {
      return stats.get()?.n ?? 0;
    },
  };
}
