import type { TextSegment } from "../../../../core/search/ports.js";

/**
 * FTS5's highlight() and snippet() wrap matches in markers we choose. Private-use characters
 * are used because titles and abstracts never contain them; if one ever does, the text is
 * returned whole and unhighlighted rather than split wrongly.
 */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

export function toSegments(marked: string | null): TextSegment[] {
  if (marked === null || marked === "") return [];
  const segments: TextSegment[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      push(segments, rest, false);
      break;
    }
    const end = rest.indexOf(MATCH_END, start + 1);
    if (end === -1) return [{ text: stripMarkers(marked), match: false }];
    push(segments, rest.slice(0, start), false);
    push(segments, rest.slice(start + 1, end), true);
    rest = rest.slice(end + 1);
  }
  return segments;
}

function push(segments: TextSegment[], text: string, match: boolean): void {
  if (text === "") return;
  const previous = segments.at(-1);
  if (previous && previous.match === match) segments[segments.length - 1] = { text: previous.text + text, match };
  else segments.push({ text, match });
}

function stripMarkers(text: string): string {
  return text.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
}
