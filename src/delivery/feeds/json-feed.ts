import { type FeedDocument, type FeedItem, describeItemText } from "./feed-document.js";

const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/**
 * JSON Feed 1.1. `<`, U+2028 and U+2029 are written as `\u` escapes: the same JSON, but safe
 * to inline in a `<script>` or hand to a pre-ES2019 JavaScript parser.
 * @see https://www.jsonfeed.org/version/1.1/
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homePageUrl,
    feed_url: doc.feedUrls.json,
    description: doc.description,
    items: doc.items.map(presentItem),
  };
  return JSON.stringify(feed).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function presentItem(item: FeedItem) {
  return {
    id: item.id,
    url: item.url,
    external_url: item.arxivUrl,
    title: item.title,
    content_text: describeItemText(item),
    ...(item.trendingNote ? { summary: item.trendingNote } : {}),
    date_published: new Date(item.publishedAt).toISOString(),
    date_modified: new Date(item.updatedAt).toISOString(),
    authors: item.authors.map((name) => ({ name })),
    tags: [...item.categories],
  };
}
