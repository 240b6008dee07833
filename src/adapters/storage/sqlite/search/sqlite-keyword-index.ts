import type {
  FacetCount,
  KeywordHit,
  KeywordIndex,
  KeywordSearchRequest,
  KeywordSearchResult,
  SearchFacets,
  TextSegment,
} from "../../../../core/search/ports.js";
import { paperMatchesFilters } from "../../../../core/search/filter-match.js";
import type { ParsedQuery } from "../../../../core/search/query.js";
import type { SqliteDatabase } from "../sqlite-database.js";
import { type CompiledSearch, compileSearch, excludedMatch } from "./fts5-search-match.js";
import { MATCH_END, MATCH_START, toSegments } from "./highlight-segments.js";
import { BM25 } from "./bm25.js";
import { createPrunedKeywordSearch } from "./pruned-keyword-search.js";
import { createFacetFilters } from "./facet-filters.js";
import { createPostingsKeywordSearch } from "./postings-keyword-search.js";
import { createAnyWordKeywordSearch } from "./any-word-keyword-search.js";
import { createPhraseKeywordSearch } from "./phrase-keyword-search.js";
import { createRareWordKeywordSearch } from "./rare-word-keyword-search.js";
import { createWordPostingsCache } from "./sqlite-word-postings.js";
import { type ListSearchResult, hasFilters } from "./list-freshness.js";
import { type ScoredSeq, insertTop } from "../../../../core/search/threshold-top-k.js";
import { buildImpactListsInWorker } from "./build-impact-lists-in-worker.js";
import { DEFAULT_MIN_DOCS, LIST_FORMAT, buildImpactLists, readImpactState } from "./sqlite-impact-lists.js";

/** Counting stops here: "10,000+ papers" is as useful as an exact count and much cheaper. */
export const COUNT_LIMIT = 10_000;
/** Facets are counted over at most this many matches, spread over the whole collection. */
const FACET_SAMPLE = 5_000;
const FACET_SLICES = 10;
/** Words of abstract context in a result passage. */
const SNIPPET_TOKENS = 40;

/** Lists are rebuilt once this many papers were added or changed since the last build. */
const STALE_AFTER_CHANGES = 100;

export interface KeywordIndexOptions {
  /** The year "from:" and "to:" ranges are clamped to. */
  readonly now?: () => Date;
  /** Memory for decoded posting lists (SEARCH_LIST_CACHE_MB); default 256 MiB. */
  readonly listCacheBytes?: number;
}

/**
 * `file` is the database file, so that impact lists can be built by a worker thread on its own
 * connection; null (an in-memory database) builds them on this thread.
 */
