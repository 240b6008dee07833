import type { SqliteDatabase } from "./sqlite-database.js";

/**
 * Writes `github_star_samples`, keeping each row's `prev_stars` (the repository's previous
 * sample) true whatever order samples arrive in: the new row takes the count before it, and
 * the next later sample is relinked to the new row. Trending's "gained stars in a window"
 * query reads that column (migrations/sqlite/001_papers.sql).
 */
export function createSqliteStarSampleWriter(db: SqliteDatabase) {
  const countBefore = db.prepare<[string, string], { stars: number }>(
    "SELECT stars FROM github_star_samples WHERE repo = ? AND day < ? ORDER BY day DESC LIMIT 1",
  );
  const insertIfAbsent = db.prepare(
    "INSERT OR IGNORE INTO github_star_samples (repo, day, stars, prev_stars) VALUES (?, ?, ?, ?)",
  );
  const upsert = db.prepare(`INSERT INTO github_star_samples (repo, day, stars, prev_stars) VALUES (?, ?, ?, ?)
    ON CONFLICT (repo, day) DO UPDATE SET stars = excluded.stars`);
  const relinkNext = db.prepare(`UPDATE github_star_samples SET prev_stars = ?
    WHERE repo = ? AND day = (SELECT min(day) FROM github_star_samples WHERE repo = ? AND day > ?)`);

  /**
   * Records one count for (repo, day). `replace`: a later count the same day wins (a refresh);
   * otherwise the first one stays (an import merging history). Returns whether a row changed.
   * Call inside a transaction.
   */
  return function writeStarSample(repo: string, day: string, stars: number, replace: boolean): boolean {
    const previous = countBefore.get(repo, day)?.stars ?? null;
    const changed = (replace ? upsert : insertIfAbsent).run(repo, day, stars, previous).changes > 0;
    if (changed) relinkNext.run(stars, repo, repo, day);
    return changed;
  };
}
