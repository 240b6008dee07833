import type { PaperImport } from "../../../core/papers/paper-record.js";
import type { Queryable } from "./postgres-pool.js";
import { writeStarSampleBatch } from "./postgres-star-sample-batch.js";

// Each statement takes one history table's rows from the whole batch, each with the index of
// its record; keeps, of the rows sharing a key, the first in batch order (`ord`); and returns
// the record of each row it stored: what writing the rows one by one would store and report.
const INSERT_LISTINGS = `WITH input AS (
    SELECT * FROM unnest($1::int[], $2::date[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
      WITH ORDINALITY AS u (record, listing_date, paper_id, submitted_at, submitted_by, featured_by, ord)),
  inserted AS (
    INSERT INTO daily_listings (listing_date, paper_id, submitted_at, submitted_by, featured_by)
    SELECT DISTINCT ON (listing_date, paper_id) listing_date, paper_id, submitted_at, submitted_by, featured_by
    FROM input ORDER BY listing_date, paper_id, ord
    ON CONFLICT DO NOTHING
    RETURNING listing_date, paper_id)
  SELECT min(i.record) AS record FROM inserted JOIN input i USING (listing_date, paper_id) GROUP BY listing_date, paper_id`;

const INSERT_PAGE_RANKS = `WITH input AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::int[]) WITH ORDINALITY AS u (record, paper_id, day, rank, ord)),
  inserted AS (
    INSERT INTO page_rank_samples (paper_id, day, rank)
    SELECT DISTINCT ON (paper_id, day) paper_id, day, rank FROM input ORDER BY paper_id, day, ord
    ON CONFLICT DO NOTHING
    RETURNING paper_id, day)
  SELECT min(i.record) AS record FROM inserted JOIN input i USING (paper_id, day) GROUP BY paper_id, day`;

/**
 * Merges the batch's listings, page-rank samples and star samples (the first one of each
 * day stays), in a few statements whatever the batch's size. Returns the indexes
 * of the records that stored anything new. Run after the papers are written (foreign keys).
 */
export async function mergeHistoryBatch(db: Queryable, batch: readonly PaperImport[]): Promise<Set<number>> {
  const added = new Set<number>();
  for (const record of await insertListings(db, batch)) added.add(record);
  for (const record of await insertPageRanks(db, batch)) added.add(record);
  const stars = batch.flatMap((r, record) => {
    const repo = r.paper.githubRepo;
    return repo ? r.stars.map((s) => ({ record, repo, day: s.day, stars: s.stars })) : [];
  });
  for (const record of await writeStarSampleBatch(db, stars)) added.add(record);
  return added;
}

async function insertListings(db: Queryable, batch: readonly PaperImport[]): Promise<number[]> {
  const rows = batch.flatMap((r, record) => r.listings.map((l) => ({ record, id: r.paper.id, ...l })));
  if (rows.length === 0) return [];
  const result = await db.query<{ record: number }>(INSERT_LISTINGS, [
    rows.map((l) => l.record),
    rows.map((l) => l.date),
    rows.map((l) => l.id),
    rows.map((l) => l.submittedAt),
    rows.map((l) => l.submittedBy),
    rows.map((l) => l.featuredBy),
  ]);
  return result.rows.map((r) => r.record);
}

async function insertPageRanks(db: Queryable, batch: readonly PaperImport[]): Promise<number[]> {
  const rows = batch.flatMap((r, record) => r.pageRanks.map((p) => ({ record, id: r.paper.id, ...p })));
  if (rows.length === 0) return [];
  const result = await db.query<{ record: number }>(INSERT_PAGE_RANKS, [
    rows.map((p) => p.record),
    rows.map((p) => p.id),
    rows.map((p) => p.day),
    rows.map((p) => p.rank),
  ]);
  return result.rows.map((r) => r.record);
}
