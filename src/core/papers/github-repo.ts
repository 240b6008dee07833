/**
 * GitHub repositories are stored as `owner/repo`. Accepts the spellings found in
 * abstracts, comments and metadata: full URLs (http or https, `www.`, `.git`, trailing
 * paths such as `/tree/main/src` or `/blob/…`, query strings, fragments, trailing
 * punctuation), `github.com/owner/repo`, `git@github.com:owner/repo.git`, bare
 * `owner/repo`, percent-encoded URLs and LaTeX (`\url{…}`, `\href{…}{…}`, `\_`).
 * Pages that are not repositories (topics, orgs, sponsors, marketplace, gists, user
 * profiles, GitHub Pages sites) are not repositories. URLs broken across lines are not
 * put back together.
 */

/** Owner names: letters, digits and hyphens, up to 39 characters, not starting with a hyphen. */
const OWNER = /^[a-z\d](?:[a-z\d-]{0,38})$/i;
/** Repository names: letters, digits, `_`, `.` and `-`, up to 100 characters. */
const REPO = /^[\w.-]{1,100}$/;
/**
 * Top-level GitHub paths that are site pages, not owners. GitHub reserves these names,
 * so no user or organisation can own them.
 */
const RESERVED_OWNERS = new Set([
  "about",
  "account",
  "apps",
  "codespaces",
  "collections",
  "contact",
  "customer-stories",
  "dashboard",
  "enterprise",
  "events",
  "explore",
  "features",
  "issues",
  "join",
  "login",
  "logout",
  "marketplace",
  "new",
  "notifications",
  "orgs",
  "organizations",
  "pricing",
  "pulls",
  "readme",
  "search",
  "security",
  "sessions",
  "settings",
  "signup",
  "site",
  "solutions",
  "sponsors",
  "stars",
  "team",
  "topics",
  "trending",
  "users",
]);
/** Characters that end a sentence or close a bracket, quote or LaTeX group after a link. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>"'*]+$/;

/** Returns `owner/repo`, or null when the input names no repository. */
export function normalizeGithubRepo(input: string | null | undefined): string | null {
  if (!input) return null;
  let s = unescapeLatex(decodePercentEscapes(input)).trim();
  s = s.replace(/^\\(?:url|href)\{/i, "").replace(/^[(<["']+/, "");
  const isUrl = /^(?:git@|(?:git\+)?(?:https?:\/\/)?(?:www\.)?github\.com\/)/i.test(s);
  s = s.replace(/^git@github\.com:/i, "");
  s = s.replace(/^(?:git\+)?(?:https?:\/\/)?(?:www\.)?github\.com\/+/i, "");
  if (/^[a-z]+:\/\//i.test(s)) return null;
  // A URL ends at the first space ("…/repo (official)"); a bare name must be all name.
  if (isUrl) s = s.split(/\s/)[0]!;
  s = s.split(/[?#]/)[0]!;
  const [owner, rawRepo] = s.split("/");
  if (!owner || !rawRepo) return null;
  const repo = cleanRepoName(rawRepo);
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === "." || repo === "..") return null;
  if (RESERVED_OWNERS.has(owner.toLowerCase())) return null;
  return `${owner}/${repo}`;
}

export function githubRepoUrl(repo: string): string {
  return `https://github.com/${repo}`;
}

/**
 * A github.com link in free text. The lookbehind keeps other GitHub hosts out
 * (`gist.github.com`, `api.github.com`, `docs.github.com`) but not a missing space
 * ("available atgithub.com/owner/repo", seen in arXiv abstracts).
 */
const GITHUB_LINK = /(?<![.@])(?:(?:https?:\/\/)?(?:www\.)?github\.com\/+|git@github\.com:)([A-Za-z\d-]+\/[\w.-]+)/gi;

/** The first repository linked in free text (an abstract, a comments field), if any. */
export function findGithubRepo(text: string | null | undefined): string | null {
  if (!text || !/github/i.test(text)) return null;
  for (const match of unescapeLatex(decodePercentEscapes(text)).matchAll(GITHUB_LINK)) {
    const repo = normalizeGithubRepo(match[1]);
    if (repo) return repo;
  }
  return null;
}

/** A GitHub Pages site: `owner.github.io` or a project site `owner.github.io/repo`. */
const GITHUB_PAGES_LINK = /(?<![\w.-])(?:https?:\/\/)?([a-z\d][a-z\d-]{0,38})\.github\.io(?:\/([\w.-]+))?/i;

/**
 * The first GitHub Pages link in free text as a normalised URL
 * (`https://owner.github.io/repo/`), for a paper's project page. It is not a repository:
 * a project site is built from `owner/repo`, but that is often not the code.
 * @see https://docs.github.com/en/pages/getting-started-with-github-pages/about-github-pages#types-of-github-pages-sites
 */
export function findGithubProjectPage(text: string | null | undefined): string | null {
  if (!text || !/github\.io/i.test(text)) return null;
  const match = GITHUB_PAGES_LINK.exec(decodePercentEscapes(text));
  if (!match) return null;
  const site = `https://${match[1]!.toLowerCase()}.github.io/`;
  const segment = match[2]?.replace(TRAILING_PUNCTUATION, "") ?? "";
  // A file at the site's root (index.html) is the user site itself, not a project.
  if (segment === "" || /\.html?$/i.test(segment) || !REPO.test(segment)) return site;
  return `${site}${segment}/`;
}

/** Strips what text around a link leaves on the name: punctuation, `.git`, then punctuation again. */
function cleanRepoName(raw: string): string {
  return raw
    .replace(TRAILING_PUNCTUATION, "")
    .replace(/\.git$/i, "")
    .replace(TRAILING_PUNCTUATION, "");
}

/**
 * Decodes `%XX` escapes of printable ASCII (`%2F` → `/`, `%29` → `)`), so encoded links
 * read like plain ones; anything else (UTF-8 sequences, bad escapes) is left as is.
 */
function decodePercentEscapes(s: string): string {
  if (!s.includes("%")) return s;
  return s.replace(/%([2-7][\da-f])/gi, (escape, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : escape;
  });
}

/** LaTeX escapes authors put in URLs in comments: `\_`, `{\_}`, `\textunderscore{}`, `\~{}`, `\%`, `\#`, `\&`. */
function unescapeLatex(s: string): string {
  if (!s.includes("\\")) return s;
  return s
    .replace(/\{\\_\}|\\textunderscore(?:\{\})?|\\_/g, "_")
    .replace(/\\~(?:\{\})?|\\textasciitilde(?:\{\})?/g, "~")
    .replace(/\\([%#&])/g, "$1");
}
