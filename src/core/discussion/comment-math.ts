import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";
import temml from "temml";

/**
 * `$…$` (inline) and `$$…$$` (display) math in comments, rendered to MathML by Temml.
 * Math is a Markdown rule rather than a pass over the text (as tex-segments does for
 * abstracts), so a `$` inside a code span stays a dollar sign. An inline `$` opens only
 * before a non-space and closes only after a non-space not followed by a digit (Pandoc's
 * rule), so "$5 and $10" stays text.
 * @see https://pandoc.org/MANUAL.html#extension-tex_math_dollars
 */

/** Longer formulas are shown as source: rendering is synchronous and costs per request. */
export const MAX_TEX_CHARS = 1_000;
/** Formulas per comment; the rest are shown as source. */
export const MAX_FORMULAS_PER_COMMENT = 50;
/** Temml expands macros at most this many times, so a `\def` loop cannot hang a request. */
const MAX_MACRO_EXPANSIONS = 500;

/** Per-render budget, kept in markdown-it's env so that one comment cannot render unbounded math. */
export interface MathBudget {
  formulasLeft: number;
}

export function commentMathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math_inline", parseInlineMath);
  md.block.ruler.before("fence", "math_block", parseBlockMath, { alt: ["paragraph", "blockquote", "list"] });
  md.renderer.rules["math_inline"] = (tokens, idx, _options, env: unknown) =>
    renderMath(tokens[idx]!.content, tokens[idx]!.markup === "$$", readBudget(env));
  md.renderer.rules["math_block"] = (tokens, idx, _options, env: unknown) =>
    `<p>${renderMath(tokens[idx]!.content, true, readBudget(env))}</p>\n`;
}

function readBudget(env: unknown): MathBudget | undefined {
  return (env as { math?: MathBudget } | undefined)?.math;
}

function parseInlineMath(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src[pos] !== "$") return false;
  const delimiter = src.startsWith("$$", pos) ? "$$" : "$";
  const start = pos + delimiter.length;
  if (start >= posMax || (delimiter === "$" && /\s/.test(src[start]!))) return false;
  const end = findClosingDollar(src, delimiter, start, Math.min(posMax, start + MAX_TEX_CHARS + delimiter.length));
  if (end === -1) return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    token.content = src.slice(start, end);
    token.markup = delimiter;
  }
  state.pos = end + delimiter.length;
  return true;
}

/** Index of the closing delimiter in [from, max), or -1; a backslash escapes the next character. */
function findClosingDollar(src: string, delimiter: string, from: number, max: number): number {
  for (let j = from; j + delimiter.length <= max; j++) {
    if (src[j] === "\\") {
      j++;
      continue;
    }
    if (!src.startsWith(delimiter, j)) continue;
    if (delimiter === "$$") return j > from ? j : -1;
    if (!/\s/.test(src[j - 1]!) && !/\d/.test(src[j + 1] ?? "")) return j;
  }
  return -1;
}

/** `$$` on its own line opens display math that closes at a line ending in `$$`. */
function parseBlockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = lineText(state, startLine);
  if (!first.startsWith("$$")) return false;
  const lines = [first.slice(2)];
  let line = startLine;
  while (!lines.at(-1)!.trimEnd().endsWith("$$")) {
    line += 1;
    if (line >= endLine || state.sCount[line]! < state.blkIndent) return false;
    lines.push(lineText(state, line));
    if (lines.join("\n").length > MAX_TEX_CHARS + 4) return false;
  }
  const tex = lines.join("\n").trimEnd().slice(0, -2);
  if (tex.includes("$$") || tex.trim() === "") return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = tex;
  token.markup = "$$";
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
}

function renderMath(tex: string, display: boolean, budget: MathBudget | undefined): string {
  const source = display ? `$$${tex}$$` : `$${tex}$`;
  if (budget) {
    if (budget.formulasLeft <= 0) return renderTexSource(source);
    budget.formulasLeft -= 1;
  }
  return renderTexToMathMl(tex.trim(), display) ?? renderTexSource(source);
}

/**
 * MathML for one formula, or null when it is too long or Temml cannot parse it. `trust:
 * false` refuses \href, \url, \htmlData, \class, \style and \includegraphics outright.
 * @see https://temml.org/docs/en/administration#options
 */
export function renderTexToMathMl(tex: string, display: boolean): string | null {
  if (tex.length > MAX_TEX_CHARS || tex === "") return null;
  try {
    return temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      maxExpand: MAX_MACRO_EXPANSIONS,
    });
  } catch {
    return null;
  }
}

function renderTexSource(source: string): string {
  return `<code class="tex-source">${escapeHtml(source)}</code>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
