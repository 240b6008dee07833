/**
 * arXiv identifiers: new style `YYMM.NNNN` (2007–2014) and `YYMM.NNNNN` (2015 on),
 * old style `archive(.subject)?/YYMMNNN` (before April 2007), each with an optional `vN`.
 * @see https://info.arxiv.org/help/arxiv_identifier.html
 */
export interface ArxivId {
  /** Normalised id without version: `2501.01234`, `hep-th/9901001`. */
  readonly id: string;
  /** Version number when the input named one (`v2` → 2). */
  readonly version: number | null;
}

export class InvalidArxivIdError extends Error {
  constructor(readonly input: string) {
    super(
      `"${truncate(input)}" is not an arXiv identifier: expected e.g. 2501.01234, 0704.0001, hep-th/9901001 (optionally with v2, an "arXiv:" prefix or an arxiv.org abs/pdf/html URL)`,
    );
    this.name = "InvalidArxivIdError";
  }
}

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v([1-9]\d*))?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[a-z]{2})?)\/(\d{2})(\d{2})(\d{3})(?:v([1-9]\d*))?$/i;
const URL_PATH = /^\/(?:abs|pdf|html|format|papers)\/(.+?)(?:\.pdf)?\/?$/;
const ARXIV_HOSTS = new Set(["arxiv.org", "www.arxiv.org", "export.arxiv.org", "huggingface.co"]);

/** Parses any common spelling of an arXiv id; throws {@link InvalidArxivIdError} otherwise. */
export function parseArxivId(input: string): ArxivId {
  const bare = stripPrefixes(input.trim());
  const newStyle = NEW_STYLE.exec(bare);
  if (newStyle) {
    const [, yy, mm, seq, version] = newStyle;
    // 5-digit sequence numbers start in 1501; 4-digit ones end in 1412.
    const fiveDigits = Number(yy) >= 15;
    // New-style ids began in April 2007 (0704).
    if (isValidMonth(mm) && seq!.length === (fiveDigits ? 5 : 4) && `${yy}${mm}` >= "0704") {
      return { id: `${yy}${mm}.${seq}`, version: parseVersion(version) };
    }
  }
  const oldStyle = OLD_STYLE.exec(bare);
  if (oldStyle) {
    const [, archive, yy, mm, seq, version] = oldStyle;
    if (isValidMonth(mm) && isOldStyleMonth(yy!, mm!)) {
      return { id: `${archive!.toLowerCase()}/${yy}${mm}${seq}`, version: parseVersion(version) };
    }
  }
  throw new InvalidArxivIdError(input);
}

/** True when {@link parseArxivId} would accept the input. */
export function isArxivId(input: string): boolean {
  try {
    parseArxivId(input);
    return true;
  } catch {
    return false;
  }
}

/** The arXiv month (`YYMM`) encoded in an id, as `YYYY-MM`. */
export function arxivIdMonth(id: string): string {
  const yymm = id.includes("/") ? id.split("/")[1]!.slice(0, 4) : id.slice(0, 4);
  const yy = Number(yymm.slice(0, 2));
  const century = yy >= 91 ? 1900 : 2000;
  return `${century + yy}-${yymm.slice(2, 4)}`;
}

function stripPrefixes(input: string): string {
  let s = input;
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new InvalidArxivIdError(input);
    }
    if (!ARXIV_HOSTS.has(url.hostname.toLowerCase())) throw new InvalidArxivIdError(input);
    const path = URL_PATH.exec(url.pathname);
    if (!path) throw new InvalidArxivIdError(input);
    s = decodeURIComponent(path[1]!);
  }
  return s.replace(/^arxiv:\s*/i, "");
}

function isValidMonth(mm: string | undefined): boolean {
  const month = Number(mm);
  return month >= 1 && month <= 12;
}

/** Old-style ids ran from 1991-08 to 2007-03. */
function isOldStyleMonth(yy: string, mm: string): boolean {
  const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
  const yearMonth = year * 100 + Number(mm);
  return yearMonth >= 199108 && yearMonth <= 200703;
}

function parseVersion(version: string | undefined): number | null {
  if (version === undefined) return null;
  const n = Number(version);
  return n >= 1 ? n : null;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
