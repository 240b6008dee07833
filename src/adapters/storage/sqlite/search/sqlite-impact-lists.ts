import type { ImpactList } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { createFts5Stemmer } from "./fts5-stemmer.js";
import { BM25, bm25Idf } from "./bm25.js";
import { encodeImpacts } from "./posting-codec.js";
import { FACET_KEY_PREFIX, createWordPostingsWriter } from "./sqlite-word-postings.js";
import { PHRASE_LIST_LENGTH, buildPhraseLists } from "./sqlite-phrase-lists.js";
import { openListBuild } from "./list-build-progress.js";

/**
 * Impact lists for top-k pruning: for every word and adjacent word pair matching at least
 * `minDocs` papers, the `listLength` papers with the highest BM25 impact. Searches for rarer
 * atoms score every match directly, which is already fast (docs/search.md). A build stopped
 * part way resumes with the atoms it had not finished (list-build-progress.ts).
 */

/** Atoms matching fewer papers are scored directly: about 20 ms at this size on a loaded 2-core machine. */
export const DEFAULT_MIN_DOCS = 20_000;
export const DEFAULT_LIST_LENGTH = 10_000;
/** Word pairs are found in a sample of this many papers, spread over the collection. */
const PAIR_SAMPLE = 20_000;
const TEXT_COLUMNS = "{title abstract authors}";
/** What a build writes (search_impact_state.format, migrations/sqlite/011_search_phrase_lists.sql). */
export const LIST_FORMAT = 2;
/** The pass that fills phrase lists counts as this many atoms in progress reports. */
const PHRASE_STEPS = 100;

export interface ImpactState {
  readonly builtAt: string;
  readonly papers: number;
  readonly throughSeq: number;
  readonly throughChange: number;
  readonly minDocs: number;
  readonly listLength: number;
  readonly format: number;
}

export interface StoredImpactList extends ImpactList {
  readonly docCount: number;
}

export interface ImpactListBuildOptions {
  readonly minDocs?: number;
  readonly listLength?: number;
  /** Phrases in fewer papers get no list; a twentieth of `minDocs` unless given. */
  readonly phraseMinDocs?: number;
  readonly now?: () => Date;
  readonly onProgress?: (done: number, total: number, atom: string) => void;
}

export interface ImpactListBuildSummary {
  readonly atoms: number;
  readonly words: number;
  readonly pairs: number;
  readonly phrases: number;
  readonly papers: number;
  /** Word and pair atoms an interrupted build had finished, taken as they were. */
  readonly resumed: number;
  readonly seconds: number;
}

export function readImpactState(db: SqliteDatabase): ImpactState | null {
  return createImpactStateReader(db)();
}

/** readImpactState with its statement prepared once, for code that asks on every search. */
export function createImpactStateReader(db: SqliteDatabase): () => ImpactState | null {
  const select = db.prepare<[], Record<string, string | number>>(
    `SELECT built_at AS builtAt, papers, through_seq AS throughSeq, through_change AS throughChange,
            min_docs AS minDocs, list_length AS listLength, format FROM search_impact_state WHERE id = 1`,
  );
  return () => {
    const row = select.get();
    return row ? (row as unknown as ImpactState) : null;
  };
}

/** Loads lists on demand and keeps the most recently used in memory. */
export function createImpactListCache(db: SqliteDatabase, capacity = 256) {
  const select = db.prepare<[string], { doc_count: number; seqs: Buffer; impacts: Buffer }>(
    "SELECT doc_count, seqs, impacts FROM search_impact_lists WHERE atom = ?",
  );
  const cache = new Map<string, StoredImpactList | null>();
  let builtAt: string | null = null;
  return {
    /** Drops everything when the lists were rebuilt (by this or another process). */
    sync(state: ImpactState | null): void {
      const current = state?.builtAt ?? null;
      if (current !== builtAt) cache.clear();
      builtAt = current;
    },
    get(atom: string): StoredImpactList | null {
      if (cache.has(atom)) {
        const hit = cache.get(atom) ?? null;
        cache.delete(atom);
        cache.set(atom, hit);
        return hit;
      }
      const row = select.get(atom);
      const list = row ? decodeList(row) : null;
      if (cache.size >= capacity) cache.delete(cache.keys().next().value ?? "");
      cache.set(atom, list);
      return list;
    },
  };
}

function decodeList(row: { doc_count: number; seqs: Buffer; impacts: Buffer }): StoredImpactList {
  // Copied into fresh (aligned) buffers: a Buffer from SQLite may start at any byte offset.
  // Little-endian on disk, as on every platform Node runs on.
  const seqs = new Int32Array(new Uint8Array(row.seqs).buffer);
  const impacts = new Float32Array(new Uint8Array(row.impacts).buffer);
  return { seqs, impacts, bound: impacts.length > 0 ? (impacts[impacts.length - 1] ?? 0) : 0, docCount: row.doc_count };
}

