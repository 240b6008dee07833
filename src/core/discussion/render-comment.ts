import MarkdownIt, { type MarkdownIt as MarkdownParser } from "markdown-it";
import { MAX_FORMULAS_PER_COMMENT, type MathBudget, commentMathPlugin } from "./comment-math.js";
import { isSafeLink, sanitizeCommentHtml } from "./sanitize-comment-html.js";

/**
 * Comment Markdown → HTML: paragraphs, emphasis, strong, inline code, code blocks, block
 * quotes, lists, links, autolinks and `$…$` / `$$…$$` math. Raw HTML is escaped (`html:
 * false`); headings, images and tables are switched off, so `# x` stays text and `![a](u)`
 * becomes a plain link. Links are http(s) or mailto and carry rel="nofollow ugc noopener".
 * The result then passes sanitizeCommentHtml, an allow-list independent of markdown-it.
 */

/** Bodies longer than this are refused when posting; rendering cuts them here. */
export const MAX_COMMENT_CHARS = 10_000;
/**
 * Block and inline nesting cap (markdown-it's default is 100). Twenty levels of quotes or
 * lists are more than any comment needs; the cap bounds the parser's recursion.
 */
const MAX_MARKDOWN_NESTING = 20;
/**
 * Stored HTML is rendered once, at post or edit time. Bump this when the renderer changes
 * (above all for a security fix): comments stored with an older version are rendered again
 * on read.
 */
export const COMMENT_RENDER_VERSION = 1;

/**
 * One parser for the process. Building one costs far more than a render, and it holds no
 * per-request data: each render passes its own env.
 */
const markdown = createCommentMarkdown();

/** Safe HTML for a comment body. Never throws: on any failure the text comes back escaped. */
export function renderCommentHtml(body: string): string {
  const source = cleanCommentSource(body);
  try {
    const env: { math: MathBudget } = { math: { formulasLeft: MAX_FORMULAS_PER_COMMENT } };
    return sanitizeCommentHtml(markdown.render(source, env));
  } catch {
    return renderPlainText(source);
  }
}

/**
 * The body as it will be rendered: cut to MAX_COMMENT_CHARS (without splitting a surrogate
 * pair), with NUL and other C0 controls except tab and newline removed, line endings unified.
 */
export function cleanCommentSource(body: string): string {
  let text = body.replace(/\r\n?/g, "\n");
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
  if (text.length <= MAX_COMMENT_CHARS) return text;
  const cut = text.slice(0, MAX_COMMENT_CHARS);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function createCommentMarkdown(): MarkdownParser {
  const md = new MarkdownIt("default", {
    html: false,
    linkify: true,
    typographer: false,
    breaks: false,
    maxNesting: MAX_MARKDOWN_NESTING,
  });
  md.disable(["heading", "lheading", "image", "table", "strikethrough", "html_block", "html_inline"]);
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
  // markdown-it passes the normalised (percent-encoded) URL, so "java\tscript:" arrives as
  // "java%09script:" and fails here.
  md.validateLink = isSafeLink;
  commentMathPlugin(md);
  const renderToken = md.renderer.renderToken.bind(md.renderer);
  md.renderer.rules["link_open"] = (tokens, idx, options) => {
    tokens[idx]!.attrSet("rel", "nofollow ugc noopener");
    return renderToken(tokens, idx, options);
  };
  return md;
}

function renderPlainText(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<p>${escaped}</p>`;
}
