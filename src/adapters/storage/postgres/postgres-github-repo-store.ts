import type { GithubRepoState, GithubRepoStore } from "../../../core/ingestion/ports.js";
import { type PostgresPool, withTransaction } from "./postgres-pool.js";
import { writeStarSample } from "./postgres-star-samples.js";

// Never-checked repositories first, then the least recently checked, newest papers first.
const TO_REFRESH = `
  SELECT p.github_repo AS repo FROM papers p
  LEFT JOIN github_repos g ON g.repo = p.github_repo
  WHERE p.github_repo IS NOT NULL AND (g.status IS NULL OR g.status != 'missing')
    AND (g.checked_at IS NULL OR g.checked_at < $1)
  GROUP BY p.github_repo
  ORDER BY bool_or(g.checked_at IS NOT NULL), min(g.checked_at), max(p.published_at) DESC
  LIMIT $2`;

interface RepoRow {
  repo: string;
  etag: string | null;
  checked_at: string | null;
  status: GithubRepoState["status"];
  moved_to: string | null;
  stars: number | null;
}

export function createPostgresGithubRepoStore(pool: PostgresPool): GithubRepoStore {
  return {
    async listReposToRefresh(checkedBefore, limit) {
      const { rows } = await pool.query<{ repo: string }>(TO_REFRESH, [checkedBefore, limit]);
      return rows.map((r) => r.repo);
    },
    async findRepoState(repo) {
      const { rows } = await pool.query<RepoRow>("SELECT * FROM github_repos WHERE repo = $1", [repo]);
      const row = rows[0];
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
      await pool.query(
        `INSERT INTO github_repos (repo, etag, checked_at, status, moved_to, stars) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (repo) DO UPDATE SET etag = excluded.etag, checked_at = excluded.checked_at,
           status = excluded.status, moved_to = excluded.moved_to, stars = excluded.stars`,
        [state.repo, state.etag, state.checkedAt, state.status, state.movedTo, state.stars],
      );
    },
    async recordStars(repo, day, stars) {
      await withTransaction(pool, (client) => writeStarSample(client, { repo, day, stars }, true));
    },
  };
}
