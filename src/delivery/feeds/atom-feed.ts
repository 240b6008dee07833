import { type FeedDocument, type FeedItem, SITE_NAME, describeItemText } from "./feed-document.js";
import { xmlBlock, xmlElement } from "./xml-element.js";

const ATOM_NS = "http://www.w3.org/2005/Atom";
const ARXIV_TAXONOMY = "https://arxiv.org/category_taxonomy";

/**
 * Atom 1.0. Text constructs are `type="text"` so no reader parses a title as markup.
 * @see https://www.rfc-editor.org/rfc/rfc4287
 */
export function renderAtomFeed(doc: FeedDocument): string {
  // RFC 4287 §4.1.1: a feed names an author unless every entry names one.
  const feedAuthor = doc.items.every((item) => item.authors.length > 0) ? [] : [renderAuthor(SITE_NAME)];
  const feed = xmlBlock(
    "feed",
    [
      xmlElement("id", doc.feedUrls.atom),
      xmlElement("title", doc.title, { type: "text" }),
      xmlElement("subtitle", doc.description, { type: "text" }),
      xmlElement("updated", toRfc3339(doc.updatedAt)),
      xmlElement("link", null, { rel: "self", type: "application/atom+xml", href: doc.feedUrls.atom }),
      xmlElement("link", null, { rel: "alternate", type: "text/html", href: doc.homePageUrl }),
      ...feedAuthor,
      xmlElement("generator", SITE_NAME),
      ...doc.items.map(renderEntry),
    ],
    { xmlns: ATOM_NS },
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${feed}\n`;
}

function renderEntry(item: FeedItem): string {
  return xmlBlock("entry", [
    xmlElement("id", item.id),
    xmlElement("title", item.title, { type: "text" }),
    xmlElement("link", null, { rel: "alternate", type: "text/html", href: item.url }),
    xmlElement("link", null, { rel: "related", type: "text/html", href: item.arxivUrl }),
    xmlElement("published", toRfc3339(item.publishedAt)),
    xmlElement("updated", toRfc3339(item.updatedAt)),
    ...item.authors.map(renderAuthor),
    ...item.categories.map((term) => xmlElement("category", null, { term, scheme: ARXIV_TAXONOMY })),
    xmlElement("summary", describeItemText(item), { type: "text" }),
  ]);
}

function renderAuthor(name: string): string {
  return xmlBlock("author", [xmlElement("name", name)]);
}

/** RFC 3339 (§3.3 of RFC 4287): "2026-06-29T00:00:00.000Z". */
function toRfc3339(iso: string): string {
  return new Date(iso).toISOString();
}
