import type { Paper } from "../../core/papers/paper.js";
import { arxivPdfUrl } from "../../core/papers/paper.js";
import { journalTitleOf } from "./journal-title.js";
import { SITE_NAME } from "./layout.js";

/** `2026-06-02T17:59:59Z` → `2026/06/02`, the date form Google Scholar and Zotero expect. */
function highwireDate(iso: string): string {
  return iso.slice(0, 10).replaceAll("-", "/");
}

/**
 * Highwire Press tags, which Zotero, Google Scholar and other reference managers read.
 * @see https://scholar.google.com/intl/en/scholar/inclusion.html#indexing
 * @see https://www.zotero.org/support/dev/exposing_metadata
 */
export function CitationMetaTags({ paper, url }: { paper: Paper; url: string }) {
  return (
    <>
      <meta name="citation_title" content={paper.title} />
      {paper.authors.map((name) => (
        <meta name="citation_author" content={name} />
      ))}
      <meta name="citation_publication_date" content={highwireDate(paper.publishedAt)} />
      <meta name="citation_online_date" content={highwireDate(paper.publishedAt)} />
      <meta name="citation_arxiv_id" content={paper.id} />
      <meta name="citation_pdf_url" content={arxivPdfUrl(paper.id)} />
      <meta name="citation_abstract_html_url" content={url} />
      {paper.doi && <meta name="citation_doi" content={paper.doi} />}
      {paper.journalRef && <meta name="citation_journal_title" content={journalTitleOf(paper.journalRef)} />}
    </>
  );
}

/**
 * OpenGraph and Twitter card tags for link previews in chat and social apps.
 * @see https://ogp.me/
 */
export function SocialMetaTags({ title, description, url }: { title: string; description: string; url: string }) {
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={SITE_NAME} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
    </>
  );
}