export function createSqliteKeywordIndex(
  db: SqliteDatabase,
  file: string | null = null,
  options: KeywordIndexOptions = {},
): KeywordIndex {
  const now = options.now ?? (() => new Date());
  const compile = (query: ParsedQuery, prefixLast: boolean) => compileSearch(query, prefixLast, now().getUTCFullYear());
  const dayFilter = (bounds: CompiledSearch["dayBounds"]) =>
    bounds === null
      ? { sql: "", params: [] as string[] }
      : {
          sql: `${bounds.from === null ? "" : " AND p.published_at >= ?"}${bounds.to === null ? "" : " AND p.published_at < ?"}`,
          params: [...(bounds.from === null ? [] : [bounds.from]), ...(bounds.to === null ? [] : [nextDay(bounds.to)])],
        };

  const highlightRow = db.prepare<
    [string, bigint],
    { title: string | null; passage: string | null; rawTitle: string; abstract: string }
  >(
    `SELECT highlight(paper_search, 0, '${MATCH_START}', '${MATCH_END}') AS title,
            snippet(paper_search, 1, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) AS passage,
            title AS rawTitle, abstract
     FROM paper_search WHERE paper_search MATCH ? AND rowid = ?`,
  );
  const matchesRow = db.prepare<[string, bigint], { one: number }>(
    "SELECT 1 AS one FROM paper_search WHERE paper_search MATCH ? AND rowid = ?",
  );

  const idsBySeq = db.prepare<[string], { id: string; seq: number }>(
    "SELECT id, seq FROM papers WHERE seq IN (SELECT value FROM json_each(?))",
  );
  const paperIds = (seqs: readonly number[]) =>
    new Map(idsBySeq.all(JSON.stringify(seqs)).map((row) => [row.seq, row.id]));

  const postings = createWordPostingsCache(db, options.listCacheBytes);
  const searchPruned = createPrunedKeywordSearch(db, postings);
  const filters = createFacetFilters(postings);
  const searchByPostings = createPostingsKeywordSearch(db, postings, filters);
  const searchAnyWord = createAnyWordKeywordSearch(db, postings, filters);
  const searchPhrase = createPhraseKeywordSearch(db, postings);
  const searchByRareWord = createRareWordKeywordSearch(db, postings);
  const everyScore = db
    .prepare<[string], [number, number]>(`SELECT rowid, ${BM25} FROM paper_search WHERE paper_search MATCH ?`)
    .raw();
  const countMatches = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM paper_search WHERE paper_search MATCH ? LIMIT ${COUNT_LIMIT + 1})`,
  );

  /** Ranked papers as hits, dropping any deleted since they were ranked. */
  function toHits(ranked: ReadonlyArray<{ seq: number; score: number }>): KeywordHit[] {
    const ids = paperIds(ranked.map((hit) => hit.seq));
    return ranked.flatMap((hit) => {
      const id = ids.get(hit.seq);
      return id === undefined ? [] : [{ seq: hit.seq, paperId: id, score: hit.score }];
    });
  }

  /** A page of a list search's exact answer. */
  function pageOf(found: ListSearchResult | null, request: KeywordSearchRequest): KeywordSearchResult | null {
    if (found === null) return null;
    const hits = toHits(found.top.slice(request.offset, request.offset + request.limit));
    return { hits, total: found.total, totalExact: true };
  }

  /**
   * The list-based searches (docs/search.md), cheapest first; each returns null at once when
   * it does not apply, and FTS5 scores every match when none does.
   */
  function searchWithLists(request: KeywordSearchRequest, match: string): KeywordSearchResult | null {
    const k = request.offset + request.limit;
    const query = request.query;
    // One word alone is answered by its impact list; with filters it needs the intersection.
    const several = (query.tree?.include.length ?? 0) >= 2 || hasFilters(query);
    const year = now().getUTCFullYear();
    const listed =
      (several ? pageOf(searchByPostings(query, k, year), request) : null) ??
      pageOf(searchAnyWord(query, k, year), request) ??
      pageOf(searchByRareWord(query, k), request);
    if (listed !== null) return listed;
    const pruned = searchPruned(query, k);
    if (pruned !== null) {
      const n = pruned.total ?? countMatches.get(match)?.n ?? 0;
      const hits = toHits(pruned.top.slice(request.offset, k));
      return { hits, total: Math.min(n, COUNT_LIMIT), totalExact: n <= COUNT_LIMIT };
    }
    return pageOf(searchPhrase(query, match, k), request);
  }

  /**
   * Every match scored once, the best k kept and all counted, in one FTS5 query: ORDER BY
   * LIMIT and a separate count would read the posting lists (and a phrase's positions) twice.
   */
  function scoreEveryMatch(request: KeywordSearchRequest, match: string): KeywordSearchResult {
    const k = request.offset + request.limit;
    const top: ScoredSeq[] = [];
    let total = 0;
    for (const [seq, bm25] of everyScore.iterate(match)) {
      total += 1;
      const score = -bm25;
      if (top.length < k || score > (top[k - 1] as ScoredSeq).score) insertTop(top, { seq, score }, k);
    }
    return { hits: toHits(top.slice(request.offset, k)), total, totalExact: true };
  }

  function runSearch(request: KeywordSearchRequest): KeywordSearchResult {
    const compiled = compile(request.query, request.prefixLast);
    if (compiled.match === null) return { hits: [], total: 0, totalExact: true };
    if (request.sort === "relevance" && compiled.dayBounds === null && !request.prefixLast) {
      return searchWithLists(request, compiled.match) ?? scoreEveryMatch(request, compiled.match);
    }
    const day = dayFilter(compiled.dayBounds);
    // Papers are joined only when a day bound or the date order needs them: a join costs a
    // b-tree lookup per match. CROSS JOIN makes SQLite read the FTS5 index first; otherwise it
    // may scan papers and re-run MATCH for each row (seconds at a million papers).
    const needsPapers = day.sql !== "" || request.sort === "date";
    const from = needsPapers ? "paper_search CROSS JOIN papers p ON p.seq = paper_search.rowid" : "paper_search";
    const order = request.sort === "date" ? "p.published_at DESC, p.seq DESC" : "score";
    const ranked = db
      .prepare<unknown[], { seq: number; score: number }>(
        `SELECT paper_search.rowid AS seq, ${BM25} AS score FROM ${from}
         WHERE paper_search MATCH ?${day.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      )
      .all(compiled.match, ...day.params, request.limit, request.offset);
    const counted = db
      .prepare<unknown[], { n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE paper_search MATCH ?${day.sql} LIMIT ${COUNT_LIMIT + 1})`,
      )
      .get(compiled.match, ...day.params);
    const n = counted?.n ?? 0;
    const hits = toHits(ranked.map((row) => ({ seq: row.seq, score: -row.score })));
    return { hits, total: Math.min(n, COUNT_LIMIT), totalExact: n <= COUNT_LIMIT };
  }

  function countFacets(query: ParsedQuery, prefixLast: boolean): SearchFacets {
    const compiled = compile(query, prefixLast);
    if (compiled.match === null) return { categories: [], years: [], countedMatches: 0, exact: true };
    const day = dayFilter(compiled.dayBounds);
    const maxSeq = db.prepare<[], { m: number | null }>("SELECT max(seq) AS m FROM papers").get()?.m ?? 0;
    const slice = Math.ceil((maxSeq + 1) / FACET_SLICES);
    const perSlice = Math.ceil(FACET_SAMPLE / FACET_SLICES);
    const sliceRows = db.prepare<unknown[], { categories: string; published_at: string }>(
      `SELECT p.categories AS categories, p.published_at AS published_at
       FROM paper_search CROSS JOIN papers p ON p.seq = paper_search.rowid
       WHERE paper_search MATCH ? AND paper_search.rowid >= ? AND paper_search.rowid < ?${day.sql}
       LIMIT ${perSlice + 1}`,
    );
    const categories = new Map<string, number>();
    const years = new Map<string, number>();
    let counted = 0;
    let exact = true;
    for (let i = 0; i < FACET_SLICES; i++) {
      // FTS5 honours rowid ranges only when they are bound as integers (BigInt), not doubles.
      const rows = sliceRows.all(compiled.match, BigInt(i * slice), BigInt((i + 1) * slice), ...day.params);
      if (rows.length > perSlice) exact = false;
      for (const row of rows.slice(0, perSlice)) {
        counted += 1;
        const primary = row.categories.split(" ")[0] ?? "";
        if (primary !== "") categories.set(primary, (categories.get(primary) ?? 0) + 1);
        const year = row.published_at.slice(0, 4);
        years.set(year, (years.get(year) ?? 0) + 1);
      }
    }
    return {
      categories: toCounts(categories).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      years: toCounts(years).sort((a, b) => a.value.localeCompare(b.value)),
      countedMatches: counted,
      exact,
    };
  }

  return {
    async search(request) {
      return runSearch(request);
    },

    async facets(query, prefixLast) {
      return countFacets(query, prefixLast);
    },

    async highlight(query, seqs, prefixLast) {
      const words = compile(query, prefixLast).anyWord;
      const result = new Map<number, { title: TextSegment[]; abstract: TextSegment[] }>();
      if (words === null) return result;
      for (const seq of seqs) {
        const row = highlightRow.get(words, BigInt(seq));
        if (!row) continue;
        // Text that itself contains the marker characters cannot be split reliably: shown whole.
        const title = hasMarkers(row.rawTitle) ? [{ text: row.rawTitle, match: false }] : toSegments(row.title);
        // snippet() is empty when only the title matched: show the opening of the abstract.
        const passage = row.passage && !hasMarkers(row.abstract) ? toSegments(row.passage) : openingOf(row.abstract);
        result.set(seq, { title, abstract: passage });
      }
      return result;
    },

    async filterSeqs(query, seqs) {
      const kept = new Set<number>();
      if (seqs.length === 0) return kept;
      const rows = db
        .prepare<
          [string],
          { seq: number; categories: string; published_at: string; github_repo: string | null; authors: string }
        >(
          `SELECT seq, categories, published_at, github_repo, authors FROM papers
           WHERE seq IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(seqs));
      const excluded = excludedMatch(query);
      for (const row of rows) {
        const paper = {
          categories: row.categories.split(" "),
          publishedAt: row.published_at,
          githubRepo: row.github_repo,
          authors: JSON.parse(row.authors) as string[],
        };
        if (!paperMatchesFilters(paper, query.filters)) continue;
        if (excluded !== null && matchesRow.get(excluded, BigInt(row.seq))) continue;
        kept.add(row.seq);
      }
      return kept;
    },

    async rebuildAccelerators(onProgress) {
      const summary =
        file === null
          ? buildImpactLists(db, { onProgress: (done, total) => onProgress?.(done, total) })
          : await buildImpactListsInWorker({ file }, onProgress);
      return { lists: summary.atoms, resumed: summary.resumed, seconds: summary.seconds };
    },

    async acceleratorsStale() {
      const state = readImpactState(db);
      const papers = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM papers").get()?.n ?? 0;
      if (state === null) return papers >= DEFAULT_MIN_DOCS;
      // Lists built before posting lists existed (migration 007): rebuild once to get them.
      const hasPostings = db.prepare("SELECT 1 FROM search_word_postings LIMIT 1").get() !== undefined;
      const hasLists = db.prepare("SELECT 1 FROM search_impact_lists LIMIT 1").get() !== undefined;
      if (hasLists && !hasPostings) return true;
      // Lists from before phrase lists (migration 011): rebuild once to get them.
      if (state.format < LIST_FORMAT) return true;
      const added =
        db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM papers WHERE seq > ?").get(state.throughSeq)
          ?.n ?? 0;
      const changed =
        db
          .prepare<[number], { n: number }>("SELECT count(*) AS n FROM search_changes WHERE change_id > ?")
          .get(state.throughChange)?.n ?? 0;
      return added + changed >= STALE_AFTER_CHANGES || papers !== state.papers + added;
    },

    async seqsOf(paperIds) {
      const rows = db
        .prepare<[string], { id: string; seq: number }>(
          "SELECT id, seq FROM papers WHERE id IN (SELECT value FROM json_each(?))",
        )
        .all(JSON.stringify(paperIds));
      return new Map(rows.map((row) => [row.id, row.seq]));
    },

    async paperIdsOf(seqs) {
      return paperIds(seqs);
    },
  };
}

function hasMarkers(text: string): boolean {
  return text.includes(MATCH_START) || text.includes(MATCH_END);
}

function openingOf(abstract: string): TextSegment[] {
  const words = abstract.split(/\s+/).filter((word) => word !== "");
  if (words.length === 0) return [];
  const cut = words.length > SNIPPET_TOKENS;
  return [{ text: words.slice(0, SNIPPET_TOKENS).join(" ") + (cut ? "…" : ""), match: false }];
}

function toCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts].map(([value, count]) => ({ value, count }));
}

function nextDay(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return next.toISOString().slice(0, 10);
}
