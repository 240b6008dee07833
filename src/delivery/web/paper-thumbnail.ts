import type { Paper } from "../../core/papers/paper.js";
import { primaryCategory } from "../../core/papers/paper.js";
import { SITE_NAME } from "./layout.js";
import { splitTex, texToPlainText, truncatePlainText } from "./tex-segments.js";

/** The size of a link-preview image (1.91:1), which HF-compatible clients also accept. */
const WIDTH = 1200;
const HEIGHT = 630;
const TITLE_FONT_PX = 54;
const TITLE_LINE_PX = 66;
/** Characters per title line at 54px in a sans-serif face within the 1000px text column. */
const TITLE_LINE_CHARS = 34;
const TITLE_MAX_LINES = 5;
/** Characters of byline that fit beside the site name at 30px. */
const BYLINE_CHARS = 48;
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/** XML 1.0 forbids most control characters even as references; they carry nothing here anyway. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Greedy word wrap; a word longer than a line is cut; the last line ends in "…" when text was left. */
export function wrapText(text: string, lineChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= lineChars) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word.length > lineChars ? word.slice(0, lineChars - 1) + "…" : word;
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  // Make room for the ellipsis by dropping the last word (or, for one long word, a character).
  const lastSpace = last.lastIndexOf(" ");
  const room = last.length < lineChars ? last : last.slice(0, lastSpace > 0 ? lastSpace : lineChars - 1);
  kept[maxLines - 1] = `${room}…`;
  return kept;
}

/**
 * A card image for the paper (title, first author, arXiv id), which the HF-compatible API
 * gives as `thumbnail`. Presentation attributes only: no <style>, which the CSP refuses.
 */
export function renderPaperThumbnail(paper: Paper): string {
  const title = wrapText(texToPlainText(splitTex(paper.title)), TITLE_LINE_CHARS, TITLE_MAX_LINES);
  const firstAuthor = paper.authors[0] ?? "";
  const byline = truncatePlainText(paper.authors.length > 1 ? `${firstAuthor} et al.` : firstAuthor, BYLINE_CHARS);
  const category = primaryCategory(paper);
  const label = `arXiv:${paper.id}${category ? ` · ${category}` : ""}`;
  const titleTop = 200;
  const titleLines = title
    .map((line, i) => `<tspan x="100" y="${titleTop + i * TITLE_LINE_PX}">${escapeXml(line)}</tspan>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(`${texToPlainText(splitTex(paper.title))}, by ${byline}`)}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#eef2ff"/>
  <rect x="40" y="40" width="${WIDTH - 80}" height="${HEIGHT - 80}" rx="28" fill="#ffffff" stroke="#c7d2fe" stroke-width="2"/>
  <text x="100" y="124" font-family="${FONT}" font-size="28" font-weight="700" fill="#4338ca">${escapeXml(label)}</text>
  <text font-family="${FONT}" font-size="${TITLE_FONT_PX}" font-weight="750" fill="#111827">${titleLines}</text>
  <text x="100" y="540" font-family="${FONT}" font-size="30" fill="#4b5563">${escapeXml(byline)}</text>
  <text x="${WIDTH - 100}" y="540" font-family="${FONT}" font-size="30" font-weight="750" fill="#4338ca" text-anchor="end">${SITE_NAME}</text>
</svg>
`;
}
