import type { Paper } from "../papers/paper.js";
import { formatDay } from "../../lib/dates.js";
import { parseSearchQuery } from "./parse-search-query.js";
import type { KeywordHit, KeywordIndex, VectorMatch } from "./ports.js";
import type { ParsedQuery } from "./query.js";
import { fuseScores, type FusedHit } from "./hybrid-fusion.js";
import type {
  SearchHit,
  SearchMode,
  SearchOutcome,
  SearchRequest,
  SearchService,
  SearchSort,
  SearchStatus,
  SimilarPapers,
} from "./search-types.js";

/** Results per page when the caller does not say. */
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
/** Nobody pages this deep by hand; it bounds the work one request can ask for. */
export const MAX_SEARCH_OFFSET = 10_000;
/** Semantic and hybrid results are ranked lists of this depth; paging stops there. */
export const RANKED_DEPTH = 200;
/** Each retriever contributes this many candidates to hybrid fusion. */
const FUSION_CANDIDATES = 100;
/** Sorting by trending re-orders this many of the most relevant matches. */
const TRENDING_POOL = 200;
/** Semantic results must pass filters; ask for more so that enough survive. */
const FILTER_OVERSAMPLING = 5;
/** Fewer papers than this with every word: rank papers with any of them instead. */
const RELAX_BELOW = 10;
export const RELAXED_NOTE = "Few papers contain every word; showing papers that contain some of them.";

/** The meaning-based side of search, when an embedder and vector index are configured. */
export interface SemanticSearcher {
  state(): "ready" | "building" | "disabled";
  readonly embedderId: string | null;
  indexedPapers(): number;
  /** Papers nearest the text, and the similarity of the text to each of `alsoScore`. */
  matchText(
    text: string,
    k: number,
    alsoScore: readonly number[],
  ): Promise<{ nearest: VectorMatch[]; similarity: Map<number, number> }>;
  /** Null when the paper has no vector yet. */
  nearestToPaper(seq: number, k: number): Promise<VectorMatch[] | null>;
}

export interface SearchServiceDeps {
  readonly keyword: KeywordIndex;
  readonly papers: { findPapers(ids: readonly string[]): Promise<Paper[]> };
  readonly trending: {
    rankPapers(
      ids: readonly string[],
      asOf: string,
    ): Promise<ReadonlyArray<{ score: { paperId: string; hotness: number } }>>;
  };
  readonly semantic: SemanticSearcher | null;
  /** Used when semantic search is ready and no mode is asked for (decided by the evaluation). */
  readonly preferredMode: SearchMode;
  readonly now: () => Date;
}

interface RankedSeq {
  seq: number;
  paperId: string | null;
  score: number;
  matchedBy: Array<"keyword" | "semantic">;
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  const { keyword, semantic } = deps;
  const semanticReady = () => semantic !== null && semantic.state() === "ready";

  function status(): SearchStatus {
    const state = semantic === null ? "disabled" : semantic.state();
    return {
      semantic: state,
      defaultMode: state === "ready" ? deps.preferredMode : "keyword",
      embedder: semantic?.embedderId ?? null,
      indexedPapers: semantic?.indexedPapers() ?? 0,
    };
  }

  /**
   * Every word must match; when almost nothing does (a long description, a pasted sentence),
   * any word may, which BM25 still ranks by how many and how rare the matched words are.
   */
  async function keywordSearch(
    query: ParsedQuery,
    sort: "relevance" | "date",
    offset: number,
    limit: number,
    prefix: boolean,
  ) {
    const strict = await keyword.search({ query, sort, offset, limit, prefixLast: prefix });
    const tree = query.tree;
    if (strict.total >= RELAX_BELOW || tree === null || tree.include.length < 2) return { ...strict, relaxed: false };
    const relaxed: ParsedQuery = { ...query, tree: { include: [tree.include.flat()], exclude: tree.exclude } };
    const loose = await keyword.search({ query: relaxed, sort, offset, limit, prefixLast: prefix });
    return loose.total > strict.total ? { ...loose, relaxed: true } : { ...strict, relaxed: false };
  }

  async function keywordRanked(
    query: ParsedQuery,
    sort: "relevance" | "date",
    offset: number,
    limit: number,
    prefix: boolean,
  ) {
    const result = await keywordSearch(query, sort, offset, limit, prefix);
    return { ...result, ranked: result.hits.map(fromKeywordHit) };
  }

  async function semanticRanked(query: ParsedQuery, depth: number): Promise<RankedSeq[]> {
    const text = queryText(query);
    if (text === "" || semantic === null) return [];
    const { nearest } = await semantic.matchText(text, depth * oversampling(query), []);
    const allowed = await keyword.filterSeqs(
      query,
      nearest.map((m) => m.seq),
    );
    return nearest
      .filter((m) => allowed.has(m.seq))
      .slice(0, depth)
      .map((m) => ({ seq: m.seq, paperId: null, score: m.similarity, matchedBy: ["semantic"] }));
  }

