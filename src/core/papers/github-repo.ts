/**
 * GitHub repositories are stored as `owner/repo`. Accepts the spellings found in
 * abstracts and metadata: full URLs (with .git, trailing paths, query strings),
 * `github.com/owner/repo`, `git@github.com:owner/repo.git` and bare `owner/repo`.
 */
const OWNER = /^[a-z\d](?:[a-z\d-]{0,38})$/i;
const REPO = /^[\w.-]{1,100}$/;
/** Top-level GitHub paths that are pages, not owners. */
const RESERVED_OWNERS = new Set([
  "about",
  "apps",
  "collections",
  "contact",
  "customer-stories",
  "enterprise",
  "explore",
  "features",
  "issues",
  "login",
  "marketplace",
  "new",
  "notifications",
  "orgs",
  "pricing",
  "pulls",
  "search",
  "settings",
  "site",
  "sponsors",
  "topics",
  "trending",
  "users",
]);

/** Returns `owner/repo`, or null when the input names no repository. */
export function normalizeGithubRepo(input: string | null | undefined): string | null {
  if (!input) return null;
  let s = input.trim();
  s = s.replace(/^git@github\.com:/i, "");
  s = s.replace(/^(?:git\+)?(?:https?:\/\/)?(?:www\.)?github\.com\//i, "");
  if (/^[a-z]+:\/\//i.test(s)) return null;
  s = s.split(/[?#]/)[0]!;
  const [owner, rawRepo] = s.split("/");
  if (!owner || !rawRepo) return null;
  const repo = rawRepo.replace(/\.git$/i, "").replace(/[.,;:)\]]+$/, "");
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === "." || repo === "..") return null;
  if (RESERVED_OWNERS.has(owner.toLowerCase())) return null;
  return `${owner}/${repo}`;
}

export function githubRepoUrl(repo: string): string {
  return `https://github.com/${repo}`;
}

const GITHUB_LINK = /(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z\d-]+\/[\w.-]+)/gi;

/** The first repository linked in free text (an abstract, a comments field), if any. */
export function findGithubRepo(text: string | null | undefined): string | null {
  if (!text || !/github\.com/i.test(text)) return null;
  for (const match of text.matchAll(GITHUB_LINK)) {
    const repo = normalizeGithubRepo(match[1]);
    if (repo) return repo;
  }
  return null;
}
