import type { Queryable } from "./postgres-pool.js";

/**
 * Records one count for (repo, day), keeping each row's `prev_stars` (the repository's
 * previous sample) true whatever order samples arrive in: the new row takes the count before
 * it, and the next later sample is relinked to the new row. `replace`: a later count the same
 * day wins (a refresh); otherwise the first one stays (an import merging history). Returns
 * whether a row changed. Run inside a transaction (migrations/postgres/001_papers.sql).
 */
export async function writeStarSample(
  db: Queryable,
  sample: { repo: string; day: string; stars: number },
  replace: boolean,
): Promise<boolean> {
  const { repo, day, stars } = sample;
  const before = await db.query<{ stars: number }>(
    "SELECT stars FROM github_star_samples WHERE repo = $1 AND day < $2 ORDER BY day DESC LIMIT 1",
    [repo, day],
  );
  const onConflict = replace ? "DO UPDATE SET stars = excluded.stars" : "DO NOTHING";
  const written = await db.query(
    `INSERT INTO github_star_samples (repo, day, stars, prev_stars) VALUES ($1, $2, $3, $4)
     ON CONFLICT (repo, day) ${onConflict}`,
    [repo, day, stars, before.rows[0]?.stars ?? null],
  );
  if (written.rowCount === 0) return false;
  await db.query(
    `UPDATE github_star_samples SET prev_stars = $3
     WHERE repo = $1 AND day = (SELECT min(day) FROM github_star_samples WHERE repo = $1 AND day > $2)`,
    [repo, day, stars],
  );
  return true;
}
