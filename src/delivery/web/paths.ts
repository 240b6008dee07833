/** Site URLs built in one place, so links and routes agree. */

/** `/papers/2501.01234`, `/papers/hep-th/9901001`: old-style ids keep their slash. */
export function paperPath(id: string): string {
  return `/papers/${id}`;
}

export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name)}`;
}

export function githubUrl(repo: string): string {
  return `https://github.com/${repo}`;
}

/** DOIs may hold `#` or `?`, which must not end the URL's path; their slashes stay. */
export function doiUrl(doi: string): string {
  return `https://doi.org/${encodeURIComponent(doi).replaceAll("%2F", "/")}`;
}

/**
 * The URL when it is http(s), else null. Imports already check project pages, but a link
 * is where a `javascript:` URL would do harm, so the page checks again.
 */
export function safeHttpUrl(url: string | null): string | null {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}
