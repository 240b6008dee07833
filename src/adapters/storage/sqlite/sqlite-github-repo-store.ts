import type { GithubRepoState, GithubRepoStore } from "../../../core/ingestion/ports.js";
import type { SqliteDatabase } from "./sqlite-database.js";
import { createSqliteStarSampleWriter } from "./sqlite-star-samples.js";

export function createSqliteGithubRepoStore(db: SqliteDatabase): GithubRepoStore {
  const toRefresh = db.prepare<[string, number], { repo: string }>(`
    SELECT p.github_repo AS repo FROM papers p
    LEFT JOIN github_repos g ON g.repo = p.github_repo
    WHERE p.github_repo IS NOT NULL AND (g.status IS NULL OR g.status != 'missing')
      AND (g.checked_at IS NULL OR g.checked_at < ?)
    GROUP BY p.github_repo
    ORDER BY max(g.checked_at IS NOT NULL), min(g.checked_at), max(p.published_at) DESC
    LIMIT ?`);
  const find = db.prepare<
    [string],
    {
      repo: string;
      etag: string | null;
      checked_at: string | null;
      status: GithubRepoState["status"];
      moved_to: string | null;
      stars: number | null;
    }
  >("SELECT * FROM github_repos WHERE repo = ?");
  const save = db.prepare(`INSERT INTO github_repos (repo, etag, checked_at, status, moved_to, stars)
    VALUES (@repo, @etag, @checkedAt, @status, @movedTo, @stars)
    ON CONFLICT (repo) DO UPDATE SET etag = excluded.etag, checked_at = excluded.checked_at,
      status = excluded.status, moved_to = excluded.moved_to, stars = excluded.stars`);
  const writeStarSample = createSqliteStarSampleWriter(db);
  const recordStars = db.transaction((repo: string, day: string, stars: number) => {
    writeStarSample(repo, day, stars, true);
  });

  return {
    async listReposToRefresh(checkedBefore, limit) {
      return toRefresh.all(checkedBefore, limit).map((r) => r.repo);
    },
    async findRepoState(repo) {
      const row = find.get(repo);
      return row
        ? {
            repo: row.repo,
            etag: row.etag,
            checkedAt: row.checked_at,
            status: row.status,
            movedTo: row.moved_to,
            stars: row.stars,
          }
        : null;
    },
    async saveRepoState(state) {
      save.run({ ...state });
    },
    async recordStars(repo, day, stars) {
      recordStars(repo, day, stars);
    },
  };
}
