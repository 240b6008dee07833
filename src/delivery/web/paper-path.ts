import { parseArxivId } from "../../core/papers/arxiv-id.js";
import { PageInputError } from "./page-input-error.js";
import { paperPath } from "./paths.js";

/** What a `/papers/{id}…` URL asks for. */
export type PaperFormat = "page" | "bibtex" | "markdown" | "thumbnail";

const FORMAT_SUFFIXES: readonly (readonly [suffix: string, format: PaperFormat])[] = [
  ["/thumbnail.svg", "thumbnail"],
  [".bib", "bibtex"],
  [".md", "markdown"],
];

export interface PaperPathRequest {
  /** Normalised arXiv id without version. */
  readonly id: string;
  readonly format: PaperFormat;
  /** The canonical URL path of the same resource; redirect when the request used another. */
  readonly canonicalPath: string;
}

/**
 * Reads the part of the path after `/papers/`: an id in any spelling arXiv users paste
 * (`2501.01234v2`, `arXiv:2501.01234`, `hep-th%2F9901001`, `abs/2501.01234`, a full abs or
 * pdf URL), optionally followed by `.bib`, `.md` or `/thumbnail.svg`.
 * Throws InvalidArxivIdError or {@link PageInputError} for anything else.
 */
export function parsePaperPath(rest: string): PaperPathRequest {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest).replace(/\/+$/, "");
  } catch {
    throw new PageInputError(`"${rest.slice(0, 60)}" is not a valid URL path: it has a malformed %-escape.`);
  }
  const [suffix, format] = FORMAT_SUFFIXES.find(([s]) => decoded.endsWith(s)) ?? ["", "page" as const];
  const raw = decoded.slice(0, decoded.length - suffix.length);
  const { id } = parseArxivId(asArxivUrl(raw));
  return { id, format, canonicalPath: `${paperPath(id)}${suffix}` };
}

/** `abs/…`, `arxiv.org/abs/…` and `https:/arxiv.org/…` (a slash merged away) as full URLs. */
function asArxivUrl(raw: string): string {
  if (/^(?:abs|pdf|html)\//i.test(raw)) return `https://arxiv.org/${raw}`;
  if (/^(?:www\.)?arxiv\.org\//i.test(raw)) return `https://${raw}`;
  return raw.replace(/^(https?):\/(?!\/)/i, "$1://");
}
