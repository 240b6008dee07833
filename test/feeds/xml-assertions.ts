import assert from "node:assert/strict";
import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * Characters XML 1.0 forbids, written out from the spec independently of the code under test.
 * @see https://www.w3.org/TR/xml/#charsets
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const ILLEGAL_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);$/;

/**
 * Well-formedness as far as the feeds need it: fast-xml-parser's validator checks tags, nesting,
 * attribute syntax and bare `&`, but lets through forbidden characters (raw or as references),
 * `]]>` in text, unknown entities and `<` inside attribute values. Those are checked here.
 */
export function assertWellFormedXml(xml: string): void {
  const validation = XMLValidator.validate(xml);
  assert.equal(validation, true, `not well-formed: ${JSON.stringify(validation)}`);
  assert.doesNotMatch(xml, ILLEGAL_XML_CHAR, "a character XML 1.0 forbids");
  assert.ok(!xml.includes("]]>"), "`]]>` outside a CDATA section");
  assert.ok(!xml.includes("<![CDATA["), "CDATA is not used");
  for (const [ref] of xml.matchAll(/&[^;&]{0,12};?/g)) {
    assert.match(ref, REFERENCE, `not a predefined entity or character reference: ${ref}`);
    const code = ref.startsWith("&#x")
      ? parseInt(ref.slice(3), 16)
      : ref.startsWith("&#")
        ? Number(ref.slice(2, -1))
        : 0x20;
    assert.doesNotMatch(String.fromCodePoint(code), ILLEGAL_XML_CHAR, `reference to a forbidden character: ${ref}`);
  }
  assert.doesNotMatch(xml, /<(?![A-Za-z_/]|\?xml )/, "`<` that opens no tag");
  for (const [, value] of xml.matchAll(/="([^"]*)"/g)) assert.ok(!value!.includes("<"), "`<` in an attribute value");
}

/** Element names that may repeat, parsed as arrays whether they occur once or many times. */
const REPEATED = new Set(["item", "entry", "author", "dc:creator", "category", "link"]);

/** Parses losslessly: no trimming, no number guessing, character references decoded. */
export function parseXml(xml: string): XmlNode {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => REPEATED.has(name),
  }).parse(xml) as XmlNode;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed XML is walked by tests that assert its shape
export type XmlNode = any;

/** An element's text, whether the parser gave a string or an object with attributes. */
export function textOf(node: XmlNode): string {
  return typeof node === "string" ? node : (node?.["#text"] ?? "");
}
