import {
  CODE_CLASS,
  HTML_TAGS,
  LINK_PROTOCOLS,
  LINK_REL,
  MATHML_ATTRIBUTES,
  MATHML_TAGS,
  MATH_ATTRIBUTE_VALUE,
  VOID_TAGS,
} from "./comment-html-allow-list.js";

/**
 * Defence in depth behind the Markdown renderer: re-reads its HTML with a strict grammar
 * and rebuilds it from the allow-list. The renderer already escapes raw HTML and vets link
 * schemes; this pass holds even if a renderer option, plugin or Temml release changes.
 *
 * Only one spelling of a tag is understood: `<name attr="value">`, `</name>`. Anything else
 * starting with `<` is escaped as text. Unknown tags and attributes are dropped (their text
 * stays, escaped), tags are balanced, HTML and MathML never mix, and nesting is capped.
 */

/** Deeper elements are dropped (their text stays): no browser or stylesheet needs more. */
export const MAX_ELEMENT_DEPTH = 64;

/** Sticky: matched at a given `<` without copying the rest of the input. */
const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"<>]*")*)\s*\/?>/y;
const ATTRIBUTE = /([a-z][a-z0-9-]*)="([^"<>]*)"/g;
const ENTITY = /^&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

interface OpenElement {
  readonly name: string;
  readonly kept: boolean;
}

export function sanitizeCommentHtml(html: string): string {
  const out: string[] = [];
  const stack: OpenElement[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) out.push(escapeText(html.slice(i, textEnd)));
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(html);
    if (!tag) {
      out.push("&lt;");
      i = lt + 1;
      continue;
    }
    const [whole, slash, name, attributes] = tag;
    if (slash) closeElement(name!, stack, out);
    else openElement(name!, attributes ?? "", stack, out);
    i = lt + whole.length;
  }
  while (stack.length > 0) closeTop(stack, out);
  return out.join("");
}

function openElement(name: string, attributes: string, stack: OpenElement[], out: string[]): void {
  const insideMath = stack.some((e) => e.kept && e.name === "math");
  const allowed = insideMath ? MATHML_TAGS.has(name) && name !== "math" : HTML_TAGS.has(name) || name === "math";
  const kept = allowed && stack.length < MAX_ELEMENT_DEPTH;
  if (kept) out.push(`<${name}${keepAttributes(name, attributes, insideMath)}>`);
  if (!VOID_TAGS.has(name)) stack.push({ name, kept });
}

function closeElement(name: string, stack: OpenElement[], out: string[]): void {
  const index = stack.findLastIndex((e) => e.name === name);
  if (index === -1) return;
  while (stack.length > index) closeTop(stack, out);
}

function closeTop(stack: OpenElement[], out: string[]): void {
  const element = stack.pop()!;
  if (element.kept) out.push(`</${element.name}>`);
}

function keepAttributes(tag: string, attributes: string, insideMath: boolean): string {
  const kept: string[] = [];
  for (const [, name, raw] of attributes.matchAll(ATTRIBUTE)) {
    const value = decodeAttribute(raw!);
    if (value !== null && isAllowedAttribute(tag, name!, value, insideMath))
      kept.push(` ${name}="${escapeAttribute(value)}"`);
  }
  if (tag === "a") kept.push(` rel="${LINK_REL}"`);
  return kept.join("");
}

function isAllowedAttribute(tag: string, name: string, value: string, insideMath: boolean): boolean {
  if (insideMath || tag === "math") {
    if (tag === "math" && name === "display") return value === "block" || value === "inline";
    return MATHML_ATTRIBUTES.has(name) && MATH_ATTRIBUTE_VALUE.test(value);
  }
  if (tag === "a") return (name === "href" && isSafeLink(value)) || (name === "title" && value.length <= 500);
  if (tag === "ol") return name === "start" && /^\d{1,9}$/.test(value);
  if (tag === "code") return name === "class" && CODE_CLASS.test(value);
  return false;
}

/** A link the browser will read as http(s) or mailto, judged on the decoded value as the browser sees it. */
export function isSafeLink(href: string): boolean {
  // Browsers strip leading/trailing C0 controls and spaces and ignore tabs and newlines inside
  // a URL; a URL needing that cleanup is rejected rather than guessed at.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(href)) return false;
  try {
    return LINK_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The attribute as the browser will read it, or null when it holds an entity this module
 * does not decode (the attribute is then dropped rather than judged on a guess).
 */
function decodeAttribute(raw: string): string | null {
  let unknown = false;
  const decoded = raw.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);?|&/gi, (match, body: string | undefined) => {
    if (body === undefined || !match.endsWith(";")) {
      unknown ||= body !== undefined;
      return match;
    }
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (code > 0x10ffff || code === 0) {
        unknown = true;
        return match;
      }
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    if (named === undefined) unknown = true;
    return named ?? match;
  });
  return unknown ? null : decoded;
}

function escapeText(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "&") {
      const entity = ENTITY.exec(text.slice(i, i + 40));
      out += entity ? entity[0] : "&amp;";
      i += entity ? entity[0].length : 1;
      continue;
    }
    out += char === ">" ? "&gt;" : char;
    i += 1;
  }
  return out;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
