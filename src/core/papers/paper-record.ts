import { parseDay, toIsoTimestamp } from "../../lib/dates.js";
import { parseArxivId } from "./arxiv-id.js";
import type { Paper } from "./paper.js";
import { findGithubRepo, normalizeGithubRepo } from "./github-repo.js";

/**
 * The import format (docs/import-format.md): one JSON object per line. It accepts the
 * hub's own records and, as they are, the records of arXiv metadata dumps and of the
 * Hugging Face daily-papers dataset, whose field names differ.
 */
export interface PaperImport {
  readonly paper: PaperInput;
  readonly listings: readonly ListingInput[];
  readonly pageRanks: readonly { day: string; rank: number }[];
  readonly stars: readonly { day: string; stars: number }[];
}

/** A paper as a source describes it: everything but what the hub derives (the latest star count). */
export type PaperInput = Omit<Paper, "githubStars">;

export interface ListingInput {
  readonly date: string;
  readonly submittedAt: string;
  readonly submittedBy: string | null;
  readonly featuredBy: string | null;
}

export class InvalidRecordError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "InvalidRecordError";
  }
}

const MAX_TITLE_CHARS = 1_000;
const MAX_ABSTRACT_CHARS = 20_000;
const MAX_AUTHORS = 5_000;
const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

type Json = Record<string, unknown>;

/**
 * Validates one decoded JSON record and maps it to the domain.
 * `observedDay` dates a star count that comes without a date of its own.
 */
export function readPaperRecord(value: unknown, observedDay: string): PaperImport {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidRecordError(["record is not a JSON object"]);
  }
  const r = value as Json;
  const problems: string[] = [];
  const id = readId(r, problems);
  const title = collapse(readString(r, "title", problems, { required: true, max: MAX_TITLE_CHARS }));
  const abstract = collapse(
    readString(r, "abstract", problems, { max: MAX_ABSTRACT_CHARS }) ??
      readString(r, "summary", problems, { max: MAX_ABSTRACT_CHARS }) ??
      "",
  );
  const authors = readAuthors(r, problems);
  const categories = readCategories(r, problems);
  const isHfDaily = "hf_url" in r || "arxiv_id" in r || Array.isArray(r.sources);
  const listings = readListings(r, isHfDaily, problems);
  const publishedAt =
    readTimestamp(r, "published", problems) ??
    readTimestamp(r, "arxiv_listing_date", problems) ??
    firstListingTimestamp(listings) ??
    readTimestamp(r, "date", problems);
  if (!publishedAt && !problems.some((p) => p.startsWith("published"))) {
    problems.push("published: missing (an ISO date such as 2025-03-14)");
  }
  const updatedAt = readTimestamp(r, "updated", problems) ?? readTimestamp(r, "update_date", problems) ?? publishedAt;
  const comments = readString(r, "comments", problems) ?? readString(r, "arxiv_comments", problems) ?? null;
  const githubRepo = readGithubRepo(r, problems) ?? findGithubRepo(abstract) ?? findGithubRepo(comments);
  const stars = readStars(r, githubRepo, observedDay, problems);
  const pageRanks = readPageRanks(r, problems);
  const upvotes = readCount(r, "upvotes", problems) ?? 0;
  const doi = readString(r, "doi", problems) ?? null;
  const journalRef = readString(r, "journal_ref", problems) ?? null;
  const projectPage = readUrl(r, "project_page", problems);
  const aiSummary = readString(r, "ai_summary", problems) ?? null;
  const aiKeywords = readStringArray(r, "ai_keywords", problems);
  if (problems.length > 0 || !id || !title || !publishedAt || !updatedAt) {
    throw new InvalidRecordError(problems);
  }
  return {
    paper: {
      id: id.id,
      version: id.version ?? versionCount(r) ?? 1,
      title,
      abstract,
      authors,
      categories,
      publishedAt,
      updatedAt: updatedAt < publishedAt ? publishedAt : updatedAt,
      comments: comments ? collapse(comments) : null,
      doi,
      journalRef,
      githubRepo,
      projectPage,
      aiSummary,
      aiKeywords,
      upvotes,
    },
    listings,
    pageRanks,
    stars,
  };
}

