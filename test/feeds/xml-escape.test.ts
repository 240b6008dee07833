import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { escapeXml, stripIllegalXmlChars } from "../../src/delivery/feeds/xml-escape.js";
import { HOSTILE_PAPER } from "../helpers/test-app.js";
import { assertWellFormedXml, parseXml, textOf } from "./xml-assertions.js";

/** Strings that have broken XML writers: markup, CDATA ends, entities written out, line ends, astral characters. */
const HOSTILE_STRINGS = [
  HOSTILE_PAPER.title,
  HOSTILE_PAPER.abstract,
  ...HOSTILE_PAPER.authors,
  HOSTILE_PAPER.comments,
  "]]>",
  "<![CDATA[x]]>",
  "&amp; &#x26; &lt;not a tag&gt; &nbsp;",
  `attr="x" onload='y'`,
  "line\r\nbreaks\rand\ttabs\n",
  "  leading and trailing spaces  ",
  "\u2028line separator\u2029paragraph separator\u0085next line",
  "emoji 😀 and math 𝔼[x] and replacement \uFFFD",
];

describe("escapeXml", () => {
  test("escapes the five markup characters and the line-end characters as references", () => {
    assert.equal(escapeXml(`&<>"'`), "&#x26;&#x3C;&#x3E;&#x22;&#x27;");
    assert.equal(escapeXml("a\tb\nc\rd"), "a&#x9;b&#xA;c&#xD;d");
    assert.equal(escapeXml("plain text, ünïcödé"), "plain text, ünïcödé");
  });

  test("leaves no raw markup character and no CDATA end in its output", () => {
    for (const text of HOSTILE_STRINGS) {
      const escaped = escapeXml(text);
      assert.doesNotMatch(escaped, /[<>"'\n\r\t]/, text);
      assert.doesNotMatch(escaped, /&(?!#x[0-9A-F]+;)/, text);
    }
  });

  test("round-trips every hostile string exactly through an XML parser, in text and in attributes", () => {
    for (const text of HOSTILE_STRINGS) {
      const xml = `<?xml version="1.0" encoding="utf-8"?>\n<a value="${escapeXml(text)}">${escapeXml(text)}</a>`;
      assertWellFormedXml(xml);
      const a = parseXml(xml).a;
      assert.equal(textOf(a), text, "text content");
      assert.equal(a["@value"], text, "attribute value");
    }
  });

  test("drops the characters XML 1.0 forbids, even as references", () => {
    const forbidden = "\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF";
    assert.equal(escapeXml(`a${forbidden}b`), "ab");
    assert.equal(escapeXml("lone high \uD800 and low \uDC00, reversed \uDC00\uD800"), "lone high  and low , reversed ");
    assertWellFormedXml(`<a>${escapeXml(`x${forbidden}\uD800y`)}</a>`);
  });

  test("keeps everything XML 1.0 allows, including astral characters and U+2028", () => {
    const allowed = "\t\n\r \u007F\u0085\u00A0\u2028\u2029\uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}😀";
    assert.equal(stripIllegalXmlChars(allowed), allowed);
  });
});
