import type { SqliteDatabase } from "../sqlite-database.js";
import { COLUMN_WEIGHTS, bm25Impact, readIndexAverages } from "./bm25.js";
import { type PaperRow, tokenizePaperText } from "./candidate-scorer.js";

/**
 * Impact lists for common phrases of frequent words ("experiments that", "input and output"):
 * the papers where the phrase weighs most, and how many papers hold it. FTS5 reads a phrase
 * at the pace of its rarest word, so a phrase of two words found in 200,000 papers each costs
 * it 40–100 ms at a million papers just to list the matches, and bm25() lists them twice.
 * With its own list, the phrase is one more atom for the threshold algorithm, and a search
 * for it alone is the list's head (threshold-top-k.ts).
 *
 * Which phrases: every run of two or three frequent words (words with posting lists) seen
 * often enough in an even sample of papers to hold at least PHRASE_MIN_DOCS papers. The lists
 * are then filled in one pass over every paper, tokenized as FTS5 tokenizes them
 * (porter-tokens.ts), scored with bm25.ts: one FTS5 query per phrase would take hours.
 */

/** Phrases in fewer papers are left to FTS5 and the phrase search (phrase-keyword-search.ts). */
const PHRASE_MIN_DOCS = 1_000;
/** Only the head of a phrase's list is kept: deep pages of a phrase search are scored directly. */
export const PHRASE_LIST_LENGTH = 200;
const SAMPLE_PAPERS = 20_000;
/** A phrase estimated from fewer sample papers than this is too uncertain to pick (or skip). */
const MIN_SAMPLE_HITS = 10;

export interface PhraseList {
  /** Stemmed tokens joined by a space, as search_impact_lists names its atoms. */
  readonly atom: string;
  readonly docCount: number;
  /** Best first (ties: lower seq first). */
  readonly seqs: Int32Array;
  readonly impacts: Float32Array;
}

export interface PhraseListOptions {
  /** Stems with complete posting lists: only phrases made of them get a list. */
  readonly words: readonly string[];
  /** Atoms that already have a list of their own (frequent pairs built from FTS5). */
  readonly skip: ReadonlySet<string>;
  readonly minDocs?: number;
  readonly listLength?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Finds the common phrases and builds their lists; `write` receives each finished list. */
export function buildPhraseLists(
  db: SqliteDatabase,
  options: PhraseListOptions,
  write: (list: PhraseList) => void,
): number {
  const vocabulary = new PhraseVocabulary(options.words.slice(0, MAX_PHRASE_WORDS));
  const { papers, averageLength } = readIndexAverages(db);
  const minDocs = options.minDocs ?? PHRASE_MIN_DOCS;
  const chosen = choosePhrases(vocabulary, evenSample(db, SAMPLE_PAPERS), papers, minDocs, options.skip);
  if (chosen.atoms.length === 0) return 0;

  const listLength = options.listLength ?? PHRASE_LIST_LENGTH;
  const heaps: Array<TopHeap | undefined> = [];
  const docCounts = new Int32Array(chosen.atoms.length);
  // Weighted occurrences in the current paper, and which lists it touched.
  const weighted = new Float64Array(chosen.atoms.length);
  const touched: number[] = [];
  let done = 0;
  const rows = db
    .prepare<[], PaperRow & { seq: number }>(
      "SELECT seq, title, abstract, authors, categories, github_repo, published_at FROM papers ORDER BY seq",
    )
    .iterate();
  for (const row of rows) {
    const paper = tokenizePaperText(row);
    paper.columns.forEach((tokens, column) => {
      const weight = COLUMN_WEIGHTS[column] ?? 0;
      chosen.forEachList(vocabulary.idsOf(tokens), (list) => {
        if (weighted[list] === 0) touched.push(list);
        weighted[list] = (weighted[list] as number) + weight;
      });
    });
    for (const list of touched) {
      docCounts[list] = (docCounts[list] as number) + 1;
      const heap = heaps[list] ?? (heaps[list] = new TopHeap(listLength));
      heap.offer(row.seq, bm25Impact(weighted[list] as number, paper.length, averageLength));
      weighted[list] = 0;
    }
    touched.length = 0;
    if (++done % 50_000 === 0) options.onProgress?.(done, papers);
  }

  let written = 0;
  chosen.atoms.forEach((atom, list) => {
    const heap = heaps[list];
    const docCount = docCounts[list] as number;
    if (heap === undefined || docCount < minDocs) return;
    write({ atom, docCount, ...heap.bestFirst() });
    written += 1;
  });
  return written;
}

/** Phrases are made of the first this many listed words given (1,077 at a million papers): pair keys index a table. */
const MAX_PHRASE_WORDS = 3_000;

/** Listed words as small integer ids, and pairs of them as `first × size + second`. */
class PhraseVocabulary {
  private readonly ids: Map<string, number>;
  readonly size: number;

