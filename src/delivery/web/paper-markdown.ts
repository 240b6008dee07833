import type { Paper } from "../../core/papers/paper.js";
import { arxivAbsUrl, arxivPdfUrl } from "../../core/papers/paper.js";
import { exportText } from "./export-text.js";
import { formatCount } from "./format.js";
import { doiUrl, githubUrl, safeHttpUrl } from "./paths.js";

/**
 * CommonMark punctuation that could start markup (emphasis, links, HTML, tables, code).
 * A backslash before any ASCII punctuation prints it literally.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|#!~]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (ch) => `\\${ch}`);
}

/** Math stays as `$…$` for renderers that show it, unless it could be read as HTML or code. */
function isSafeMarkdownMath(tex: string): boolean {
  return !/[<>`]/.test(tex);
}

function markdownText(text: string): string {
  return exportText(text, escapeMarkdown, isSafeMarkdownMath);
}

/** A link target with the characters that would end or break `(…)` percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function link(label: string, url: string): string {
  return `[${escapeMarkdown(label)}](${linkTarget(url)})`;
}

/** The paper as a Markdown note: title, authors, links, summary and abstract. */
export function renderMarkdown(paper: Paper, pageUrl: string): string {
  const lines = [
    `# ${markdownText(paper.title)}`,
    "",
    `**Authors:** ${paper.authors.map(markdownText).join(", ")}`,
    "",
  ];
  lines.push(`- **arXiv:** ${link(paper.id, arxivAbsUrl(paper.id))} · ${link("PDF", arxivPdfUrl(paper.id))}`);
  lines.push(
    `- **Published:** ${paper.publishedAt.slice(0, 10)} (version ${paper.version}, updated ${paper.updatedAt.slice(0, 10)})`,
  );
  if (paper.categories.length > 0) lines.push(`- **Categories:** ${paper.categories.map(escapeMarkdown).join(", ")}`);
  if (paper.doi) lines.push(`- **DOI:** ${link(paper.doi, doiUrl(paper.doi))}`);
  if (paper.journalRef) lines.push(`- **Journal reference:** ${markdownText(paper.journalRef)}`);
  if (paper.githubRepo) {
    const stars = paper.githubStars === null ? "" : ` (${formatCount(paper.githubStars)} stars)`;
    lines.push(`- **Code:** ${link(paper.githubRepo, githubUrl(paper.githubRepo))}${stars}`);
  }
  const projectPage = safeHttpUrl(paper.projectPage);
  if (projectPage) lines.push(`- **Project page:** ${link(projectPage, projectPage)}`);
  lines.push(`- **On Paperboy:** ${link(pageUrl, pageUrl)}`);
  if (paper.comments) lines.push(`- **Comments:** ${markdownText(paper.comments)}`);
  if (paper.aiSummary) lines.push("", "## AI-generated summary (from Hugging Face)", "", markdownText(paper.aiSummary));
  lines.push("", "## Abstract", "", markdownText(paper.abstract), "");
  return lines.join("\n");
}
