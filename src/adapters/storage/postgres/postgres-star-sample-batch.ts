import type { Queryable } from "./postgres-pool.js";

/** One star count to merge, with the index of the import record it came from. */
export interface StarSampleRow {
  readonly record: number;
  readonly repo: string;
  readonly day: string;
  readonly stars: number;
}

// The first count of each (repo, day) in batch order stays, as does one already stored.
const INSERT_FIRST = `WITH input AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::int[]) WITH ORDINALITY AS u (record, repo, day, stars, ord)),
  inserted AS (
    INSERT INTO github_star_samples (repo, day, stars)
    SELECT DISTINCT ON (repo, day) repo, day, stars FROM input ORDER BY repo, day, ord
    ON CONFLICT (repo, day) DO NOTHING
    RETURNING repo, day)
  SELECT min(i.record) AS record, i.repo, i.day::text AS day
  FROM inserted JOIN input i USING (repo, day) GROUP BY i.repo, i.day`;

// Sets prev_stars, the count of the repository's previous sample, on each new row and on the
// row right after one: the rows writeStarSample relinks when inserting the samples one by one.
const RELINK = `UPDATE github_star_samples AS s SET prev_stars = c.prev
  FROM (
    SELECT repo, day, lag(stars) OVER w AS prev, lag(day) OVER w AS prev_day
    FROM github_star_samples WHERE repo = ANY($1::text[])
    WINDOW w AS (PARTITION BY repo ORDER BY day)) AS c
  WHERE s.repo = c.repo AND s.day = c.day
    AND EXISTS (SELECT 1 FROM unnest($1::text[], $2::date[]) AS n (repo, day)
      WHERE n.repo = c.repo AND (n.day = c.day OR n.day = c.prev_day))`;

/**
 * Merges an import batch's star samples in two statements, with writeStarSample's rule for
 * an import (postgres-star-samples.ts, `replace` false): the first count of a day stays, and
 * prev_stars ends as it would after writing the samples one by one in order. Returns the
 * records whose samples stored a new row. Run inside a transaction.
 */
export async function writeStarSampleBatch(db: Queryable, samples: readonly StarSampleRow[]): Promise<number[]> {
  if (samples.length === 0) return [];
  const { rows } = await db.query<{ record: number; repo: string; day: string }>(INSERT_FIRST, [
    samples.map((s) => s.record),
    samples.map((s) => s.repo),
    samples.map((s) => s.day),
    samples.map((s) => s.stars),
  ]);
  if (rows.length === 0) return [];
  await db.query(RELINK, [rows.map((r) => r.repo), rows.map((r) => r.day)]);
  return rows.map((r) => r.record);
}
