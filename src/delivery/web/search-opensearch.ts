import type { Hono } from "hono";
import type { App } from "../../app.js";
import { escapeXml } from "../feeds/xml-escape.js";
import type { HttpEnv } from "../http/http-env.js";
import { SITE_NAME } from "./layout.js";

/** Browsers refetch the description rarely; a day keeps a changed public URL from lingering. */
const OPENSEARCH_CACHE_CONTROL = "public, max-age=86400";

/**
 * `/opensearch.xml`: lets a browser add this hub as a search engine (the layout links it
 * with rel="search").
 * @see https://github.com/dewitt/opensearch/blob/master/opensearch-1-1-draft-6.md
 */
export function registerOpenSearchDescription(http: Hono<HttpEnv>, app: App): void {
  const body = renderOpenSearchDescription(app.config.publicUrl);
  http.get("/opensearch.xml", (c) =>
    c.body(body, 200, {
      "Content-Type": "application/opensearchdescription+xml; charset=utf-8",
      "Cache-Control": OPENSEARCH_CACHE_CONTROL,
    }),
  );
}

export function renderOpenSearchDescription(publicUrl: string): string {
  const base = escapeXml(publicUrl);
  return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:moz="http://www.mozilla.org/2006/browser/search/">
  <ShortName>${escapeXml(SITE_NAME)}</ShortName>
  <Description>Search research papers on ${escapeXml(SITE_NAME)}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image width="16" height="16" type="image/svg+xml">${base}/static/favicon.svg</Image>
  <Url type="text/html" method="get" template="${base}/search?q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="${base}/opensearch.xml"/>
  <moz:SearchForm>${base}/search</moz:SearchForm>
</OpenSearchDescription>
`;
}
