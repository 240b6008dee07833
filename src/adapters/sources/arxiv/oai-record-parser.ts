import { XMLParser } from "fast-xml-parser";
import { ARXIV_XML_OPTIONS } from "./atom-entry-parser.js";

/**
 * Reads one OAI-PMH response from arXiv (a ListRecords page, or a GetRecord) into
 * import records for readPaperRecord (docs/import-format.md). Nothing is validated here
 * beyond the XML: a record whose fields make no sense is passed on, and readPaperRecord
 * says what is wrong with it.
 * @see http://www.openarchives.org/OAI/openarchivesprotocol.html#ListRecords
 * @see https://info.arxiv.org/help/oa/index.html (the arXiv and arXivRaw formats)
 */
export type OaiMetadataPrefix = "arXiv" | "arXivRaw";

export interface OaiPage {
  /** `<responseDate>`, the repository's clock: the `from` of the next incremental harvest. */
  readonly responseDate: string | null;
  /** OAI errors (`noRecordsMatch`, `badResumptionToken`, …); a page with errors has no records. */
  readonly errors: readonly OaiError[];
  readonly records: readonly OaiRecord[];
  /** `<header status="deleted">`: withdrawn from the repository, reported, never deleted here. */
  readonly deleted: readonly OaiHeader[];
  /** Records whose XML could not be read; the rest of the page still is. */
  readonly unreadable: readonly { readonly identifier: string; readonly reason: string }[];
  /** Absent: the list was complete in one response. */
  readonly resumptionToken: OaiResumptionToken | null;
}

export interface OaiError {
  readonly code: string;
  readonly message: string;
}

export interface OaiHeader {
  /** `oai:arXiv.org:1706.05371`. */
  readonly identifier: string;
  readonly datestamp: string | null;
}

export interface OaiRecord extends OaiHeader {
  /** The import record (docs/import-format.md), for readPaperRecord. */
  readonly record: Record<string, unknown>;
}

/** @see http://www.openarchives.org/OAI/openarchivesprotocol.html#FlowControl */
export interface OaiResumptionToken {
  /** Empty on the page that completes the list. */
  readonly token: string;
  readonly cursor: number | null;
  readonly completeListSize: number | null;
  /** The spec's `expirationDate`; arXiv writes `expires`. */
  readonly expiresAt: string | null;
}

/** The response is not a whole OAI-PMH document (truncated, an HTML error page, …). */
export class OaiResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OaiResponseError";
  }
}

/**
 * fast-xml-parser reads the protocol (envelope, headers, token, errors); each record's
 * `<metadata>` is a stop node that comes back as raw XML for readFlatElement. fast-xml-parser
 * builds text one character at a time and abstracts are most of a page: this more than
 * doubles the speed of page parsing (bench/oai-parse-bench.ts), and confines broken XML
 * inside a record to that record.
 */
const parser = new XMLParser({
  ...ARXIV_XML_OPTIONS,
  jPath: false,
  stopNodes: ["*.metadata"],
  isArray: (name) => name === "record" || name === "error",
});

/** A document cut short stops before its closing root tag, whatever fast-xml-parser makes of the rest. */
const DOCUMENT_END = /<\/(?:[\w.-]+:)?OAI-PMH>\s*$/;
const DOCUMENT_END_WINDOW_CHARS = 256;

export function parseOaiPage(xml: string, prefix: OaiMetadataPrefix): OaiPage {
  if (!DOCUMENT_END.test(xml.slice(-DOCUMENT_END_WINDOW_CHARS))) {
    const looksLikeOai = xml.includes("OAI-PMH");
    throw new OaiResponseError(
      looksLikeOai
        ? `truncated OAI-PMH response: it stops after ${xml.length} characters without its closing </OAI-PMH>`
        : `not an OAI-PMH response: ${describeStart(xml)}`,
    );
  }
  let document: Json;
  try {
    document = asObject(parser.parse(xml));
  } catch (error) {
    throw new OaiResponseError(`malformed OAI-PMH response: ${(error as Error).message}`);
  }
  const root = asObject(document["OAI-PMH"]);
  const errors = asArray(root.error).map((e) => ({ code: attribute(e, "code") ?? "", message: text(e) }));
  const list = asObject(root.ListRecords ?? root.GetRecord);
  if (errors.length === 0 && root.ListRecords === undefined && root.GetRecord === undefined) {
    throw new OaiResponseError("malformed OAI-PMH response: neither <ListRecords>, <GetRecord> nor <error>");
  }
  const page: PageRecords = { records: [], deleted: [], unreadable: [] };
  for (const item of asArray(list.record)) readRecord(asObject(item), prefix, page);
  return {
    responseDate: optionalText(root.responseDate),
    errors,
    ...page,
    resumptionToken: list.resumptionToken === undefined ? null : readResumptionToken(list.resumptionToken),
  };
}

interface PageRecords {
  records: OaiRecord[];
  deleted: OaiHeader[];
  unreadable: { identifier: string; reason: string }[];
}