  async function hybridRanked(query: ParsedQuery, prefix: boolean): Promise<RankedSeq[]> {
    const text = queryText(query);
    const words = await keywordSearch(query, "relevance", 0, FUSION_CANDIDATES, prefix);
    if (text === "" || semantic === null) return words.hits.map(fromKeywordHit);
    const { nearest, similarity } = await semantic.matchText(
      text,
      FUSION_CANDIDATES * oversampling(query),
      words.hits.map((hit) => hit.seq),
    );
    const allowed = await keyword.filterSeqs(
      query,
      nearest.map((m) => m.seq),
    );
    const meaning = nearest.filter((m) => allowed.has(m.seq)).slice(0, FUSION_CANDIDATES);
    for (const m of meaning) similarity.set(m.seq, m.similarity);
    const fused: FusedHit[] = fuseScores(
      words.hits.map((hit) => ({ seq: hit.seq, score: hit.score })),
      similarity,
    );
    const paperIdBySeq = new Map(words.hits.map((hit) => [hit.seq, hit.paperId]));
    const inMeaning = new Set(meaning.map((m) => m.seq));
    return fused.map((hit) => ({
      seq: hit.seq,
      paperId: paperIdBySeq.get(hit.seq) ?? null,
      score: hit.score,
      matchedBy: [
        ...(paperIdBySeq.has(hit.seq) ? ["keyword" as const] : []),
        ...(inMeaning.has(hit.seq) ? ["semantic" as const] : []),
      ],
    }));
  }

  async function toHits(
    ranked: RankedSeq[],
    query: ParsedQuery,
    highlight: boolean,
    prefix: boolean,
  ): Promise<SearchHit[]> {
    const missing = ranked.filter((r) => r.paperId === null).map((r) => r.seq);
    const ids = missing.length > 0 ? await keyword.paperIdsOf(missing) : new Map<number, string>();
    const withIds = ranked.flatMap((r) => {
      const paperId = r.paperId ?? ids.get(r.seq);
      return paperId === undefined ? [] : [{ ...r, paperId }];
    });
    const papers = new Map((await deps.papers.findPapers(withIds.map((r) => r.paperId))).map((p) => [p.id, p]));
    const marked = highlight
      ? await keyword.highlight(
          query,
          withIds.map((r) => r.seq),
          prefix,
        )
      : new Map();
    return withIds.flatMap((r) => {
      const paper = papers.get(r.paperId);
      if (!paper) return [];
      return [
        { paper, score: r.score, matchedBy: r.matchedBy, highlight: highlight ? (marked.get(r.seq) ?? null) : null },
      ];
    });
  }

  async function sortRanked(ranked: RankedSeq[], sort: SearchSort): Promise<RankedSeq[]> {
    if (sort === "relevance") return ranked;
    const ids = await keyword.paperIdsOf(ranked.filter((r) => r.paperId === null).map((r) => r.seq));
    const withIds = ranked.map((r) => ({ ...r, paperId: r.paperId ?? ids.get(r.seq) ?? null }));
    if (sort === "trending") {
      const scores = await deps.trending.rankPapers(
        withIds.flatMap((r) => (r.paperId === null ? [] : [r.paperId])),
        formatDay(deps.now()),
      );
      const hotness = new Map(scores.map((s) => [s.score.paperId, s.score.hotness]));
      // Stable: papers without trending activity keep their relevance order, after the rest.
      return [...withIds].sort((a, b) => (hotness.get(b.paperId ?? "") ?? -1) - (hotness.get(a.paperId ?? "") ?? -1));
    }
    const found = new Map(
      (await deps.papers.findPapers(withIds.flatMap((r) => (r.paperId ? [r.paperId] : [])))).map((p) => [p.id, p]),
    );
    const published = (r: RankedSeq) => found.get(r.paperId ?? "")?.publishedAt ?? "";
    return [...withIds].sort((a, b) => published(b).localeCompare(published(a)));
  }

