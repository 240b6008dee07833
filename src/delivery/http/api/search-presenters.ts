import type { Paper } from "../../../core/papers/paper.js";
import type { SearchHit, SearchResults, SimilarPapers } from "../../../core/search/search-types.js";
import { type HfDiscussionSummary, NO_DISCUSSION, presentHfPaper } from "./hf-presenter.js";
import { presentPaper } from "./presenters.js";

/** `/api/v1/search`: the results with every paper as the rest of the native API shows it. */
export function presentSearchResults(results: SearchResults, page: number, publicUrl: string) {
  return {
    q: results.q,
    mode: results.mode,
    sort: results.sort,
    page,
    limit: results.limit,
    total: results.total,
    totalExact: results.totalExact,
    hits: results.hits.map((hit) => presentSearchHit(hit, publicUrl)),
    facets: results.facets && {
      categories: results.facets.categories.map(({ value, count }) => ({ value, count })),
      years: results.facets.years.map(({ value, count }) => ({ value, count })),
      countedMatches: results.facets.countedMatches,
      exact: results.facets.exact,
    },
    warnings: [...results.warnings],
    fallback: results.fallback,
    tookMs: results.tookMs,
  };
}

function presentSearchHit(hit: SearchHit, publicUrl: string) {
  return {
    paper: presentPaper(hit.paper, publicUrl),
    score: round(hit.score),
    matchedBy: [...hit.matchedBy],
    highlight: hit.highlight && {
      title: hit.highlight.title.map(({ text, match }) => ({ text, match })),
      abstract: hit.highlight.abstract.map(({ text, match }) => ({ text, match })),
    },
  };
}

export function presentSimilarPapers(result: SimilarPapers, publicUrl: string) {
  return {
    paper: presentPaper(result.paper, publicUrl),
    similar: result.similar.map(({ paper, similarity }) => ({
      paper: presentPaper(paper, publicUrl),
      similarity: round(similarity),
    })),
  };
}

/**
 * One element of HF's `GET /api/papers/search`: `{ paper, numComments, isAuthorParticipating }`
 * plus the title, summary and thumbnail its daily items carry. Without a listing there is
 * no top-level `publishedAt`: in HF's shapes that is the Daily Papers date, not arXiv's.
 */
export function presentHfSearchItem(paper: Paper, publicUrl: string, discussion: HfDiscussionSummary = NO_DISCUSSION) {
  return {
    paper: presentHfPaper(paper, null, publicUrl),
    title: paper.title,
    summary: paper.abstract,
    thumbnail: `${publicUrl}/papers/${paper.id}/thumbnail.svg`,
    numComments: discussion.numComments,
    isAuthorParticipating: discussion.isAuthorParticipating,
    mediaUrls: [],
  };
}

/** Scores keep six significant decimals: enough to order, short to read. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
