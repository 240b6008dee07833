import type { EmbeddingChange, EmbeddingSource, EmbeddingText } from "../../../../core/search/ports.js";
import type { SqliteDatabase } from "../sqlite-database.js";

/** Paper texts for the semantic indexer, in `seq` order, and the log of text changes. */
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
     WHERE c.change_id > ? ORDER BY c.change_id LIMIT ?`,
  );
  const latest = db.prepare<[], { id: number | null }>("SELECT max(change_id) AS id FROM search_changes");
  const stats = db.prepare<[], { n: number; minSeq: number | null; maxSeq: number | null }>(
    "SELECT count(*) AS n, min(seq) AS minSeq, max(seq) AS maxSeq FROM papers",
  );
  // The first paper at or after each of evenly spaced seqs: an even spread over import history,
  // the same sample every time, and whole even where seqs have gaps (deleted papers here; a
  // PostgreSQL mirror's seqs skip a value at every re-import).
  const atOrAfter = db.prepare<[number], EmbeddingText>(
    "SELECT seq, title, abstract FROM papers WHERE seq >= ? ORDER BY seq LIMIT 1",
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
      const { n, minSeq, maxSeq } = stats.get() ?? { n: 0, minSeq: null, maxSeq: null };
      if (minSeq === null || maxSeq === null || limit <= 0) return [];
      const count = Math.min(limit, n);
      const step = count > 1 ? (maxSeq - minSeq) / (count - 1) : 0;
      const sample = new Map<number, EmbeddingText>();
      for (let i = 0; i < count; i++) {
        const paper = atOrAfter.get(minSeq + Math.round(i * step));
        if (paper !== undefined) sample.set(paper.seq, paper);
      }
      return [...sample.values()];
    },
    async countPapers() {
      return stats.get()?.n ?? 0;
    },
  };
}