  constructor(words: readonly string[]) {
    this.ids = new Map(words.map((word, i) => [word, i]));
    this.size = words.length;
  }

  /** Each token's id, −1 for words without a list. */
  idsOf(tokens: readonly string[]): Int32Array {
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) ids[i] = this.ids.get(tokens[i] as string) ?? -1;
    return ids;
  }
}

/** The phrases given lists: pairs by a table over every pair of ids, triples by their pair's number. */
interface ChosenPhrases {
  readonly atoms: string[];
  /** Calls `visit` with the list of every chosen phrase occurring in a column, once per occurrence. */
  forEachList(ids: Int32Array, visit: (list: number) => void): void;
}

/** Phrases of listed words that an even sample says are common enough (the full pass decides). */
function choosePhrases(
  vocabulary: PhraseVocabulary,
  sample: readonly PaperRow[],
  papers: number,
  minDocs: number,
  skip: ReadonlySet<string>,
): ChosenPhrases {
  const size = vocabulary.size;
  const columns = sample.map((row) => tokenizePaperText(row).columns);
  const columnIds = columns.map((paper) => paper.map((tokens) => vocabulary.idsOf(tokens)));
  const name = (paper: number, column: number, start: number, length: number) =>
    (columns[paper]?.[column] ?? []).slice(start, start + length).join(" ");
  // A margin below the threshold: a sample undercounts some phrases.
  const needed = Math.max(MIN_SAMPLE_HITS, (minDocs * 0.8 * sample.length) / Math.max(1, papers));

  // Pairs: papers per pair, counted once per paper (lastPaper stamps the paper that counted).
  const pairPapers = new Int32Array(size * size);
  const lastPaper = new Int32Array(size * size).fill(-1);
  const pairName = new Map<number, string>();
  columnIds.forEach((paper, p) =>
    paper.forEach((ids, c) => {
      for (let i = 0; i + 1 < ids.length; i++) {
        const a = ids[i] as number;
        const b = ids[i + 1] as number;
        if (a < 0 || b < 0) continue;
        const pair = a * size + b;
        if (lastPaper[pair] === p) continue;
        lastPaper[pair] = p;
        pairPapers[pair] = (pairPapers[pair] as number) + 1;
        if (pairPapers[pair] === Math.ceil(needed)) pairName.set(pair, name(p, c, i, 2));
      }
    }),
  );
  // Common pairs get a number (whether or not they get a list: a triple starts with one).
  const pairNumber = lastPaper.fill(-1);
  const atoms: string[] = [];
  const pairList: number[] = [];
  for (const [pair, atom] of pairName) {
    pairNumber[pair] = pairList.length;
    pairList.push(skip.has(atom) ? -1 : atoms.push(atom) - 1);
  }
  // Triples whose first pair is common: papers per triple, keyed `pair number × size + third`.
  const triplePapers = new Map<number, { papers: number; last: number; atom: string }>();
  columnIds.forEach((paper, p) =>
    paper.forEach((ids, c) => {
      for (let i = 0; i + 2 < ids.length; i++) {
        const a = ids[i] as number;
        const b = ids[i + 1] as number;
        const third = ids[i + 2] as number;
        if (a < 0 || b < 0 || third < 0) continue;
        const number = pairNumber[a * size + b] as number;
        if (number < 0) continue;
        const key = number * size + third;
        const seen = triplePapers.get(key) ?? { papers: 0, last: -1, atom: name(p, c, i, 3) };
        if (seen.last !== p) triplePapers.set(key, { ...seen, papers: seen.papers + 1, last: p });
      }
    }),
  );
  const tripleList = new Map<number, number>();
  for (const [key, seen] of triplePapers) {
    if (seen.papers >= needed && !skip.has(seen.atom)) tripleList.set(key, atoms.push(seen.atom) - 1);
  }

  return {
    atoms,
    forEachList(ids, visit) {
      for (let i = 0; i + 1 < ids.length; i++) {
        const a = ids[i] as number;
        const b = ids[i + 1] as number;
        if (a < 0 || b < 0) continue;
        const number = pairNumber[a * size + b] as number;
        if (number < 0) continue;
        const list = pairList[number] as number;
        if (list >= 0) visit(list);
        const third = i + 2 < ids.length ? (ids[i + 2] as number) : -1;
        if (third < 0) continue;
        const triple = tripleList.get(number * size + third);
        if (triple !== undefined) visit(triple);
      }
    },
  };
}

