import type { ListingPeriod } from "../../../core/listings/listing-period.js";
import { periodPath } from "../../../core/listings/listing-period.js";
import type { DailyListing, Paper } from "../../../core/papers/paper.js";
import { arxivAbsUrl, arxivPdfUrl, primaryCategory } from "../../../core/papers/paper.js";
import type { RankedPaper } from "../../../core/ranking/trending-service.js";
import { explainTrending } from "../../../core/ranking/trending-explanation.js";

/** Native API shapes: camelCase, every field present (null when unknown). */
export function presentPaper(paper: Paper, publicUrl: string) {
  const html = `${publicUrl}/papers/${paper.id}`;
  return {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: [...paper.authors],
    categories: [...paper.categories],
    primaryCategory: primaryCategory(paper),
    publishedAt: paper.publishedAt,
    updatedAt: paper.updatedAt,
    comments: paper.comments,
    doi: paper.doi,
    journalRef: paper.journalRef,
    githubRepo: paper.githubRepo,
    githubStars: paper.githubStars,
    projectPage: paper.projectPage,
    aiSummary: paper.aiSummary,
    aiKeywords: [...paper.aiKeywords],
    upvotes: paper.upvotes,
    links: {
      html,
      arxiv: arxivAbsUrl(paper.id),
      pdf: arxivPdfUrl(paper.id),
      bibtex: `${html}.bib`,
      markdown: `${html}.md`,
    },
  };
}

export function presentTrending(ranked: RankedPaper) {
  const { score } = ranked;
  return {
    score: round(score.score),
    hotness: round(score.hotness),
    components: {
      upvotePoints: round(score.components.upvotePoints),
      starPoints: round(score.components.starPoints),
      listingPoints: round(score.components.listingPoints),
      pageRankPoints: round(score.components.pageRankPoints),
      featurePoints: round(score.components.featurePoints),
    },
    starGain: score.starGain,
    ageHours: round(score.ageHours),
    reasons: explainTrending(score, ranked.signals.pageRanks),
  };
}

export function presentListing(listing: DailyListing) {
  return {
    listingDate: listing.listingDate,
    submittedAt: listing.submittedAt,
    submittedBy: listing.submittedBy,
    featuredBy: listing.featuredBy,
  };
}

export function presentPeriod(period: ListingPeriod, publicUrl: string) {
  return {
    kind: period.kind,
    key: period.key,
    first: period.first,
    last: period.last,
    url: `${publicUrl}${periodPath(period)}`,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