function readRecord(item: Json, prefix: OaiMetadataPrefix, page: PageRecords): void {
  const header = asObject(item.header);
  const identifier = optionalText(header.identifier) ?? "(record without an identifier)";
  const datestamp = optionalText(header.datestamp);
  if (attribute(header, "status") === "deleted") {
    page.deleted.push({ identifier, datestamp });
    return;
  }
  try {
    if (typeof item.metadata !== "string" || item.metadata.trim() === "") throw new Error("no <metadata>");
    const metadata = readFlatElement(item.metadata);
    if (metadata.name !== prefix) throw new Error(`<metadata> holds <${metadata.name}>, expected <${prefix}>`);
    const record = prefix === "arXiv" ? toArxivRecord(metadata.children) : toArxivRawRecord(metadata.children);
    page.records.push({ identifier, datestamp, record });
  } catch (error) {
    page.unreadable.push({ identifier, reason: (error as Error).message });
  }
}

function readResumptionToken(value: unknown): OaiResumptionToken {
  const count = (name: string) => {
    const raw = attribute(value, name);
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
  };
  return {
    token: text(value).trim(),
    cursor: count("cursor"),
    completeListSize: count("completeListSize"),
    expiresAt: attribute(value, "expirationDate") ?? attribute(value, "expires"),
  };
}

/**
 * `<arXiv>`: the latest version's metadata with structured author names.
 * @see http://arxiv.org/OAI/arXiv.xsd
 */
function toArxivRecord(fields: Children): Record<string, unknown> {
  const authorList = fields.get("authors")?.[0];
  const authors = authorList ? readSiblings(authorList.inner).filter((e) => e.name === "author") : [];
  return {
    id: field(fields, "id"),
    title: field(fields, "title"),
    abstract: field(fields, "abstract"),
    authors: authors.map((a) => authorName(readSiblings(a.inner))).filter((name) => name !== ""),
    categories: splitCategories(field(fields, "categories")),
    // `created` is the day of v1, `updated` the day of the latest version (absent for v1 only).
    published: field(fields, "created"),
    updated: field(fields, "updated"),
    comments: field(fields, "comments"),
    doi: field(fields, "doi"),
    journal_ref: field(fields, "journal-ref"),
    license: field(fields, "license"),
  };
}

/**
 * `<arXivRaw>`: the version history with submission times, authors as one string.
 * @see http://arxiv.org/OAI/arXivRaw.xsd
 */
function toArxivRawRecord(fields: Children): Record<string, unknown> {
  const versions = (fields.get("version") ?? [])
    .map((v) => {
      const number = VERSION_ATTRIBUTE.exec(v.attributes)?.[1];
      if (number === undefined) throw new Error(`<version${v.attributes}> does not name a version vN`);
      return { number: Number(number), date: field(readFlatChildren(v.inner), "date") };
    })
    .sort((a, b) => a.number - b.number);
  const first = versions[0];
  const last = versions[versions.length - 1];
  const id = field(fields, "id");
  return {
    // The latest version number travels in the id, as readPaperRecord expects.
    id: id !== undefined && last ? `${id}v${last.number}` : id,
    title: field(fields, "title"),
    abstract: field(fields, "abstract"),
    authors: splitAuthorList(field(fields, "authors") ?? ""),
    categories: splitCategories(field(fields, "categories")),
    published: first?.date === undefined ? undefined : (parseRfc2822(first.date) ?? first.date),
    updated: last?.date === undefined ? undefined : (parseRfc2822(last.date) ?? last.date),
    versions: versions.map((v) => ({ version: `v${v.number}`, created: v.date })),
    comments: field(fields, "comments"),
    doi: field(fields, "doi"),
    journal_ref: field(fields, "journal-ref"),
    license: field(fields, "license"),
  };
}

/**
 * "forenames keyname suffix". A few records split one surname over two `<keyname>`s; a
 * part with no letter or digit (`<keyname>:</keyname>`, left over from arXiv's splitting
 * of "Collaboration: A. Author") is dropped, and with it an author of nothing else.
 */
function authorName(parts: readonly Element[]): string {
  let forenames = "";
  let keynames = "";
  let suffix = "";
  for (const part of parts) {
    if (part.name !== "keyname" && part.name !== "forenames" && part.name !== "suffix") continue;
    const name = decodeText(part.inner).trim();
    if (!HAS_LETTER_OR_DIGIT.test(name)) continue;
    if (part.name === "keyname") keynames = keynames === "" ? name : `${keynames} ${name}`;
    else if (part.name === "forenames") forenames = name;
    else suffix = name;
  }
  return [forenames, keynames, suffix].filter((n) => n !== "").join(" ");
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * "A. One (MIT), B. Two and C. Three" → ["A. One", "B. Two", "C. Three"]: commas and
 * "and" separate names only outside parentheses, which hold affiliations.
 */
export function splitAuthorList(list: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of list.replace(/\s+and\s+/g, ",")) {
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === ",") {
      names.push(current);
      current = "";
    } else if (depth === 0) current += ch;
  }
  names.push(current);
  return names.map((n) => n.replace(/\s+/g, " ").trim()).filter((n) => HAS_LETTER_OR_DIGIT.test(n));
}

