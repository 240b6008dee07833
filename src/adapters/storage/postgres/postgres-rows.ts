import type { DailyListing, Paper } from "../../../core/papers/paper.js";

/** A `papers` row joined with the latest star count; dates already strings (postgres-pool.ts). */
export interface PaperRow {
  id: string;
  version: number;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published_at: string;
  updated_at: string;
  comments: string | null;
  doi: string | null;
  journal_ref: string | null;
  github_repo: string | null;
  project_page: string | null;
  ai_summary: string | null;
  ai_keywords: string[];
  upvotes: number;
  github_stars: number | null;
}

/** Selects a PaperRow from `papers p`. */
export const PAPER_COLUMNS = `p.id, p.version, p.title, p.abstract, p.authors, p.categories, p.published_at,
  p.updated_at, p.comments, p.doi, p.journal_ref, p.github_repo, p.project_page, p.ai_summary,
  p.ai_keywords, p.upvotes,
  (SELECT s.stars FROM github_star_samples s WHERE s.repo = p.github_repo ORDER BY s.day DESC LIMIT 1) AS github_stars`;

export function toPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    authors: row.authors,
    categories: row.categories,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    comments: row.comments,
    doi: row.doi,
    journalRef: row.journal_ref,
    githubRepo: row.github_repo,
    projectPage: row.project_page,
    aiSummary: row.ai_summary,
    aiKeywords: row.ai_keywords,
    upvotes: row.upvotes,
    githubStars: row.github_stars,
  };
}

export interface ListingRow {
  listing_date: string;
  paper_id: string;
  submitted_at: string;
  submitted_by: string | null;
  featured_by: string | null;
}

export const LISTING_COLUMNS = "listing_date, paper_id, submitted_at, submitted_by, featured_by";

export function toListing(row: ListingRow): DailyListing {
  return {
    paperId: row.paper_id,
    listingDate: row.listing_date,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    featuredBy: row.featured_by,
  };
}

/** Author names compare case- and accent-insensitively, with whitespace collapsed (paper_authors.name_key). */
export function toAuthorKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim().toLowerCase();
}