/** About `size` papers spread evenly over the seq range, read by key (no scan of the table). */
function evenSample(db: SqliteDatabase, size: number): PaperRow[] {
  const range = db
    .prepare<[], { low: number | null; high: number | null }>("SELECT min(seq) AS low, max(seq) AS high FROM papers")
    .get();
  if (range?.low == null || range.high == null) return [];
  const paper = db.prepare<[number], PaperRow>(
    "SELECT title, abstract, authors, categories, github_repo, published_at FROM papers WHERE seq = ?",
  );
  const stride = Math.max(1, (range.high - range.low + 1) / size);
  const sample: PaperRow[] = [];
  for (let at = range.low; at <= range.high; at += stride) {
    const row = paper.get(Math.floor(at));
    if (row !== undefined) sample.push(row);
  }
  return sample;
}

/** The `capacity` highest impacts seen, ties kept by the first (lowest) seq offered. */
class TopHeap {
  private readonly seqs: Int32Array;
  private readonly impacts: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.seqs = new Int32Array(capacity);
    this.impacts = new Float64Array(capacity);
  }

  offer(seq: number, impact: number): void {
    if (this.size < this.capacity) {
      this.seqs[this.size] = seq;
      this.impacts[this.size] = impact;
      this.siftUp(this.size++);
    } else if (impact > (this.impacts[0] as number)) {
      this.seqs[0] = seq;
      this.impacts[0] = impact;
      this.siftDown(0);
    }
  }

  bestFirst(): { seqs: Int32Array; impacts: Float32Array } {
    const order = Array.from({ length: this.size }, (_v, i) => i).sort(
      (a, b) =>
        (this.impacts[b] as number) - (this.impacts[a] as number) ||
        (this.seqs[a] as number) - (this.seqs[b] as number),
    );
    return {
      seqs: Int32Array.from(order, (i) => this.seqs[i] as number),
      impacts: Float32Array.from(order, (i) => this.impacts[i] as number),
    };
  }

  /** Min-heap on impact; among equal impacts the higher seq sits nearer the top (evicted first). */
  private below(a: number, b: number): boolean {
    const ia = this.impacts[a] as number;
    const ib = this.impacts[b] as number;
    return ia < ib || (ia === ib && (this.seqs[a] as number) > (this.seqs[b] as number));
  }

  private swap(a: number, b: number): void {
    const seq = this.seqs[a] as number;
    const impact = this.impacts[a] as number;
    this.seqs[a] = this.seqs[b] as number;
    this.impacts[a] = this.impacts[b] as number;
    this.seqs[b] = seq;
    this.impacts[b] = impact;
  }

  private siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.below(at, parent)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < this.size && this.below(left, least)) least = left;
      if (right < this.size && this.below(right, least)) least = right;
      if (least === at) return;
      this.swap(at, least);
      at = least;
    }
  }
}
