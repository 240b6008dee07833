import type { PaperImport, PaperInput } from "../../../core/papers/paper-record.js";
import type { ImportCounts } from "../../../core/papers/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqliteStarSampleWriter } from "./sqlite-star-samples.js";

type Outcome = "inserted" | "updated" | "unchanged";

/**
 * Writes import batches. One transaction per batch keeps the import fast (one fsync per
 * batch) and atomic: a crash mid-batch leaves the batch wholly absent, and re-running
 * the import fills it in without duplicates.
 */
/** Columns written from a PaperInput, in statement order. */
const COLUMNS = [
  "version",
  "title",
  "abstract",
  "authors",
  "categories",
  "published_at",
  "updated_at",
  "comments",
  "doi",
  "journal_ref",
  "github_repo",
  "project_page",
  "ai_summary",
  "ai_keywords",
  "upvotes",
] as const;
type Values = (string | number | null)[];

export function createSqlitePaperImporter(db: SqliteDatabase) {
  const findExisting = db.prepare<[string], Record<(typeof COLUMNS)[number], unknown> & { seq: number }>(
    `SELECT seq, ${COLUMNS.join(", ")} FROM papers WHERE id = ?`,
  );
  // Positional parameters: binding by name costs a lookup per value.
  const insertPaper = db.prepare(
    `INSERT INTO papers (id, ${COLUMNS.join(", ")}, imported_at) VALUES (?, ${COLUMNS.map(() => "?").join(", ")}, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const updatePaper = db.prepare(
    `UPDATE papers SET ${COLUMNS.map((c) => (c === "upvotes" ? "upvotes = max(upvotes, ?)" : `${c} = ?`)).join(", ")},
     imported_at = ? WHERE id = ?`,
  );
  const deleteAuthorNames = db.prepare("DELETE FROM paper_author_index WHERE rowid = ?");
  const insertAuthorNames = db.prepare("INSERT INTO paper_author_index (rowid, names) VALUES (?, ?)");
  const insertListing = db.prepare(`INSERT OR IGNORE INTO daily_listings
    (listing_date, paper_id, submitted_at, submitted_by, featured_by) VALUES (?, ?, ?, ?, ?)`);
  const insertRank = db.prepare("INSERT OR IGNORE INTO page_rank_samples (paper_id, day, rank) VALUES (?, ?, ?)");
  const writeStarSample = createSqliteStarSampleWriter(db);

  function writePaper(paper: PaperInput, importedAt: string): Outcome {
    const values = toValues(paper);
    // Most imported papers are new: try the insert first, look at the stored row only on conflict.
    const inserted = insertPaper.run(paper.id, ...values, importedAt);
    if (inserted.changes > 0) {
      insertAuthorNames.run(inserted.lastInsertRowid, joinAuthorNames(paper.authors));
      return "inserted";
    }
    const existing = findExisting.get(paper.id)!;
    const stored = existing.updated_at as string;
    const merged = COLUMNS.map((c, i) => keepStoredWhenMissing(c, existing[c], values[i]!));
    const isNewer = paper.updatedAt > stored;
    const isCorrection = paper.updatedAt === stored && COLUMNS.some((c, i) => differs(c, existing[c], merged[i]));
    if (!isNewer && !isCorrection) return "unchanged";
    updatePaper.run(...merged, importedAt, paper.id);
    deleteAuthorNames.run(existing.seq);
    insertAuthorNames.run(
      existing.seq,
      joinAuthorNames(JSON.parse(merged[COLUMNS.indexOf("authors")] as string) as string[]),
    );
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
        if (writeStarSample(repo, s.day, s.stars, false)) added += 1;
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

/** Columns one source knows and another may not: a record without them keeps the stored values. */
const KEPT_WHEN_MISSING = new Set<string>([
  "comments",
  "doi",
  "journal_ref",
  "github_repo",
  "project_page",
  "ai_summary",
]);

/**
 * Sources know different parts of a paper: arXiv has no AI summary or project page, the
 * Hugging Face lists often have only the first author. A newer record replaces what it
 * carries and keeps what it lacks, so importing from one source never erases another's data.
 */
function keepStoredWhenMissing(column: (typeof COLUMNS)[number], stored: unknown, incoming: string | number | null) {
  if (KEPT_WHEN_MISSING.has(column)) return incoming ?? (stored as string | null);
  if (column === "ai_keywords" || column === "categories") return isEmptyList(incoming) ? (stored as string) : incoming;
  if (column === "authors") {
    const storedNames = JSON.parse(stored as string) as string[];
    const incomingNames = JSON.parse(incoming as string) as string[];
    // A shorter list that is the start of the stored one (first author only) adds nothing.
    const isPrefix = incomingNames.every((name, i) => storedNames[i] === name);
    return incomingNames.length < storedNames.length && isPrefix ? (stored as string) : incoming;
  }
  return incoming;
}

function isEmptyList(value: string | number | null): boolean {
  return value === "[]" || value === "";
}

/** Upvotes only grow on import (votes cast here are not undone by an older count), so fewer is no change. */
function differs(column: (typeof COLUMNS)[number], stored: unknown, incoming: unknown): boolean {
  return column === "upvotes" ? (incoming as number) > (stored as number) : stored !== incoming;
}

/** A separator the tokenizer drops, so each name's words stay adjacent for phrase queries. */
function joinAuthorNames(authors: readonly string[]): string {
  return authors.join(" ; ");
}

/** The stored form of each column in COLUMNS order; "unchanged" compares these with the row. */
function toValues(paper: PaperInput): Values {
  return [
    paper.version,
    paper.title,
    paper.abstract,
    JSON.stringify(paper.authors),
    paper.categories.join(" "),
    paper.publishedAt,
    paper.updatedAt,
    paper.comments,
    paper.doi,
    paper.journalRef,
    paper.githubRepo,
    paper.projectPage,
    paper.aiSummary,
    JSON.stringify(paper.aiKeywords),
    paper.upvotes,
  ];
}
