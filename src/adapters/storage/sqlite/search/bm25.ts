import type { SqliteDatabase } from "../sqlite-database.js";

/**
 * FTS5's bm25() over `paper_search`, and the parts of its formula the pruned search computes
 * itself. They must agree exactly with SQLite's implementation (ext/fts5/fts5_aux.c), which
 * a test checks: k1 = 1.2, b = 0.75, phrase frequency weighted by column, document length
 * counted over every column, idf = ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6.
 * @see https://www.sqlite.org/fts5.html#the_bm25_function
 */

/**
 * Weights of the columns (title, abstract, authors, facets), chosen on the relevance
 * evaluation (docs/search.md): a word in the title counts as several in the abstract.
 * Facets are filter terms and never score.
 */
export const COLUMN_WEIGHTS = [4, 1, 2, 0] as const;
export const BM25 = `bm25(paper_search, ${COLUMN_WEIGHTS.join(", ")})`;
const K1 = 1.2;
const B = 0.75;

export function bm25Idf(papers: number, matching: number): number {
  const idf = Math.log((papers - matching + 0.5) / (matching + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** The per-paper part of BM25 for one atom: `score = idf × impact`. */
export function bm25Impact(weightedFrequency: number, documentLength: number, averageLength: number): number {
  const f = weightedFrequency;
  return (f * (K1 + 1)) / (f + K1 * (1 - B + (B * documentLength) / averageLength));
}

/** Reads SQLite varints (big-endian 7-bit groups; a 9th byte carries 8 bits), as FTS5 stores sizes. */
export function readVarints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let j = 0; j < 9 && i < bytes.length; j++) {
      const byte = bytes[i++] ?? 0;
      if (j === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    values.push(value);
  }
  return values;
}

/** Papers in the index and the average length (in tokens, all columns) FTS5's bm25() uses. */
export function readIndexAverages(db: SqliteDatabase): { papers: number; averageLength: number } {
  return createIndexAveragesReader(db)();
}

/** readIndexAverages with its statement prepared once, for code that asks on every search. */
export function createIndexAveragesReader(db: SqliteDatabase): () => { papers: number; averageLength: number } {
  // FTS5 keeps these in its data table under rowid 1: the row count, then tokens per column.
  const select = db.prepare<[], { block: Buffer }>("SELECT block FROM paper_search_data WHERE id = 1");
  return () => {
    const block = select.get()?.block;
    const [papers = 0, ...columns] = block ? readVarints(block) : [];
    const tokens = columns.reduce((sum, n) => sum + n, 0);
    return { papers, averageLength: papers > 0 ? tokens / papers : 0 };
  };
}

/** A paper's length in tokens over all columns, as bm25() counts it. */
export function createDocumentLengthReader(db: SqliteDatabase): (seq: number) => number {
  const select = db.prepare<[number], { sz: Buffer }>("SELECT sz FROM paper_search_docsize WHERE id = ?");
  return (seq) => {
    const sz = select.get(seq)?.sz;
    return sz ? readVarints(sz).reduce((sum, n) => sum + n, 0) : 0;
  };
}
