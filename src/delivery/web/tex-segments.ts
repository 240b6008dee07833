/**
 * Splits arXiv text (titles, abstracts) into plain text and TeX math, the way MathJax reads
 * it on arxiv.org: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` display, `\$` a dollar sign.
 * @see https://docs.mathjax.org/en/latest/input/tex/delimiters.html
 */
export type TexSegment =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "math"; readonly tex: string; readonly display: boolean }
  /** An opening delimiter that never closes: the rest of the text, kept as TeX source. */
  | { readonly kind: "unbalanced"; readonly source: string };

const DELIMITERS = [
  { open: "$$", close: "$$", display: true },
  { open: "\\[", close: "\\]", display: true },
  { open: "\\(", close: "\\)", display: false },
  { open: "$", close: "$", display: false },
] as const;

export function splitTex(input: string): TexSegment[] {
  const segments: TexSegment[] = [];
  let text = "";
  let i = 0;
  const flushText = () => {
    if (text) segments.push({ kind: "text", text });
    text = "";
  };
  while (i < input.length) {
    if (input.startsWith("\\$", i)) {
      text += "$";
      i += 2;
      continue;
    }
    const delimiter = DELIMITERS.find((d) => input.startsWith(d.open, i));
    if (!delimiter) {
      text += input[i];
      i += 1;
      continue;
    }
    flushText();
    const end = findClosing(input, delimiter.close, i + delimiter.open.length);
    const tex = end === -1 ? "" : input.slice(i + delimiter.open.length, end).trim();
    if (end === -1 || tex === "") {
      segments.push({ kind: "unbalanced", source: input.slice(i) });
      return segments;
    }
    segments.push({ kind: "math", tex, display: delimiter.display });
    i = end + delimiter.close.length;
  }
  flushText();
  return segments;
}

/** Index of the first unescaped `close` at or after `from`, or -1. */
function findClosing(input: string, close: string, from: number): number {
  for (let j = from; j < input.length; j++) {
    if (input[j] === "\\" && input[j + 1] === "$") {
      j++;
      continue;
    }
    if (input.startsWith(close, j)) return j;
  }
  return -1;
}

/**
 * The first `maxChars` characters' worth of segments, cut at a word boundary and ending in
 * "…" when anything was left out. Math is kept whole or dropped, never cut mid-formula.
 */
export function truncateTex(segments: readonly TexSegment[], maxChars: number): TexSegment[] {
  const kept: TexSegment[] = [];
  let left = maxChars;
  for (const segment of segments) {
    const length = segmentLength(segment);
    if (length <= left) {
      kept.push(segment);
      left -= length;
      continue;
    }
    if (segment.kind === "text") kept.push({ kind: "text", text: cutAtWord(segment.text, left) + "…" });
    else kept.push({ kind: "text", text: "…" });
    return kept;
  }
  return kept;
}

/** Text for places that cannot show math (meta descriptions, SVG): TeX source without delimiters. */
export function texToPlainText(segments: readonly TexSegment[]): string {
  return segments
    .map((s) => (s.kind === "text" ? s.text : s.kind === "math" ? s.tex : s.source))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** Plain text cut to at most `maxChars` at a word boundary, with "…" when cut. */
export function truncatePlainText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : cutAtWord(text, maxChars - 1) + "…";
}

function segmentLength(segment: TexSegment): number {
  if (segment.kind === "text") return segment.text.length;
  return segment.kind === "math" ? segment.tex.length : segment.source.length;
}

function cutAtWord(text: string, maxChars: number): string {
  const cut = text.slice(0, Math.max(0, maxChars));
  const lastSpace = cut.lastIndexOf(" ");
  // Cut at the last space unless that throws away most of the budget (one very long word).
  return (lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd();
}