  async function search(request: SearchRequest): Promise<SearchOutcome> {
    const started = Date.now();
    const query = parseSearchQuery(request.q);
    if (query.error !== null) return { kind: "rejected", message: query.error };
    const offset = wholeNumber(request.offset, 0, 0, MAX_SEARCH_OFFSET);
    const limit = wholeNumber(request.limit, DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT);
    // With no words there is no relevance to rank by: newest first.
    const sort = request.sort ?? (query.tree === null ? "date" : "relevance");
    const prefix = request.prefix ?? false;
    let mode: SearchMode = request.mode ?? status().defaultMode;
    let fallback: string | null = null;
    if (mode !== "keyword" && !semanticReady()) {
      fallback =
        semantic === null
          ? "Search by meaning is not set up on this hub; showing keyword results."
          : "Search by meaning is still being prepared; showing keyword results.";
      mode = "keyword";
    }
    if (mode !== "keyword" && query.tree === null) {
      fallback = "Search by meaning needs words to compare; showing papers matching the filters.";
      mode = "keyword";
    }

    let ranked: RankedSeq[];
    let total: number;
    let totalExact = true;
    let relaxed = false;
    if (mode === "keyword" && sort !== "trending") {
      const result = await keywordRanked(query, sort, offset, limit, prefix);
      ranked = result.ranked;
      total = result.total;
      totalExact = result.totalExact;
      relaxed = result.relaxed;
    } else {
      let pool: RankedSeq[];
      if (mode === "keyword") {
        const result = await keywordRanked(query, "relevance", 0, TRENDING_POOL, prefix);
        pool = result.ranked;
        total = result.total;
        totalExact = result.totalExact;
        relaxed = result.relaxed;
      } else {
        pool = mode === "semantic" ? await semanticRanked(query, RANKED_DEPTH) : await hybridRanked(query, prefix);
        total = pool.length;
      }
      ranked = (await sortRanked(pool, sort)).slice(offset, offset + limit);
      if (mode === "keyword") total = Math.max(total, pool.length);
    }
    const hits = await toHits(ranked, query, request.highlight ?? false, prefix);
    const facets = request.facets ? await keyword.facets(query, prefix) : null;
    return {
      kind: "results",
      q: request.q,
      mode,
      sort,
      offset,
      limit,
      hits,
      total,
      totalExact,
      facets,
      warnings: relaxed ? [...query.warnings, RELAXED_NOTE] : query.warnings,
      fallback,
      tookMs: Date.now() - started,
    };
  }

  async function similar(paperId: string, limit: number): Promise<SimilarPapers | null> {
    const [paper] = await deps.papers.findPapers([paperId]);
    if (!paper) return null;
    const seq = (await keyword.seqsOf([paperId])).get(paperId);
    if (seq === undefined) return null;
    const count = Math.min(50, Math.max(1, Math.floor(limit)));
    let matches: VectorMatch[] | null =
      semanticReady() && semantic ? await semantic.nearestToPaper(seq, count + 1) : null;
    if (matches === null) matches = await similarByWords(paper, count + 1);
    const others = matches.filter((m) => m.seq !== seq).slice(0, count);
    const ids = await keyword.paperIdsOf(others.map((m) => m.seq));
    const papers = new Map((await deps.papers.findPapers([...ids.values()])).map((p) => [p.id, p]));
    return {
      paper,
      similar: others.flatMap((m) => {
        const found = papers.get(ids.get(m.seq) ?? "");
        return found ? [{ paper: found, similarity: m.similarity }] : [];
      }),
    };
  }

  /** Without embeddings: papers sharing the most distinctive title words (an OR query, BM25). */
  async function similarByWords(paper: Paper, k: number): Promise<VectorMatch[]> {
    const words = [...new Set(paper.title.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, 12);
    if (words.length === 0) return [];
    const query = parseSearchQuery(words.join(" OR "));
    const result = await keyword.search({ query, sort: "relevance", offset: 0, limit: k, prefixLast: false });
    const best = result.hits[0]?.score ?? 1;
    return result.hits.map((hit) => ({ seq: hit.seq, similarity: best > 0 ? hit.score / best : 0 }));
  }

  return { search, similar, status };
}

/** A finite whole number within bounds; anything else (NaN, Infinity, absent) becomes the fallback. */
function wholeNumber(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function fromKeywordHit(hit: KeywordHit): RankedSeq {
  return { seq: hit.seq, paperId: hit.paperId, score: hit.score, matchedBy: ["keyword"] };
}

/** The words of the search, without filters or exclusions: what an embedder should read. */
export function queryText(query: ParsedQuery): string {
  return (query.tree?.include.flat() ?? [])
    .map((atom) => (atom.kind === "term" ? atom.token : atom.tokens.join(" ")))
    .join(" ");
}

function oversampling(query: ParsedQuery): number {
  const { filters } = query;
  const filtered =
    filters.authors.length + filters.categories.length > 0 ||
    filters.hasCode ||
    filters.published.from !== null ||
    filters.published.to !== null ||
    (query.tree?.exclude.length ?? 0) > 0;
  return filtered ? FILTER_OVERSAMPLING : 1;
}
