import juice from "juice";
import { compileTemplate, extractBlock, type CompiledTemplate } from "./email-html.js";

/**
 * The digest's HTML: one document with its repeated blocks (a section heading, a paper) in
 * place, so juice inlines the CSS into all of them in one pass at startup. Mail clients
 * (Gmail, Outlook) drop <style> blocks in many cases; inline styles survive.
 * Widths are in px and the layout is one column, which every client renders the same.
 */
const DIGEST_CSS = `
body { margin: 0; padding: 0; background: #f6f6f3; }
.wrapper { max-width: 600px; margin: 0 auto; padding: 24px 16px; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1d1b; line-height: 1.45; }
.preheader { display: none; max-height: 0; overflow: hidden; font-size: 1px; color: #f6f6f3; }
.heading { font-size: 22px; margin: 0 0 4px; }
.subheading { font-size: 14px; color: #5f5f5a; margin: 0 0 20px; }
.section { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: #7a4b00; margin: 24px 0 8px; }
.paper { background: #ffffff; border: 1px solid #e4e4de; border-radius: 6px; padding: 12px 14px; margin: 0 0 10px; }
.title { font-size: 16px; font-weight: 600; color: #1a4d8f; text-decoration: none; }
.authors { font-size: 13px; color: #5f5f5a; margin: 4px 0; }
.summary { font-size: 14px; margin: 6px 0; }
.meta { font-size: 12px; color: #7a7a73; margin: 4px 0 0; }
.footer { font-size: 12px; color: #7a7a73; margin-top: 28px; border-top: 1px solid #e4e4de; padding-top: 12px; }
.footer a { color: #5f5f5a; }
`;

const DIGEST_SOURCE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>@@subject@@</title>
<style>${DIGEST_CSS}</style>
</head>
<body>
<div class="wrapper">
<span class="preheader">@@preheader@@</span>
<h1 class="heading">@@heading@@</h1>
<p class="subheading">@@subheading@@</p>
@@sections@@
<!--section-->
<h2 class="section">@@title@@</h2>
@@papers@@
<!--/section-->
<!--paper-->
<div class="paper">
<a class="title" href="@@url@@">@@title@@</a>
<p class="authors">@@authors@@</p>
<p class="summary">@@summary@@</p>
<p class="meta">@@meta@@</p>
</div>
<!--/paper-->
<div class="footer">
<p>@@why@@</p>
<p><a href="@@manageUrl@@">Manage your subscription</a> · <a href="@@unsubscribeUrl@@">Unsubscribe</a></p>
<p>@@postalAddress@@</p>
</div>
</div>
</body>
</html>`;

export type DigestShellSlot =
  | "subject"
  | "preheader"
  | "heading"
  | "subheading"
  | "sections"
  | "why"
  | "manageUrl"
  | "unsubscribeUrl"
  | "postalAddress";
export type DigestSectionSlot = "title" | "papers";
export type DigestPaperSlot = "url" | "title" | "authors" | "summary" | "meta";

export interface DigestTemplates {
  readonly shell: CompiledTemplate<DigestShellSlot>;
  readonly section: CompiledTemplate<DigestSectionSlot>;
  readonly paper: CompiledTemplate<DigestPaperSlot>;
}

/** Inlines the CSS (juice, once) and compiles the shell and its blocks. Call at startup. */
export function compileDigestTemplates(): DigestTemplates {
  const inlined = juice(DIGEST_SOURCE, { removeStyleTags: true, preserveMediaQueries: false });
  const { outer: withoutPaper, block: paper } = extractBlock(inlined, "paper");
  const { outer: shellWithSlot, block: section } = extractBlock(withoutPaper, "section");
  // The blocks' own slots were cut out with them; the shell keeps `@@sections@@` only.
  const shell = shellWithSlot.replace("@@section@@", "").replace("@@paper@@", "");
  return {
    shell: compileTemplate(shell, [
      "subject",
      "preheader",
      "heading",
      "subheading",
      "sections",
      "why",
      "manageUrl",
      "unsubscribeUrl",
      "postalAddress",
    ]),
    section: compileTemplate(section, ["title", "papers"]),
    paper: compileTemplate(paper, ["url", "title", "authors", "summary", "meta"]),
  };
}
