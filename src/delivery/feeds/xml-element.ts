import { escapeXml } from "./xml-escape.js";

/**
 * `<name key="value">text</name>`, or `<name key="value"/>` when text is null. Every value
 * passes through {@link escapeXml}; names and keys are constants of the serialisers.
 */
export function xmlElement(
  name: string,
  text: string | null,
  attributes: Readonly<Record<string, string>> = {},
): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");
  return text === null ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

/**
 * Children one per line, indented, so a feed stays readable with `curl`. Indents only after
 * LF, never `^` with the `m` flag: JavaScript also starts a line after U+2028, which escaped
 * text may hold raw.
 */
export function xmlBlock(name: string, children: readonly string[], attributes: Readonly<Record<string, string>> = {}) {
  const open = xmlElement(name, null, attributes).replace(/\/>$/, ">");
  return [open, ...children.map((child) => `  ${child.replaceAll("\n", "\n  ")}`), `</${name}>`].join("\n");
}
