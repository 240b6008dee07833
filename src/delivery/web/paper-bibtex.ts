import type { Paper } from "../../core/papers/paper.js";
import { arxivAbsUrl, primaryCategory } from "../../core/papers/paper.js";
import { exportText } from "./export-text.js";
import { journalTitleOf } from "./journal-title.js";

/** LaTeX's special characters and the commands that print them. */
const BIBTEX_ESCAPES: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "%": "\\%",
  "#": "\\#",
  _: "\\_",
  "^": "\\^{}",
  "~": "\\~{}",
};
const BIBTEX_SPECIAL = /[\\{}$&%#_^~]/g;
const TITLE_STOP_WORDS = new Set(["a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "towards"]);

/** Escapes prose so BibTeX and LaTeX print it as written (one pass, so no escape is escaped again). */
export function escapeBibtex(text: string): string {
  return text.replace(BIBTEX_SPECIAL, (ch) => BIBTEX_ESCAPES[ch]!);
}

/**
 * Math survives as TeX when its braces balance (an unbalanced brace would end the BibTeX
 * field) and it has no `%`, which would comment out the rest of the line in LaTeX.
 */
function isSafeBibtexMath(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === "\\") i++;
    else if (tex[i] === "{") depth++;
    else if (tex[i] === "}" && --depth < 0) return false;
  }
  return depth === 0 && !/(^|[^\\])%/.test(tex);
}

function bibtexValue(text: string): string {
  return exportText(text, escapeBibtex, isSafeBibtexMath);
}

/** `hopper2026star`: first author's surname, year, first significant title word, ASCII only. */
export function bibtexKey(paper: Paper): string {
  const ascii = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9\s-]/g, "")
      .toLowerCase();
  // The last word of the name: "Ada Müller-Lüdenscheidt" → "mullerludenscheidt".
  const surname = (
    ascii(paper.authors[0] ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .at(-1) ?? ""
  ).replaceAll("-", "");
  const word =
    ascii(paper.title)
      .split(/[\s-]+/)
      .find((w) => w && !TITLE_STOP_WORDS.has(w)) ?? "";
  return `${surname || "arxiv"}${paper.publishedAt.slice(0, 4)}${word}`;
}

/** A BibTeX entry: @article once a journal reference exists, else @misc with arXiv's eprint fields. */
export function renderBibtex(paper: Paper): string {
  const fields: [string, string][] = [
    // Double braces keep the title's capitalisation in styles that lower-case titles.
    ["title", `{${bibtexValue(paper.title)}}`],
    ["author", paper.authors.map(bibtexValue).join(" and ")],
    ["year", paper.publishedAt.slice(0, 4)],
    ["eprint", paper.id],
    ["archivePrefix", "arXiv"],
  ];
  const category = primaryCategory(paper);
  if (category) fields.push(["primaryClass", category]);
  if (paper.journalRef) {
    fields.push(["journal", bibtexValue(journalTitleOf(paper.journalRef))]);
    fields.push(["note", bibtexValue(paper.journalRef)]);
  }
  if (paper.doi) fields.push(["doi", escapeBibtex(paper.doi)]);
  fields.push(["url", arxivAbsUrl(paper.id)]);
  const type = paper.journalRef ? "article" : "misc";
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(",\n");
  return `@${type}{${bibtexKey(paper)},\n${body}\n}\n`;
}
