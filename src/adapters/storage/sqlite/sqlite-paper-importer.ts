import { createHash } from "node:crypto";
import type { PaperImport, PaperInput } from "../../../core/papers/paper-record.js";
import type { ImportCounts } from "../../../core/papers/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";

type Outcome = "inserted" | "updated" | "unchanged";

/**
 * Writes import batches. One transaction per batch keeps the import fast (one fsync per
 * batch) and atomic: a crash mid-batch leaves the batch wholly absent, and re-running
 * the import fills it in without duplicates.
 */
export function createSqlitePaperImporter(db: SqliteDatabase) {
  const findExisting = db.prepare<[string], { updated_at: string; content_hash: string }>(
    "SELECT updated_at, content_hash FROM papers WHERE id = ?",
  );
  const insertPaper = db.prepare(`INSERT INTO papers (id, version, title, abstract, authors, categories,
    published_at, updated_at, comments, doi, journal_ref, github_repo, project_page, ai_summary, ai_keywords,
    upvotes, content_hash, imported_at)
    VALUES (@id, @version, @title, @abstract, @authors, @categories, @publishedAt, @updatedAt, @comments, @doi,
    @journalRef, @githubRepo, @projectPage, @aiSummary, @aiKeywords, @upvotes, @contentHash, @importedAt)`);
  const updatePaper = db.prepare(`UPDATE papers SET version = @version, title = @title, abstract = @abstract,
    authors = @authors, categories = @categories, published_at = @publishedAt, updated_at = @updatedAt,
    comments = @comments, doi = @doi, journal_ref = @journalRef, github_repo = @githubRepo,
    project_page = @projectPage, ai_summary = @aiSummary, ai_keywords = @aiKeywords,
    upvotes = max(upvotes, @upvotes), content_hash = @contentHash, imported_at = @importedAt WHERE id = @id`);
  const deleteAuthors = db.prepare("DELETE FROM paper_authors WHERE paper_id = ?");
  const insertAuthor = db.prepare("INSERT INTO paper_authors (paper_id, position, name) VALUES (?, ?, ?)");
  const insertListing = db.prepare(`INSERT OR IGNORE INTO daily_listings
    (listing_date, paper_id, submitted_at, submitted_by, featured_by) VALUES (?, ?, ?, ?, ?)`);
  const insertRank = db.prepare("INSERT OR IGNORE INTO page_rank_samples (paper_id, day, rank) VALUES (?, ?, ?)");
  const starsBefore = db.prepare<[string, string], { stars: number }>(
    "SELECT stars FROM github_star_samples WHERE repo = ? AND day < ? ORDER BY day DESC LIMIT 1",
  );
  const insertStars = db.prepare(
    "INSERT OR IGNORE INTO github_star_samples (repo, day, stars, prev_stars) VALUES (?, ?, ?, ?)",
  );
  const relinkNextSample = db.prepare(`UPDATE github_star_samples SET prev_stars = ?
    WHERE repo = ? AND day = (SELECT min(day) FROM github_star_samples WHERE repo = ? AND day > ?)`);

  function writePaper(paper: PaperInput, importedAt: string): Outcome {
    const row = toRow(paper, importedAt);
    const existing = findExisting.get(paper.id);
    if (!existing) {
      insertPaper.run(row);
      paper.authors.forEach((name, i) => insertAuthor.run(paper.id, i, name));
      return "inserted";
    }
    const isNewer = paper.updatedAt > existing.updated_at;
    const isCorrection = paper.updatedAt === existing.updated_at && row.contentHash !== existing.content_hash;
    if (!isNewer && !isCorrection) return "unchanged";
    updatePaper.run(row);
    deleteAuthors.run(paper.id);
    paper.authors.forEach((name, i) => insertAuthor.run(paper.id, i, name));
    return "updated";
  }

  /** Merges listings and samples; true when anything new was stored. */
  function mergeHistory(record: PaperImport): boolean {
    const id = record.paper.id;
    let added = 0;
    for (const l of record.listings) {
      added += insertListing.run(l.date, id, l.submittedAt, l.submittedBy, l.featuredBy).changes;
    }
    for (const r of record.pageRanks) added += insertRank.run(id, r.day, r.rank).changes;
    const repo = record.paper.githubRepo;
    if (repo) {
      for (const s of record.stars) {
        const previous = starsBefore.get(repo, s.day)?.stars ?? null;
        const changes = insertStars.run(repo, s.day, s.stars, previous).changes;
        if (changes > 0) relinkNextSample.run(s.stars, repo, repo, s.day);
        added += changes;
      }
    }
    return added > 0;
  }

  const importBatch = db.transaction((batch: readonly PaperImport[], importedAt: string): ImportCounts => {
    const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const record of batch) {
      let outcome = writePaper(record.paper, importedAt);
      if (mergeHistory(record) && outcome === "unchanged") outcome = "updated";
      counts[outcome] += 1;
    }
    return counts;
  });

  return {
    importPapers(batch: readonly PaperImport[]): ImportCounts {
      return importBatch(batch, new Date().toISOString());
    },
  };
}

function toRow(paper: PaperInput, importedAt: string) {
  const row = {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    categories: paper.categories.join(" "),
    publishedAt: paper.publishedAt,
    updatedAt: paper.updatedAt,
    comments: paper.comments,
    doi: paper.doi,
    journalRef: paper.journalRef,
    githubRepo: paper.githubRepo,
    projectPage: paper.projectPage,
    aiSummary: paper.aiSummary,
    aiKeywords: JSON.stringify(paper.aiKeywords),
    upvotes: paper.upvotes,
  };
  const contentHash = createHash("sha1").update(JSON.stringify(row)).digest("base64url");
  return { ...row, contentHash, importedAt };
}