function splitCategories(value: string | undefined): string[] | undefined {
  return value?.split(/\s+/).filter((c) => c !== "");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const RFC_2822 =
  /^(?:[A-Z][a-z]{2},\s*)?(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UT|UTC|\+0000)$/;

/** arXivRaw's `Mon, 2 Apr 2007 19:18:42 GMT` → ISO; null for anything else. */
export function parseRfc2822(value: string): string | null {
  const m = RFC_2822.exec(value.trim());
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  if (!m || month < 0) return null;
  const ms = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const date = new Date(ms);
  return date.getUTCDate() === Number(m[1]) ? date.toISOString() : null;
}

interface Element {
  readonly name: string;
  readonly attributes: string;
  /** Raw XML between the tags. */
  readonly inner: string;
}
type Children = Map<string, Element[]>;

/** `<prefix:name attributes/>`: groups 1 prefix (with its colon), 2 name, 3 attributes, 4 "/". */
const START_TAG = /\s*<([\w.-]+:)?([\w.-]+)((?:\s+[^>]*?)?)(\/?)>/y;
const CLOSING_TAG_END = /\s*>/y;
const VERSION_ATTRIBUTE = /\sversion\s*=\s*["']v([1-9]\d*)["']/;

/** The one element in `xml` (whitespace around it allowed) and its children. */
function readFlatElement(xml: string): { name: string; children: Children } {
  const [root, ...rest] = readSiblings(xml);
  if (!root || rest.length > 0) throw new Error("<metadata> must hold exactly one element");
  return { name: root.name, children: readFlatChildren(root.inner) };
}

function readFlatChildren(xml: string): Children {
  const children: Children = new Map();
  for (const element of readSiblings(xml)) {
    const same = children.get(element.name);
    if (same) same.push(element);
    else children.set(element.name, [element]);
  }
  return children;
}

/**
 * Consecutive elements, each ending at the first closing tag of its name. arXiv's
 * metadata elements never nest inside one of the same name, so this is exact for them.
 */
function readSiblings(xml: string): Element[] {
  const elements: Element[] = [];
  let at = 0;
  while (at < xml.length) {
    START_TAG.lastIndex = at;
    const start = START_TAG.exec(xml);
    if (!start) {
      if (xml.slice(at).trim() === "") break;
      throw new Error(`unexpected "${xml.slice(at, at + 40).trim()}" in <metadata>`);
    }
    const [whole, prefix = "", name, attributes, selfClosing] = start as unknown as string[];
    const open = at + whole!.length;
    if (selfClosing) {
      elements.push({ name: name!, attributes: attributes!, inner: "" });
      at = open;
      continue;
    }
    const [close, after] = findClosingTag(xml, `</${prefix}${name}`, open);
    elements.push({ name: name!, attributes: attributes!, inner: xml.slice(open, close) });
    at = after;
  }
  return elements;
}

/** Start and end of the first `</name>` (or `</name >`) from `from`; throws when there is none. */
function findClosingTag(xml: string, opening: string, from: number): [number, number] {
  for (let at = xml.indexOf(opening, from); at !== -1; at = xml.indexOf(opening, at + 1)) {
    CLOSING_TAG_END.lastIndex = at + opening.length;
    if (CLOSING_TAG_END.test(xml)) return [at, CLOSING_TAG_END.lastIndex];
  }
  throw new Error(`<${opening.slice(2)}> is not closed`);
}

function field(children: Children, name: string): string | undefined {
  const element = children.get(name)?.[0];
  return element === undefined ? undefined : decodeText(element.inner);
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/** The text of a text-only element: entities decoded, CDATA unwrapped, markup refused. */
function decodeText(raw: string): string {
  if (raw.includes("<![CDATA[")) {
    const parts = raw.split(CDATA);
    return parts.map((part, i) => (i % 2 === 1 ? part : decodeText(part))).join("");
  }
  if (raw.includes("<")) throw new Error(`markup inside a text field: "${raw.slice(0, 40)}"`);
  if (!raw.includes("&")) return raw;
  return raw.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Text of an element that fast-xml-parser returned as a string, or as an object when it had attributes. */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  const inner = asObject(value)["#text"];
  return typeof inner === "string" ? inner : "";
}

function optionalText(value: unknown): string | null {
  const t = text(value).trim();
  return t === "" ? null : t;
}

function attribute(value: unknown, name: string): string | null {
  const v = asObject(value)[`@_${name}`];
  return typeof v === "string" ? v : null;
}

function describeStart(xml: string): string {
  const start = xml.trimStart().slice(0, 60).replace(/\s+/g, " ");
  return start === "" ? "the body is empty" : `it starts with "${start}"`;
}
