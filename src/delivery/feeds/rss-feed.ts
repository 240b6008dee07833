import { type FeedDocument, type FeedItem, SITE_NAME } from "./feed-document.js";
import { xmlBlock, xmlElement } from "./xml-element.js";
import { escapeXml } from "./xml-escape.js";

const DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/";
const ATOM_NS = "http://www.w3.org/2005/Atom";

/**
 * RSS 2.0, with the Dublin Core `dc:creator` for each author (RSS's own `author` must be an
 * email address) and `atom:link rel="self"`, which the RSS Profile recommends.
 * @see https://www.rssboard.org/rss-specification
 * @see https://www.rssboard.org/rss-profile#namespace-elements-atom-link
 * @see https://www.rssboard.org/rss-profile#namespace-elements-dublin-creator
 */
export function renderRssFeed(doc: FeedDocument): string {
  const channel = xmlBlock("channel", [
    xmlElement("title", doc.title),
    xmlElement("link", doc.homePageUrl),
    xmlElement("description", doc.description),
    xmlElement("atom:link", null, { href: doc.feedUrls.rss, rel: "self", type: "application/rss+xml" }),
    xmlElement("lastBuildDate", toRfc822(doc.updatedAt)),
    xmlElement("generator", SITE_NAME),
    ...doc.items.map(renderItem),
  ]);
  const rss = xmlBlock("rss", [channel], { version: "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DUBLIN_CORE_NS });
  return `<?xml version="1.0" encoding="utf-8"?>\n${rss}\n`;
}

function renderItem(item: FeedItem): string {
  return xmlBlock("item", [
    xmlElement("title", item.title),
    xmlElement("link", item.url),
    xmlElement("guid", item.id, { isPermaLink: "true" }),
    xmlElement("pubDate", toRfc822(item.publishedAt)),
    ...item.authors.map((author) => xmlElement("dc:creator", author)),
    ...item.categories.map((category) => xmlElement("category", category)),
    xmlElement("description", describeAsHtml(item)),
  ]);
}

/**
 * Readers render an item's description as HTML, so the plain text is escaped once as HTML
 * here and once more as XML by xmlElement: a `<script>` in an abstract arrives as text.
 * @see https://www.rssboard.org/rss-profile#element-channel-item-description
 */
function describeAsHtml(item: FeedItem): string {
  const paragraphs = [item.trendingNote, item.summary]
    .filter((text): text is string => !!text)
    .map((text) => `<p>${escapeXml(text)}</p>`);
  const arxiv = escapeXml(item.arxivUrl);
  return [...paragraphs, `<p><a href="${arxiv}">${arxiv}</a></p>`].join("");
}

/** RFC 822 dates with four-digit years, as RSS 2.0 asks: "Mon, 29 Jun 2026 00:00:00 GMT". */
function toRfc822(iso: string): string {
  return new Date(iso).toUTCString();
}
