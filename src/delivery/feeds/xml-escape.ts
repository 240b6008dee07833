/**
 * Characters XML 1.0 forbids outright: C0 controls other than tab, LF and CR, lone surrogates
 * (with the `u` flag a half pair is one unmatched code point), and U+FFFE/U+FFFF. They cannot
 * be written even as character references, so they are dropped.
 * @see https://www.w3.org/TR/xml/#charsets
 */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Hexadecimal references rather than `&lt;`-style entities: aggregators that guess whether a
 * plain-text RSS element holds HTML read these as text in the most cases.
 * @see https://www.rssboard.org/rss-profile#data-types-characterdata
 * Tab, LF and CR are written as references too: a parser turns a raw CR into LF, and all
 * three into spaces inside attribute values, so only references survive every context. It
 * also means escaped text never holds a raw line break, so serialisers may indent freely.
 * @see https://www.w3.org/TR/xml/#AVNormalize
 */
const REFERENCES: Readonly<Record<string, string>> = {
  "&": "&#x26;",
  "<": "&#x3C;",
  ">": "&#x3E;",
  '"': "&#x22;",
  "'": "&#x27;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};

export function stripIllegalXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, "");
}

/** Text safe in XML character data and in quoted attribute values; never CDATA. */
export function escapeXml(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"'\t\n\r]/g, (c) => REFERENCES[c]!);
}