function readId(r: Json, problems: string[]): { id: string; version: number | null } | null {
  const raw = r.id ?? r.arxiv_id;
  if (typeof raw !== "string") {
    problems.push("id: missing (an arXiv id such as 2501.01234)");
    return null;
  }
  try {
    return parseArxivId(raw);
  } catch (error) {
    problems.push(`id: ${(error as Error).message}`);
    return null;
  }
}

function readString(
  r: Json,
  key: string,
  problems: string[],
  opts: { required?: boolean; max?: number } = {},
): string | undefined {
  const v = r[key];
  if (v === undefined || v === null || v === "") {
    if (opts.required) problems.push(`${key}: missing`);
    return undefined;
  }
  if (typeof v !== "string") {
    problems.push(`${key}: expected a string, got ${typeOf(v)}`);
    return undefined;
  }
  if (opts.max !== undefined && v.length > opts.max) {
    problems.push(`${key}: longer than ${opts.max} characters`);
    return undefined;
  }
  return v;
}

function readStringArray(r: Json, key: string, problems: string[]): string[] {
  const v = r[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    problems.push(`${key}: expected an array of strings`);
    return [];
  }
  return v as string[];
}

function readAuthors(r: Json, problems: string[]): string[] {
  let authors: string[];
  if (typeof r.authors === "string") {
    // arXiv's raw form: "A. Author, B. Author and C. Author"
    authors = r.authors.split(/,\s*|\s+and\s+/);
  } else if (r.authors === undefined && typeof r.first_author === "string") {
    authors = [r.first_author];
  } else {
    authors = readStringArray(r, "authors", problems);
  }
  if (authors.length > MAX_AUTHORS) problems.push(`authors: more than ${MAX_AUTHORS}`);
  return authors.map(collapse).filter((a) => a.length > 0);
}

function readCategories(r: Json, problems: string[]): string[] {
  const raw = typeof r.categories === "string" ? r.categories.split(/\s+/) : readStringArray(r, "categories", problems);
  const primary = typeof r.primary_category === "string" ? r.primary_category : raw[0];
  const categories = [...new Set([primary, ...raw].filter((c): c is string => !!c))];
  const bad = categories.filter((c) => !CATEGORY.test(c));
  if (bad.length > 0) problems.push(`categories: not arXiv category codes: ${bad.slice(0, 3).join(", ")}`);
  return categories;
}

function readListings(r: Json, isHfDaily: boolean, problems: string[]): ListingInput[] {
  const explicit = r.daily_listings;
  if (Array.isArray(explicit)) {
    const listings: ListingInput[] = [];
    for (const [i, item] of explicit.entries()) {
      const entry = typeof item === "string" ? { date: item } : (item as Json | null);
      const date = typeof entry?.date === "string" ? entry.date : "";
      if (!parseDay(date)) {
        problems.push(`daily_listings[${i}].date: expected YYYY-MM-DD`);
        continue;
      }
      listings.push({
        date,
        submittedAt:
          (typeof entry?.submitted_at === "string" && toIsoTimestamp(entry.submitted_at)) || `${date}T00:00:00.000Z`,
        submittedBy: typeof entry?.submitted_by === "string" ? entry.submitted_by : null,
        featuredBy: typeof entry?.featured_by === "string" ? entry.featured_by : null,
      });
    }
    return listings;
  }
  if (explicit !== undefined) problems.push("daily_listings: expected an array");
  // In the HF daily-papers dataset `listing_dates` are Daily Papers dates; in arXiv
  // dumps they are arXiv announcement dates, which are not daily-list entries.
  if (!isHfDaily) return [];
  const dates = readStringArray(r, "listing_dates", problems);
  const invalid = dates.filter((d) => !parseDay(d));
  if (invalid.length > 0) problems.push(`listing_dates: not YYYY-MM-DD: ${invalid.slice(0, 3).join(", ")}`);
  return [...new Set(dates.filter((d) => parseDay(d)))].map((date) => ({
    date,
    submittedAt: `${date}T00:00:00.000Z`,
    submittedBy: null,
    featuredBy: null,
  }));
}