/** Rebuilds every list. Long-running at a million papers: run it off the request path. */
export function buildImpactLists(db: SqliteDatabase, options: ImpactListBuildOptions = {}): ImpactListBuildSummary {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const minDocs = options.minDocs ?? DEFAULT_MIN_DOCS;
  const listLength = options.listLength ?? DEFAULT_LIST_LENGTH;
  const stem = createFts5Stemmer(db);
  // FTS5's bm25() takes its idf from the papers there are now: impacts divide it out with the same.
  const papersNow = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM papers").get()?.n ?? 0;
  const progress = openListBuild(
    db,
    {
      startedAt: now().toISOString(),
      papers: papersNow,
      throughSeq: db.prepare<[], { m: number | null }>("SELECT max(seq) AS m FROM papers").get()?.m ?? 0,
      throughChange:
        db.prepare<[], { m: number | null }>("SELECT max(change_id) AS m FROM search_changes").get()?.m ?? 0,
    },
    { minDocs, listLength, format: LIST_FORMAT },
  );
  const { papers, throughSeq, throughChange } = progress.snapshot;

  const words = frequentWords(db, minDocs);
  const pairs = papersNow >= minDocs ? frequentPairs(db, stem, minDocs, papersNow) : [];
  const atoms = [...new Set([...words, ...pairs])];
  const count = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM paper_search WHERE paper_search MATCH ?",
  );
  const best = db.prepare<[string, number], { seq: number; score: number }>(
    `SELECT rowid AS seq, ${BM25} AS score FROM paper_search WHERE paper_search MATCH ? ORDER BY score LIMIT ?`,
  );
  const upsert = db.prepare<[string, number, Buffer, Buffer]>(
    "INSERT OR REPLACE INTO search_impact_lists (atom, doc_count, seqs, impacts) VALUES (?, ?, ?, ?)",
  );
  const everyMatch = db.prepare<[string], { seq: number; score: number }>(
    `SELECT rowid AS seq, ${BM25} AS score FROM paper_search WHERE paper_search MATCH ?`,
  );
  const postings = createWordPostingsWriter(db);
  const facetPapers = db.prepare<[string], number>("SELECT rowid FROM paper_search WHERE paper_search MATCH ?").pluck();
  const kept = new Set<string>();
  const keptWords = new Set<string>();
  let resumed = 0;
  /** Writes the atom's lists; false when it matches too few papers to have any. */
  const buildAtom = (atom: string): boolean => {
    const text = queryTextOf(atom, stem);
    if (text === null) return false;
    const match = `${TEXT_COLUMNS}: "${text.replace(/"/g, '""')}"`;
    if (!atom.includes(" ")) {
      // A word: every match scored once gives both its complete postings and its best papers.
      const rows = everyMatch.all(match);
      if (rows.length < minDocs) return false;
      const idf = bm25Idf(papersNow, rows.length);
      const impacts = rows.map((row) => -row.score / idf);
      postings.write(
        atom,
        rows.map((row) => row.seq),
        impacts,
      );
      const best = impacts
        .map((_impact, j) => j)
        .sort((a, b) => (impacts[b] ?? 0) - (impacts[a] ?? 0) || (rows[a]?.seq ?? 0) - (rows[b]?.seq ?? 0))
        .slice(0, listLength);
      upsert.run(
        atom,
        rows.length,
        encodeSeqs(best.map((j) => rows[j]?.seq ?? 0)),
        encodeImpacts(best.map((j) => impacts[j] ?? 0)),
      );
      return true;
    }
    const docCount = count.get(match)?.n ?? 0;
    if (docCount < minDocs) return false;
    const idf = bm25Idf(papersNow, docCount);
    const rows = best.all(match, listLength);
    upsert.run(
      atom,
      docCount,
      encodeSeqs(rows.map((row) => row.seq)),
      encodeImpacts(rows.map((row) => -row.score / idf)),
    );
    return true;
  };
  // One transaction per atom: its lists and its mark in the build's progress, or neither.
  const buildAndMark = db.transaction((atom: string): boolean => {
    const built = buildAtom(atom);
    progress.markDone(atom, built);
    return built;
  });
  atoms.forEach((atom, i) => {
    let isKept = progress.done.get(atom);
    if (isKept === undefined) {
      options.onProgress?.(i, atoms.length + PHRASE_STEPS, atom);
      isKept = buildAndMark(atom);
    } else {
      resumed += 1;
    }
    if (!isKept) return;
    kept.add(atom);
    if (!atom.includes(" ")) keptWords.add(atom);
  });
  const phrases = buildPhraseLists(
    db,
    {
      words: [...keptWords],
      skip: kept,
      minDocs: options.phraseMinDocs ?? Math.max(1, Math.round(minDocs / 20)),
      listLength: Math.min(PHRASE_LIST_LENGTH, listLength),
      onProgress: (done, total) =>
        options.onProgress?.(atoms.length + Math.floor((PHRASE_STEPS * done) / total), atoms.length + PHRASE_STEPS, ""),
    },
    (list) => {
      upsert.run(list.atom, list.docCount, encodeSeqs(list.seqs), encodeImpacts(list.impacts));
      kept.add(list.atom);
    },
  );
  for (const term of facetTerms(db)) {
    // Filter terms: papers only (the facets column never scores), for filtered list searches.
    const seqs = facetPapers.all(`{facets}: "${term}"`);
    postings.write(`${FACET_KEY_PREFIX}${term}`, seqs, []);
    keptWords.add(`${FACET_KEY_PREFIX}${term}`);
  }
  postings.keepOnly(keptWords);
  options.onProgress?.(atoms.length + PHRASE_STEPS, atoms.length + PHRASE_STEPS, "");
  db.transaction(() => {
    const existing = db.prepare<[], { atom: string }>("SELECT atom FROM search_impact_lists").all();
    const remove = db.prepare<[string]>("DELETE FROM search_impact_lists WHERE atom = ?");
    for (const { atom } of existing) if (!kept.has(atom)) remove.run(atom);
    db.prepare(
      `INSERT OR REPLACE INTO search_impact_state
         (id, built_at, papers, through_seq, through_change, min_docs, list_length, format)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(now().toISOString(), papers, throughSeq, throughChange, minDocs, listLength, LIST_FORMAT);
    progress.finish();
  })();
  const seconds = (Date.now() - started) / 1000;
  const wordCount = words.filter((w) => kept.has(w)).length;
  return {
    atoms: kept.size,
    words: wordCount,
    pairs: kept.size - wordCount - phrases,
    phrases,
    papers,
    resumed,
    seconds,
  };
}

/**
 * Text that FTS5 turns into exactly these stems. A stem is not always its own stem: the index
 * holds "previous" (from "previously") and "bias" (from "biases"), but a search for "previous"
 * looks for "previou", and "bias" for "bia". So each stem is written as a word that stems to
 * it, found by putting back a common ending; null when none does (the atom gets no list).
 */
function queryTextOf(atom: string, stem: (text: string) => string[]): string | null {
  const words = atom.split(" ").map((token) =>
    REGROWN_ENDINGS.map((ending) => token + ending).find((word) => {
      const stems = stem(word);
      return stems.length === 1 && stems[0] === token;
    }),
  );
  return words.every((word) => word !== undefined) ? words.join(" ") : null;
}

const REGROWN_ENDINGS = ["", "s", "es", "e", "ed", "ing", "ly", "er", "al", "ation", "ness", "ment"];

/** Int32 little-endian, as search_impact_lists stores its seqs. */
function encodeSeqs(seqs: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(seqs.length * 4);
  for (let j = 0; j < seqs.length; j++) bytes.writeInt32LE(seqs[j] as number, j * 4);
  return bytes;
}

/** Every term of the `facets` column (categories, years, months, hascode). */
function facetTerms(db: SqliteDatabase): string[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary USING fts5vocab (main, paper_search, 'col')");
  return db
    .prepare<[], { term: string }>("SELECT term FROM temp.search_vocabulary WHERE col = 'facets'")
    .all()
    .map((row) => row.term);
}

/** Index terms in title, abstract or authors in at least `minDocs` papers (facet terms excluded). */
function frequentWords(db: SqliteDatabase, minDocs: number): string[] {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary USING fts5vocab (main, paper_search, 'col')");
  // fts5vocab counts per column, so the sum overcounts papers; the exact count is taken per atom.
  return db
    .prepare<[number], { term: string }>(
      `SELECT term FROM temp.search_vocabulary WHERE col IN ('title', 'abstract', 'authors')
       GROUP BY term HAVING sum(doc) >= ?`,
    )
    .all(minDocs)
    .map((row) => row.term);
}

/** Adjacent word pairs estimated, from an even sample, to occur in at least `minDocs` papers. */
function frequentPairs(
  db: SqliteDatabase,
  stem: (text: string) => string[],
  minDocs: number,
  papers: number,
): string[] {
  const stride = Math.max(1, Math.floor(papers / PAIR_SAMPLE));
  const rows = db
    .prepare<[number, number], { title: string; abstract: string }>(
      "SELECT title, abstract FROM papers WHERE seq % ? = 0 LIMIT ?",
    )
    .all(stride, PAIR_SAMPLE);
  if (rows.length === 0) return [];
  const perPaper = new Map<string, number>();
  for (const row of rows) {
    const seen = new Set<string>();
    for (const text of [row.title, row.abstract]) {
      const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      for (let i = 0; i + 1 < words.length; i++) seen.add(`${words[i]} ${words[i + 1]}`);
    }
    for (const pair of seen) perPaper.set(pair, (perPaper.get(pair) ?? 0) + 1);
  }
  // A margin below the threshold: a sample undercounts some pairs; the exact count decides.
  const needed = (minDocs * 0.8 * rows.length) / papers;
  const pairs = new Set<string>();
  for (const [pair, seen] of perPaper) {
    if (seen < needed) continue;
    const tokens = stem(pair);
    if (tokens.length === 2) pairs.add(tokens.join(" "));
  }
  return [...pairs];
}
