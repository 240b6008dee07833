import type { TextSegment } from "../../core/search/ports.js";
import { MathText } from "./math-text.js";

/** MathText keeps display math inline when given a length limit; a card has no room for centred formulas. */
const INLINE_ONLY = Number.POSITIVE_INFINITY;

/** Opening and closing TeX delimiters, longest first, as tex-segments.ts reads them. */
const TEX_DELIMITERS = [
  ["$$", "$$"],
  ["\\[", "\\]"],
  ["\\(", "\\)"],
  ["$", "$"],
] as const;

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Search highlights over arXiv text: the matched words in <mark>, with TeX still rendered.
 * The segments hold raw text, which JSX escapes. A mark that would cut a formula in two
 * grows to cover the whole formula, so every piece handed to MathText has whole formulas.
 */
export function HighlightedText({ segments }: { segments: readonly TextSegment[] }) {
  const text = segments.map((s) => s.text).join("");
  const matches = mergeSpans(extendOverFormulas(matchSpans(segments), findFormulaSpans(text)));
  const pieces: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const { start, end } of matches) {
    if (start > at) pieces.push({ text: text.slice(at, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false });
  return (
    <>
      {pieces.map((p) =>
        p.match ? (
          <mark>
            <MathText text={p.text} maxChars={INLINE_ONLY} />
          </mark>
        ) : (
          <MathText text={p.text} maxChars={INLINE_ONLY} />
        ),
      )}
    </>
  );
}

function matchSpans(segments: readonly TextSegment[]): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const segment of segments) {
    if (segment.match && segment.text) spans.push({ start: at, end: at + segment.text.length });
    at += segment.text.length;
  }
  return spans;
}

/** Where formulas (and an unclosed delimiter's tail) sit in `text`, mirroring splitTex. */
export function findFormulaSpans(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("\\$", i)) {
      i += 2;
      continue;
    }
    const delimiter = TEX_DELIMITERS.find(([open]) => text.startsWith(open, i));
    if (!delimiter) {
      i += 1;
      continue;
    }
    const [open, close] = delimiter;
    const end = findClosing(text, close, i + open.length);
    if (end === -1 || text.slice(i + open.length, end).trim() === "") {
      spans.push({ start: i, end: text.length });
      return spans;
    }
    spans.push({ start: i, end: end + close.length });
    i = end + close.length;
  }
  return spans;
}

function findClosing(text: string, close: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "\\" && text[j + 1] === "$") {
      j++;
      continue;
    }
    if (text.startsWith(close, j)) return j;
  }
  return -1;
}

function extendOverFormulas(matches: readonly Span[], formulas: readonly Span[]): Span[] {
  return matches.map((m) => {
    let { start, end } = m;
    for (const f of formulas) {
      if (f.start < end && start < f.end) {
        start = Math.min(start, f.start);
        end = Math.max(end, f.end);
      }
    }
    return { start, end };
  });
}

function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}
