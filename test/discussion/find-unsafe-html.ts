import { parseFragment } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import { HTML_TAGS, MATHML_ATTRIBUTES, MATHML_TAGS } from "../../src/core/discussion/comment-html-allow-list.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const HTML_NS = "http://www.w3.org/1999/xhtml";
const MATHML_NS = "http://www.w3.org/1998/Math/MathML";
/** Attributes a comment may carry at all; anything else (on*, style, src, xlink:href…) is a finding. */
const ATTRIBUTES = new Set(["href", "rel", "title", "start", "class", "display"]);

/**
 * Everything script-capable or off the allow-list in rendered comment HTML, as a browser's
 * parser (parse5 implements the WHATWG algorithm) reads it. Independent of the sanitiser's
 * own tokenizer, so a tag it misreads shows up here. Empty means safe.
 */
export function findUnsafeHtml(html: string): string[] {
  const findings: string[] = [];
  if (/<\s*script/i.test(html)) findings.push("raw <script");
  const startTags = [...html.matchAll(/<([a-z][a-z0-9]*)[\s>/]/g)].map((m) => m[1]!);
  const elements: Element[] = [];
  walk(parseFragment(html), elements);
  for (const element of elements) findings.push(...checkElement(element));
  // The browser's tree must hold exactly the elements written, in order: no tag was read
  // differently, dropped or invented (mutation XSS starts with such a difference).
  const parsedNames = elements.map((e) => e.tagName);
  if (parsedNames.join(" ") !== startTags.join(" ")) {
    findings.push(`parsed elements differ from written tags: ${parsedNames.join(" ")} ≠ ${startTags.join(" ")}`);
  }
  return findings;
}

function walk(node: Node, into: Element[]): void {
  if ("tagName" in node) into.push(node);
  if ("childNodes" in node) for (const child of node.childNodes) walk(child, into);
  if ("content" in node) walk(node.content, into);
}

function checkElement(element: Element): string[] {
  const findings: string[] = [];
  const isMath = element.namespaceURI === MATHML_NS;
  const allowed = isMath ? MATHML_TAGS.has(element.tagName) : HTML_TAGS.has(element.tagName);
  if (!allowed || (!isMath && element.namespaceURI !== HTML_NS)) {
    findings.push(`element <${element.tagName}> in ${element.namespaceURI}`);
  }
  for (const { name, value } of element.attrs) {
    if (/^on/i.test(name)) findings.push(`event handler ${name}="${value}"`);
    else if (isMath ? !MATHML_ATTRIBUTES.has(name) && name !== "display" : !ATTRIBUTES.has(name)) {
      findings.push(`attribute ${name} on <${element.tagName}>`);
    } else if (/^(?:href|src|xlink:href|action|formaction|style|srcdoc)$/i.test(name) && element.tagName !== "a") {
      findings.push(`attribute ${name} on <${element.tagName}>`);
    }
    if (/(?:href|src)$/i.test(name) && !isHttpOrMailto(value)) findings.push(`unsafe URL ${name}="${value}"`);
    // eslint-disable-next-line no-control-regex
    if (/^(?:javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]/g, ""))) {
      findings.push(`script-capable URL ${name}="${value}"`);
    }
  }
  return findings;
}

/** As the browser resolves it: the WHATWG URL parser strips controls and tabs before the scheme. */
function isHttpOrMailto(value: string): boolean {
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
