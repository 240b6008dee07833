import { paperMatchesFilters } from "../../../../core/search/filter-match.js";
import type { ParsedQuery, QueryAtom } from "../../../../core/search/query.js";
import { type ScoredSeq, insertTop } from "../../../../core/search/threshold-top-k.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { bm25Idf } from "./bm25.js";
import { type ScoredAtom, countPapersNow, createPaperTokenizer, scoreTokenizedPaper } from "./candidate-scorer.js";
import { gallopTo } from "../../../../core/search/intersect-postings.js";
import { type ListSearchResult, atomText, createListFreshness } from "./list-freshness.js";
import { porterTokens } from "./porter-tokens.js";
import type { WordPostingsCache } from "./sqlite-word-postings.js";

/**
 * Relevance search for an AND of words one of which is rare (a name, a dataset, a typo):
 * every paper holding the rare word is read and scored from its text, which is exact and
 * counts every match. FTS5's bm25() would first count the papers of every other word in the
 * search, reading a frequent word's whole posting list (30–80 ms at a million papers) to
 * score a handful of matches. Filters are checked on each paper; exclusions, OR and phrases
 * are left to the other searches (null).
 */

/** Papers of the rarest word read and scored one by one (about 0.1 ms each): 15 ms at most. */
const MAX_RARE_PAPERS = 150;

export function createRareWordKeywordSearch(db: SqliteDatabase, postings: WordPostingsCache) {
  const freshness = createListFreshness(db);
  const tokenize = createPaperTokenizer(db);
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_word_counts USING fts5vocab (main, paper_search, 'row')");
  const wordCount = db.prepare<[string], { doc: number }>("SELECT doc FROM temp.search_word_counts WHERE term = ?");
  const papersWith = db
    .prepare<[string, number], number>("SELECT rowid FROM paper_search WHERE paper_search MATCH ? LIMIT ?")
    .pluck();

  return function searchByRareWord(query: ParsedQuery, k: number): ListSearchResult | null {
    const words = wordsOf(query);
    // One rare word alone costs FTS5 nothing to rank: there is no other word to count.
    if (words === null || words.length < 2) return null;
    const fresh = freshness();
    postings.sync(fresh?.state ?? null);
    if (fresh === null) return null;
    // Frequent words have lists (their counts need no lookup); the others are counted by FTS5,
    // which is cheap for a word that is not frequent.
    const counts = words.map(({ stem }) => {
      const listed = postings.get(stem);
      return listed === null ? { listed, count: wordCount.get(stem)?.doc ?? 0 } : { listed, count: listed.docCount };
    });
    const rarest = counts.reduce((best, entry, i) => (entry.count < (counts[best]?.count ?? Infinity) ? i : best), 0);
    if ((counts[rarest]?.listed ?? null) !== null || (counts[rarest]?.count ?? Infinity) > MAX_RARE_PAPERS) return null;

    const seqs = papersWith.all(
      `{title abstract authors}: "${(words[rarest]?.text ?? "").replaceAll('"', '""')}"`,
      MAX_RARE_PAPERS + 1,
    );
    if (seqs.length > MAX_RARE_PAPERS) return null;
    const current = new Map(fresh.unlisted.map((seq) => [seq, tokenize(seq)]));
    const atoms: ScoredAtom[] = words.map(({ stem }, i) => {
      const listed = counts[i]?.listed ?? null;
      const held = listed === null ? null : listed.seqs;
      const papers =
        held === null
          ? (counts[i]?.count ?? 0) // FTS5's own count: already today's
          : countPapersNow(held.length, [stem], (seq) => held[gallopTo(held, seq, 0)] === seq, current);
      return { tokens: [stem], idf: bm25Idf(fresh.papers, papers) };
    });

    const top: ScoredSeq[] = [];
    let total = 0;
    for (const seq of seqs) {
      const paper = current.has(seq) ? (current.get(seq) ?? null) : tokenize(seq);
      if (paper === null || !paperMatchesFilters(paper.filterable, query.filters)) continue;
      const score = scoreTokenizedPaper(paper, atoms, [], fresh.averageLength);
      if (score === null) continue;
      total += 1;
      insertTop(top, { seq, score }, k);
    }
    return { top, total };
  };
}

/** The words (stem, and text as typed) of a search that is only words joined by AND, or null. */
function wordsOf(query: ParsedQuery): Array<{ stem: string; text: string }> | null {
  const tree = query.tree;
  if (tree === null || tree.exclude.length > 0 || tree.include.length === 0) return null;
  const words: Array<{ stem: string; text: string }> = [];
  for (const group of tree.include) {
    if (group.length !== 1) return null;
    const text = atomText(group[0] as QueryAtom);
    const tokens = porterTokens(text);
    if (tokens.length !== 1) return null;
    words.push({ stem: tokens[0] as string, text });
  }
  return words;
}
