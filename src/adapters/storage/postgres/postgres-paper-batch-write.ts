import type { PaperInput } from "../../../core/papers/paper-record.js";
import type { ImportCounts } from "../../../core/papers/ports.js";
import { mergePaper, shouldReplace, type StoredPaper } from "./postgres-paper-merge.js";
import type { Queryable } from "./postgres-pool.js";
import { toAuthorKey } from "./postgres-rows.js";

export type Outcome = keyof ImportCounts;

/** Columns written from a StoredPaper, with their types for json_to_recordset. */
const COLUMN_TYPES = {
  version: "integer",
  title: "text",
  abstract: "text",
  authors: "text[]",
  categories: "text[]",
  published_at: "timestamptz",
  updated_at: "timestamptz",
  comments: "text",
  doi: "text",
  journal_ref: "text",
  github_repo: "text",
  project_page: "text",
  ai_summary: "text",
  ai_keywords: "text[]",
  upvotes: "integer",
} as const;
type Column = keyof typeof COLUMN_TYPES;
const COLUMNS = Object.keys(COLUMN_TYPES) as Column[];

/**
 * The rows of a round as one JSON parameter: one statement writes them all, whatever their
 * number, and the text[] columns arrive whole (a parameter per column would need a
 * two-dimensional array, which PostgreSQL requires to be rectangular).
 * @see https://www.postgresql.org/docs/15/functions-json.html (json_to_recordset)
 */
const ROWS = `json_to_recordset($1::json) AS r (id text, author_keys text[],
  ${COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c]}`).join(", ")})`;

// The new papers and their author keys in one statement: the keys follow the rows the insert
// returned, so a paper another importer stored first is skipped here and merged below.
const INSERT_NEW = `WITH r AS (SELECT * FROM ${ROWS}),
  inserted AS (
    INSERT INTO papers (id, ${COLUMNS.join(", ")}, imported_at)
    SELECT id, ${COLUMNS.join(", ")}, $2::timestamptz FROM r
    ON CONFLICT (id) DO NOTHING
    RETURNING id),
  keys AS (
    INSERT INTO paper_authors (paper_id, position, name_key)
    SELECT r.id, k.position, k.name_key
    FROM inserted JOIN r USING (id), unnest(r.author_keys) WITH ORDINALITY AS k (name_key, position))
  SELECT id FROM inserted`;
// Locks the rows, so two importers of one paper merge one after the other; in id order, so
// importers of overlapping batches take the locks in the same order.
const FIND_STORED = `SELECT id, ${COLUMNS.join(", ")} FROM papers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`;
const DELETE_AUTHOR_KEYS = "DELETE FROM paper_authors WHERE paper_id = ANY($1::text[])";
const UPDATE_MERGED = `WITH r AS (SELECT * FROM ${ROWS}),
  updated AS (
    UPDATE papers AS p SET ${COLUMNS.map((c) => `${c} = r.${c}`).join(", ")}, imported_at = $2::timestamptz
    FROM r WHERE p.id = r.id
    RETURNING p.id)
  INSERT INTO paper_authors (paper_id, position, name_key)
  SELECT r.id, k.position, k.name_key
  FROM updated JOIN r USING (id), unnest(r.author_keys) WITH ORDINALITY AS k (name_key, position)`;

/**
 * Writes papers with distinct ids, in a constant number of statements: inserts the new ones,
 * then locks the stored ones and writes those the merge rules (postgres-paper-merge.ts) replace.
 * Returns each paper's outcome, in the order given.
 */
export async function writePaperRound(
  db: Queryable,
  papers: readonly PaperInput[],
  importedAt: string,
): Promise<Outcome[]> {
  const inserted = await db.query<{ id: string }>(INSERT_NEW, [toJsonRows(papers), importedAt]);
  const insertedIds = new Set(inserted.rows.map((r) => r.id));
  const conflicting = papers.filter((p) => !insertedIds.has(p.id));
  const replaced = await mergeStored(db, conflicting, importedAt);
  return papers.map((p) => (insertedIds.has(p.id) ? "inserted" : replaced.has(p.id) ? "updated" : "unchanged"));
}

/** Merges each paper into its stored row; returns the ids whose row it rewrote. */
async function mergeStored(db: Queryable, papers: readonly PaperInput[], importedAt: string): Promise<Set<string>> {
  if (papers.length === 0) return new Set();
  const { rows } = await db.query<StoredRow>(FIND_STORED, [papers.map((p) => p.id)]);
  const storedById = new Map(rows.map((row) => [row.id, toStoredPaper(row)]));
  const merged: PaperInput[] = [];
  for (const paper of papers) {
    const stored = storedById.get(paper.id);
    // Only a concurrent delete between the insert and the lock gets here.
    if (!stored) throw new Error(`paper ${paper.id} vanished while being imported`);
    const next = mergePaper(stored, paper);
    if (shouldReplace(stored, next)) merged.push({ ...next, id: paper.id });
  }
  if (merged.length === 0) return new Set();
  const ids = merged.map((p) => p.id);
  await db.query(DELETE_AUTHOR_KEYS, [ids]);
  await db.query(UPDATE_MERGED, [toJsonRows(merged), importedAt]);
  return new Set(ids);
}

/**
 * The rows as JSON text. A lone surrogate half becomes U+FFFD, as in a text parameter
 * (encoded as UTF-8): JSON.stringify writes it as a `\ud800`-style escape, which PostgreSQL's
 * json type rejects, failing the whole batch. Such text is rare, so it is looked for in the
 * output (pairs are written as characters) rather than in every string.
 */
function toJsonRows(papers: readonly PaperInput[]): string {
  const rows = papers.map((p) => ({
    id: p.id,
    author_keys: p.authors.map(toAuthorKey),
    version: p.version,
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    categories: p.categories,
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    comments: p.comments,
    doi: p.doi,
    journal_ref: p.journalRef,
    github_repo: p.githubRepo,
    project_page: p.projectPage,
    ai_summary: p.aiSummary,
    ai_keywords: p.aiKeywords,
    upvotes: p.upvotes,
  }));
  const json = JSON.stringify(rows);
  if (!ESCAPED_SURROGATE.test(json)) return json;
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === "string" ? value.replace(LONE_SURROGATE, "\uFFFD") : value,
  );
}

/** May match an escaped backslash before "ud800" too: then the slow path finds nothing to replace. */
const ESCAPED_SURROGATE = /\\ud[89a-f]/i;
/** In a `u` regular expression a surrogate pair is one code point, so this matches only lone halves. */
const LONE_SURROGATE = /\p{Surrogate}/gu;

type StoredRow = Record<Column, unknown> & { id: string };

function toStoredPaper(row: StoredRow): StoredPaper {
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