function firstListingTimestamp(listings: readonly ListingInput[]): string | undefined {
  const first = listings.map((l) => l.date).sort()[0];
  return first ? `${first}T00:00:00.000Z` : undefined;
}

function readTimestamp(r: Json, key: string, problems: string[]): string | undefined {
  const v = r[key];
  if (v === undefined || v === null || v === "") return undefined;
  const iso = typeof v === "string" ? toIsoTimestamp(v) : null;
  if (!iso) {
    problems.push(`${key}: not an ISO date or datetime`);
    return undefined;
  }
  return iso;
}

function readCount(r: Json, key: string, problems: string[]): number | undefined {
  const v = r[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    problems.push(`${key}: expected a non-negative integer`);
    return undefined;
  }
  return v;
}

function readGithubRepo(r: Json, problems: string[]): string | null {
  const raw = readString(r, "github_repo", problems) ?? readString(r, "githubRepo", problems);
  if (raw === undefined) return null;
  const repo = normalizeGithubRepo(raw);
  if (!repo) problems.push(`github_repo: "${raw.slice(0, 60)}" is not a GitHub repository`);
  return repo;
}

function readStars(
  r: Json,
  repo: string | null,
  observedDay: string,
  problems: string[],
): { day: string; stars: number }[] {
  const samples: { day: string; stars: number }[] = [];
  const history = r.star_history;
  if (Array.isArray(history)) {
    for (const [i, item] of history.entries()) {
      const [day, stars] = Array.isArray(item) ? item : [(item as Json)?.day, (item as Json)?.stars];
      if (typeof day !== "string" || !parseDay(day) || typeof stars !== "number" || stars < 0) {
        problems.push(`star_history[${i}]: expected ["YYYY-MM-DD", stars]`);
      } else samples.push({ day, stars: Math.round(stars) });
    }
  } else if (history !== undefined) problems.push("star_history: expected an array");
  const current = readCount(r, "stars", problems) ?? readCount(r, "github_stars", problems);
  if (current !== undefined && samples.length === 0) samples.push({ day: observedDay, stars: current });
  if (samples.length > 0 && !repo) problems.push("stars: given without a github_repo");
  return samples;
}

function readPageRanks(r: Json, problems: string[]): { day: string; rank: number }[] {
  const v = r.page_ranks;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push("page_ranks: expected an array of [YYYY-MM-DD, rank]");
    return [];
  }
  const ranks: { day: string; rank: number }[] = [];
  for (const [i, item] of v.entries()) {
    const [day, rank] = Array.isArray(item) ? item : [];
    if (typeof day !== "string" || !parseDay(day) || typeof rank !== "number" || !Number.isInteger(rank) || rank < 1) {
      problems.push(`page_ranks[${i}]: expected ["YYYY-MM-DD", rank ≥ 1]`);
    } else ranks.push({ day, rank });
  }
  return ranks;
}

function readUrl(r: Json, key: string, problems: string[]): string | null {
  const v = readString(r, key, problems);
  if (!v) return null;
  if (!/^https?:\/\/[^\s]+$/i.test(v)) {
    problems.push(`${key}: expected an http(s) URL`);
    return null;
  }
  return v;
}

function versionCount(r: Json): number | undefined {
  return Array.isArray(r.versions) && r.versions.length > 0 ? r.versions.length : undefined;
}

const IRREGULAR_SPACE = /\s{2,}|[\t\n\r\f\v\u00a0\u2028\u2029]/;

/** Collapses runs of whitespace to one space; most texts have none, so test before replacing. */
function collapse(s: string | undefined): string {
  if (s === undefined) return "";
  return IRREGULAR_SPACE.test(s) ? s.replace(/\s+/g, " ").trim() : s.trim();
}

function typeOf(v: unknown): string {
  return Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`;
}
