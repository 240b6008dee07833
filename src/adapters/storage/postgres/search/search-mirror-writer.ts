import type { SqliteDatabase } from "../../sqlite/sqlite-database.js";

/** The columns of a PostgreSQL paper that the mirror holds, as node-postgres returns them. */
export const MIRRORED_COLUMNS = `p.seq, p.id, p.version, p.title, p.abstract, p.authors, p.categories,
  p.published_at, p.updated_at, p.imported_at, p.github_repo`;

export interface MirroredPaper {
  readonly seq: number;
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly abstract: string;
  readonly authors: string[];
  readonly categories: string[];
  readonly published_at: string;
  readonly updated_at: string;
  readonly imported_at: string;
  readonly github_repo: string | null;
}

/** What a paper's latest state says the mirror should do with its seq. */
export type MirrorWrite = { readonly seq: number; readonly paper: MirroredPaper | null };

/**
 * Writes papers into the mirror's `papers` table in the SQLite storage's own forms (authors as
 * a JSON array, categories space-separated, instants as ISO strings: the pool already returns
 * those), so the FTS5 triggers index them exactly as the SQLite backend would.
 */
export function createMirrorWriter(db: SqliteDatabase): (writes: readonly MirrorWrite[]) => void {
  const upsert = db.prepare(
    `INSERT INTO papers (seq, id, version, title, abstract, authors, categories, published_at, updated_at,
       imported_at, github_repo)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (seq) DO UPDATE SET id = excluded.id, version = excluded.version, title = excluded.title,
       abstract = excluded.abstract, authors = excluded.authors, categories = excluded.categories,
       published_at = excluded.published_at, updated_at = excluded.updated_at,
       imported_at = excluded.imported_at, github_repo = excluded.github_repo`,
  );
  // A paper deleted and imported again has a new seq; its old row may still be here when the
  // new one arrives first (changes come in transaction order, not commit order).
  const dropOtherSeq = db.prepare("DELETE FROM papers WHERE id = ? AND seq <> ?");
  const remove = db.prepare("DELETE FROM papers WHERE seq = ?");
  return (writes) => {
    for (const { seq, paper } of writes) {
      if (paper === null) {
        remove.run(seq);
        continue;
      }
      dropOtherSeq.run(paper.id, seq);
      upsert.run(
        seq,
        paper.id,
        paper.version,
        paper.title,
        paper.abstract,
        JSON.stringify(paper.authors),
        paper.categories.join(" "),
        paper.published_at,
        paper.updated_at,
        paper.imported_at,
        paper.github_repo,
      );
    }
  };
}
