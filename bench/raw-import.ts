import { applySqliteMigrations } from "../src/adapters/storage/sqlite/sqlite-migrations.js";
import { openSqliteDatabase } from "../src/adapters/storage/sqlite/sqlite-database.js";
import { IMPORT_BATCH_SIZE } from "../src/core/papers/import-service.js";
import { readLineChunks } from "./read-line-chunks.js";

/** A prepared corpus line, trusted as it is: the baseline does no validation. */
interface CorpusPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published: string;
  updated: string;
  github_repo?: string;
  upvotes?: number;
  daily_listings?: string[];
}

const GITHUB_PREFIX = "https://github.com/";

/**
 * The floor for an import: the same rows (papers, paper_author_index, daily_listings) in
 * the same schema and batch transactions, with positional statements and nothing else.
 * Reading and JSON.parse happen in this thread, as a simple importer would do them.
 */
export async function importRaw(
  corpusFile: string,
  databaseFile: string,
): Promise<{ papers: number; writeSeconds: number }> {
  const db = openSqliteDatabase(databaseFile);
  applySqliteMigrations(db);
  const insertPaper = db.prepare(
    `INSERT INTO papers (id, version, title, abstract, authors, categories, published_at, updated_at, comments, doi,
       journal_ref, github_repo, project_page, ai_summary, ai_keywords, upvotes, imported_at)
     VALUES (?, 1, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, NULL, NULL, '[]', ?, ?)`,
  );
  const insertNames = db.prepare("INSERT INTO paper_author_index (rowid, names) VALUES (?, ?)");
  const insertListing = db.prepare(
    "INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by, featured_by) VALUES (?, ?, ?, NULL, NULL)",
  );
  const writeBatch = db.transaction((batch: readonly CorpusPaper[], importedAt: string) => {
    for (const p of batch) {
      const repo = p.github_repo?.startsWith(GITHUB_PREFIX) ? p.github_repo.slice(GITHUB_PREFIX.length) : null;
      const row = insertPaper.run(
        p.id,
        p.title,
        p.abstract,
        JSON.stringify(p.authors),
        p.categories.join(" "),
        p.published,
        p.updated,
        repo,
        p.upvotes ?? 0,
        importedAt,
      );
      insertNames.run(row.lastInsertRowid, p.authors.join(" ; "));
      for (const day of p.daily_listings ?? []) insertListing.run(day, p.id, `${day}T00:00:00.000Z`);
    }
  });

  let papers = 0;
  let writeMs = 0;
  const write = (batch: readonly CorpusPaper[]) => {
    const started = performance.now();
    writeBatch(batch, new Date().toISOString());
    writeMs += performance.now() - started;
    papers += batch.length;
  };
  let batch: CorpusPaper[] = [];
  for await (const lines of readLineChunks(corpusFile)) {
    for (const line of lines) {
      if (line === "") continue;
      batch.push(JSON.parse(line) as CorpusPaper);
      if (batch.length >= IMPORT_BATCH_SIZE) {
        write(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) write(batch);
  db.pragma("optimize");
  db.close();
  return { papers, writeSeconds: writeMs / 1000 };
}
