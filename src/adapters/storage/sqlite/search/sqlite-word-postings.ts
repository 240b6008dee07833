import type { SqliteDatabase } from "../sqlite-database.js";
import { decodeImpacts, decodeSeqGaps, encodeImpacts, encodeSeqGaps } from "./posting-codec.js";
import type { ImpactState } from "./sqlite-impact-lists.js";

/**
 * Complete posting lists of frequent words (migrations/sqlite/007_search_postings.sql): every
 * paper holding the word with its BM25 impact. Written by the impact-list build, read by
 * postings-keyword-search.ts.
 */

/**
 * Decoded lists kept in memory per process (SEARCH_LIST_CACHE_MB); a word in half of a
 * million papers takes 4 MB. The 200-query benchmark mix with filters reads ~200 MiB of
 * lists at a million papers: below that, each round pushes out the lists the next needs.
 */
export const DEFAULT_POSTINGS_CACHE_BYTES = 256 * 2 ** 20;

/** Lists of `facets` terms (filters) are stored under this prefix, with no impacts. */
export const FACET_KEY_PREFIX = "facets:";

export interface WordPostings {
  readonly seqs: Int32Array;
  readonly impacts: Float32Array;
  readonly docCount: number;
}

export function createWordPostingsWriter(db: SqliteDatabase) {
  const upsert = db.prepare<[string, number, Buffer, Buffer]>(
    "INSERT OR REPLACE INTO search_word_postings (word, doc_count, seqs, impacts) VALUES (?, ?, ?, ?)",
  );
  const remove = db.prepare<[string]>("DELETE FROM search_word_postings WHERE word = ?");
  const words = db.prepare<[], { word: string }>("SELECT word FROM search_word_postings");
  return {
    /** `seqs` ascending, `impacts` aligned. */
    write(word: string, seqs: ArrayLike<number>, impacts: ArrayLike<number>): void {
      upsert.run(word, seqs.length, encodeSeqGaps(seqs), encodeImpacts(impacts));
    },
    /** Drops the lists of words that are no longer frequent. */
    keepOnly(kept: ReadonlySet<string>): void {
      for (const { word } of words.all()) if (!kept.has(word)) remove.run(word);
    },
  };
}

export type WordPostingsCache = ReturnType<typeof createWordPostingsCache>;

/** Loads lists on demand and keeps the most recently used within a byte budget. */
export function createWordPostingsCache(db: SqliteDatabase, budgetBytes = DEFAULT_POSTINGS_CACHE_BYTES) {
  const select = db.prepare<[string], { doc_count: number; seqs: Buffer; impacts: Buffer }>(
    "SELECT doc_count, seqs, impacts FROM search_word_postings WHERE word = ?",
  );
  const docCountOf = db.prepare<[string], number>("SELECT doc_count FROM search_word_postings WHERE word = ?").pluck();
  const keysFrom = db
    .prepare<[string, string], string>("SELECT word FROM search_word_postings WHERE word >= ? AND word < ?")
    .pluck();
  const cache = new Map<string, WordPostings>();
  let bytes = 0;
  let builtAt: string | null = null;
  let generation = 0;
  const sizeOf = (postings: WordPostings) => postings.seqs.byteLength + postings.impacts.byteLength;
  return {
    /** Drops everything when the lists were rebuilt (by this or another process). */
    sync(state: ImpactState | null): void {
      const current = state?.builtAt ?? null;
      if (current !== builtAt) {
        cache.clear();
        bytes = 0;
        generation += 1;
      }
      builtAt = current;
    },
    /** Changes whenever the lists were rebuilt: anything derived from them is out of date. */
    generation(): number {
      return generation;
    },
    /** Keys of stored lists starting with `prefix` (facet prefixes such as `facets:catcsx`). */
    keysStartingWith(prefix: string): string[] {
      return keysFrom.all(prefix, `${prefix}\u{10FFFF}`);
    },
    /** How many papers held the word at the build (null: it has no list), without loading the list. */
    docCount(word: string): number | null {
      return cache.get(word)?.docCount ?? docCountOf.get(word) ?? null;
    },
    get(word: string): WordPostings | null {
      const hit = cache.get(word);
      if (hit !== undefined) {
        cache.delete(word);
        cache.set(word, hit);
        return hit;
      }
      const row = select.get(word);
      if (!row) return null; // most words have no list: not remembered, the lookup is cheap
      const postings = {
        seqs: decodeSeqGaps(row.seqs, row.doc_count),
        impacts: decodeImpacts(row.impacts),
        docCount: row.doc_count,
      };
      bytes += sizeOf(postings);
      cache.set(word, postings);
      for (const [oldest, value] of cache) {
        if (bytes <= budgetBytes || oldest === word) break;
        cache.delete(oldest);
        bytes -= sizeOf(value);
      }
      return postings;
    },
  };
}
