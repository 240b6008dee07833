import type { PaperImport, PaperInput } from "../../../core/papers/paper-record.js";
import type { ImportCounts } from "../../../core/papers/ports.js";
import { mergePaper, shouldReplace, type StoredPaper } from "./postgres-paper-merge.js";
import { type PostgresPool, type Queryable, withTransaction } from "./postgres-pool.js";
import { toAuthorKey } from "./postgres-rows.js";
import { writeStarSample } from "./postgres-star-samples.js";

type Outcome = keyof ImportCounts;

/** Columns written from a StoredPaper, in parameter order after `id`. */
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

const INSERT_PAPER = `INSERT INTO papers (${COLUMNS.join(", ")}, id, imported_at)
  VALUES (${[...COLUMNS, "id", "imported_at"].map((_, i) => `$${i + 1}`).join(", ")})
  ON CONFLICT (id) DO NOTHING`;
const UPDATE_PAPER = `UPDATE papers SET ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(", ")},
  imported_at = $${COLUMNS.length + 2} WHERE id = $1`;
// Locks the row, so two importers of one paper merge one after the other.
const FIND_STORED = `SELECT ${COLUMNS.join(", ")} FROM papers WHERE id = $1 FOR UPDATE`;

/**
 * Writes import batches, one transaction per batch: a failure mid-batch leaves the batch
 * wholly absent, and re-running the import fills it in without duplicates. The rules are
 * the SQLite importer's (postgres-paper-merge.ts).
 */
export async function importPostgresPapers(pool: PostgresPool, batch: readonly PaperImport[]): Promise<ImportCounts> {
  const importedAt = new Date().toISOString();
  return withTransaction(pool, async (client) => {
    const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const record of batch) {
      let outcome = await writePaper(client, record.paper, importedAt);
      if ((await mergeHistory(client, record)) && outcome === "unchanged") outcome = "updated";
      counts[outcome] += 1;
    }
    return counts;
  });
}

async function writePaper(db: Queryable, paper: PaperInput, importedAt: string): Promise<Outcome> {
  // Most imported papers are new: try the insert first, look at the stored row only on conflict.
  const inserted = await db.query(INSERT_PAPER, [...toValues(paper), paper.id, importedAt]);
  if (inserted.rowCount === 1) {
    await writeAuthorKeys(db, paper.id, paper.authors);
    return "inserted";
  }
  const { rows } = await db.query<Record<(typeof COLUMNS)[number], unknown>>(FIND_STORED, [paper.id]);
  const stored = toStoredPaper(rows[0]!);
  const merged = mergePaper(stored, paper);
  if (!shouldReplace(stored, merged)) return "unchanged";
  await db.query(UPDATE_PAPER, [paper.id, ...toValues(merged), importedAt]);
  await writeAuthorKeys(db, paper.id, merged.authors);
  return "updated";
}

/** Merges listings and samples (the first one of each day stays); true when anything new was stored. */
async function mergeHistory(db: Queryable, record: PaperImport): Promise<boolean> {
  const id = record.paper.id;
  let added = 0;
  for (const l of record.listings) {
    const result = await db.query(
      `INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by, featured_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [l.date, id, l.submittedAt, l.submittedBy, l.featuredBy],
    );
    added += result.rowCount ?? 0;
  }
  for (const r of record.pageRanks) {
    const result = await db.query(
      "INSERT INTO page_rank_samples (paper_id, day, rank) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [id, r.day, r.rank],
    );
    added += result.rowCount ?? 0;
  }
  const repo = record.paper.githubRepo;
  if (repo) {
    for (const s of record.stars) {
      if (await writeStarSample(db, { repo, day: s.day, stars: s.stars }, false)) added += 1;
    }
  }
  return added > 0;
}

async function writeAuthorKeys(db: Queryable, paperId: string, authors: readonly string[]): Promise<void> {
  await db.query("DELETE FROM paper_authors WHERE paper_id = $1", [paperId]);
  await db.query(
    `INSERT INTO paper_authors (paper_id, position, name_key)
     SELECT $1, k.position, k.name_key FROM unnest($2::text[]) WITH ORDINALITY AS k (name_key, position)`,
    [paperId, authors.map(toAuthorKey)],
  );
}

function toValues(paper: StoredPaper): unknown[] {
  return [
    paper.version,
    paper.title,
    paper.abstract,
    paper.authors,
    paper.categories,
    paper.publishedAt,
    paper.updatedAt,
    paper.comments,
    paper.doi,
    paper.journalRef,
    paper.githubRepo,
    paper.projectPage,
    paper.aiSummary,
    paper.aiKeywords,
    paper.upvotes,
  ];
}

function toStoredPaper(row: Record<(typeof COLUMNS)[number], unknown>): StoredPaper {
  return {
    version: row.version as number,
    title: row.title as string,
    abstract: row.abstract as string,
    authors: row.authors as string[],
    categories: row.categories as string[],
    publishedAt: row.published_at as string,
    updatedAt: row.updated_at as string,
    comments: row.comments as string | null,
    doi: row.doi as string | null,
    journalRef: row.journal_ref as string | null,
    githubRepo: row.github_repo as string | null,
    projectPage: row.project_page as string | null,
    aiSummary: row.ai_summary as string | null,
    aiKeywords: row.ai_keywords as string[],
    upvotes: row.upvotes as number,
  };
}
