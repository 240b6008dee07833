import type { SqliteDatabase } from "../sqlite-database.js";

/**
 * Tokens exactly as the `paper_search` index stores them (porter stems), by letting FTS5's own
 * tokenizer read the text in a temporary table. A JavaScript stemmer would differ in corner
 * cases, and an impact list keyed by a different stem would never be found.
 */
export function createFts5Stemmer(db: SqliteDatabase): (text: string) => string[] {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stemmer USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stemmer_tokens USING fts5vocab (temp, search_stemmer, 'instance');
  `);
  const insert = db.prepare<[string]>("INSERT INTO temp.search_stemmer (rowid, text) VALUES (1, ?)");
  const read = db.prepare<[], { term: string }>("SELECT term FROM temp.search_stemmer_tokens ORDER BY offset");
  const clear = db.prepare("DELETE FROM temp.search_stemmer");
  const cache = new Map<string, string[]>();
  return (text) => {
    const cached = cache.get(text);
    if (cached) return cached;
    insert.run(text);
    const tokens = read.all().map((row) => row.term);
    clear.run();
    if (cache.size > 10_000) cache.clear();
    cache.set(text, tokens);
    return tokens;
  };
}
